/**
 * Renders a Helm chart directory the way `helm template` does, with our Go-template engine
 * (go-template.ts) instead of the helm binary: Chart.yaml as .Chart, values.yaml deep-merged with
 * the caller's values as .Values, .Release, .Capabilities.KubeVersion and .Template; every file in
 * templates/ parsed first so their `define`s are shared (and each file can be included by its
 * name, as Helm allows); files starting with `_` and NOTES.txt produce no manifests; each output
 * is split into YAML documents and empty ones are dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { execute, parseTemplate, type RenderContext } from './go-template';
import { KUBERNETES_VERSION } from '../k8s/sandbox';

export type Values = Record<string, unknown>;

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** Merged over values.yaml (maps deep-merged; null removes a key, as `helm --set x=null`). */
  values?: Values;
}

export interface RenderedDocument {
  /** `<chart>/templates/<file>`, as helm prints in `# Source:`. */
  source: string;
  text: string;
  object: Record<string, unknown>;
}

export class ChartError extends Error {
  constructor(readonly chartDir: string, detail: string) {
    super(`chart ${chartDir}: ${detail}`);
    this.name = 'ChartError';
  }
}

function isMap(v: unknown): v is Values {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Helm's coalesce: override wins; maps merge key by key; null deletes. */
export function mergeValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeValues(out[k] as Values, v);
    else out[k] = v;
  }
  return out;
}

/** `a.b.c=value` (helm's --set, for scalars: numbers, true/false, null, else strings) into a values tree. */
export function setValue(values: Values, assignment: string): Values {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new Error(`--set wants key=value, got "${assignment}"`);
  const keys = assignment.slice(0, eq).split('.');
  const raw = assignment.slice(eq + 1);
  const value: unknown = raw === 'null' ? null : raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  const tree: Values = {};
  let at = tree;
  keys.slice(0, -1).forEach((k) => (at = at[k] = {} as Values));
  at[keys[keys.length - 1]] = value;
  return mergeValues(values, tree);
}

/** Chart.yaml's keys as Helm exposes them on .Chart (name → Name, appVersion → AppVersion). */
function chartObject(meta: Values): Values {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), v]));
}

export function renderChart(chartDir: string, opts: RenderOptions = {}): RenderedDocument[] {
  const read = (rel: string) => fs.readFileSync(path.join(chartDir, rel), 'utf8');
  if (!fs.existsSync(path.join(chartDir, 'Chart.yaml'))) throw new ChartError(chartDir, 'no Chart.yaml');
  const meta = YAML.parse(read('Chart.yaml')) as Values;
  if (meta.apiVersion !== 'v2' || typeof meta.name !== 'string' || typeof meta.version !== 'string') throw new ChartError(chartDir, 'Chart.yaml needs apiVersion: v2, a name and a version');
  const defaults = fs.existsSync(path.join(chartDir, 'values.yaml')) ? ((YAML.parse(read('values.yaml')) as Values | null) ?? {}) : {};
  const values = mergeValues(defaults, opts.values ?? {});
  const chartName = meta.name;
  const files = fs.readdirSync(path.join(chartDir, 'templates')).filter((f) => /\.(ya?ml|tpl|txt)$/.test(f)).sort();
  const ctx: RenderContext = { defines: new Map() };
  const parsed = files.map((f) => {
    const name = `${chartName}/templates/${f}`;
    const nodes = parseTemplate(name, read(path.join('templates', f)), ctx);
    return { file: f, name, nodes };
  });
  // Helm names every file a template, so `include "<chart>/templates/x.yaml"` renders that file.
  for (const p of parsed) if (!ctx.defines.has(p.name)) ctx.defines.set(p.name, p.nodes);
  const kube = { Version: KUBERNETES_VERSION.gitVersion, Major: KUBERNETES_VERSION.major, Minor: KUBERNETES_VERSION.minor, GitVersion: KUBERNETES_VERSION.gitVersion };
  const base = {
    Values: values,
    Chart: chartObject(meta),
    Release: { Name: opts.releaseName ?? 'kubelab', Namespace: opts.namespace ?? 'default', Service: 'Helm', IsInstall: true, IsUpgrade: false, Revision: 1 },
    Capabilities: { KubeVersion: kube },
  };
  const docs: RenderedDocument[] = [];
  for (const p of parsed) {
    if (p.file.startsWith('_') || p.file === 'NOTES.txt') continue;
    const text = execute(p.name, p.nodes, { ...base, Template: { Name: p.name, BasePath: `${chartName}/templates` } }, ctx);
    for (const part of text.split(/^---[ \t]*$/m)) {
      if (part.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) continue;
      let object: unknown;
      try {
        object = YAML.parse(part);
      } catch (err) {
        throw new ChartError(chartDir, `${p.name} rendered YAML that does not parse: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!isMap(object)) throw new ChartError(chartDir, `${p.name} rendered a document that is not an object`);
      docs.push({ source: p.name, text: part.replace(/^\n+/, ''), object });
    }
  }
  return docs;
}

/** The documents as `helm template` prints them. */
export function printManifests(docs: RenderedDocument[]): string {
  return docs.map((d) => `---\n# Source: ${d.source}\n${d.text.replace(/\s+$/, '')}\n`).join('');
}
