/**
 * Monaco, served from our own bundle (never a CDN), with monaco-yaml and the Kubernetes
 * schema. Imported only by the lazily loaded editor, so reading a lesson never pays for it.
 *
 * Two traps handled here (see the stack notes): @monaco-editor/react fetches Monaco from a
 * CDN unless given our instance; and monaco-yaml 5.5 calls `monaco.editor.createWebWorker`
 * with an options shape Monaco 0.57 no longer takes, silently falling back to no validation,
 * so it gets a monaco whose createWebWorker is the internal one that still accepts it.
 */
import * as monaco from 'monaco-editor';
import { loader } from '@monaco-editor/react';
import { configureMonacoYaml } from 'monaco-yaml';
import { createWebWorker } from 'monaco-editor/internal/common/workers';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

let ready: Promise<typeof monaco> | undefined;

export const MODEL_SCHEME = 'kubelab';
/** The editor's dark theme: vs-dark with comments readable on the current line's highlight. */
export const DARK_THEME = 'kubelab-dark';

/** Sets Monaco up once per page: workers, YAML language service, schema. */
export function setupMonaco(): Promise<typeof monaco> {
  ready ??= (async () => {
    window.MonacoEnvironment = {
      getWorker(_id: string, label: string) {
        if (label === 'yaml') return new Worker(new URL('monaco-yaml/yaml.worker', import.meta.url), { type: 'module' });
        return new Worker(new URL('monaco-editor/editor/editor.worker.js', import.meta.url), { type: 'module' });
      },
    };
    loader.config({ monaco });
    const response = await fetch('/api/schemas/kubernetes');
    const schema = (await response.json()) as object;
    const patched = { ...monaco, editor: { ...monaco.editor, createWebWorker } } as unknown as typeof monaco;
    configureMonacoYaml(patched, {
      enableSchemaRequest: false,
      hover: true,
      completion: true,
      validate: true,
      format: { enable: true },
      schemas: [{ uri: `${location.origin}/api/schemas/kubernetes`, fileMatch: [`${MODEL_SCHEME}://*`, '*'], schema }],
    });
    // vs-dark's comment green (#6A9955) reads at 4.4:1 on the current line's highlight, under
    // WCAG's 4.5:1; a lighter green keeps comments legible (7:1) on every dark line.
    monaco.editor.defineTheme(DARK_THEME, { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '8FBF7F' }], colors: {} });
    return monaco;
  })();
  return ready;
}
