'use client';

/**
 * The Kubernetes-aware YAML editor: Monaco with monaco-yaml (completion, hover, schema
 * squiggles), problems from Apply shown as error markers on their lines, Ctrl/Cmd+Enter to
 * apply. Loaded only through next/dynamic with ssr: false (see LazyYamlEditor).
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type * as Monaco from 'monaco-editor';
import { DARK_THEME, MODEL_SCHEME, setupMonaco } from './monaco-setup';

export interface EditorProblem {
  line: number;
  column?: number;
  message: string;
  source?: string;
}

export interface YamlEditorProps {
  /** Model identity: one model per lesson tab keeps undo history per tab. */
  path: string;
  value: string;
  onChange(value: string): void;
  problems?: EditorProblem[];
  onApply?(): void;
  ariaLabel?: string;
  height?: number | string;
}

const MARKER_OWNER = 'kubelab-apply';

function subscribeTheme(cb: () => void): () => void {
  const obs = new MutationObserver(cb);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => obs.disconnect();
}
const isDark = () => document.documentElement.classList.contains('dark');

export default function YamlEditor({ path, value, onChange, problems = [], onApply, ariaLabel = 'Kubernetes YAML editor', height = 360 }: YamlEditorProps) {
  const [monaco, setMonaco] = useState<typeof Monaco | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const applyRef = useRef(onApply);
  useEffect(() => {
    applyRef.current = onApply;
  }, [onApply]);
  const dark = useSyncExternalStore(subscribeTheme, isDark, () => false);

  useEffect(() => {
    let live = true;
    setupMonaco().then((m) => live && setMonaco(m), (e: unknown) => live && setFailed(String(e)));
    return () => {
      live = false;
    };
  }, []);

  // Apply problems become error markers on their lines (schema squiggles come from monaco-yaml).
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!monaco || !model) return;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, problems.map((p) => {
      const line = Math.min(Math.max(1, p.line), model.getLineCount());
      return {
        severity: monaco.MarkerSeverity.Error,
        message: p.message,
        source: p.source,
        startLineNumber: line,
        startColumn: Math.max(1, p.column ?? model.getLineFirstNonWhitespaceColumn(line)),
        endLineNumber: line,
        endColumn: model.getLineMaxColumn(line),
      };
    }));
  }, [monaco, problems, path]);

  const onMount: OnMount = (editor, m) => {
    editorRef.current = editor;
    // A handle for end-to-end tests and debugging (typing into Monaco from a test is lossy).
    (window as unknown as { __kubelabEditor?: Monaco.editor.IStandaloneCodeEditor }).__kubelabEditor = editor;
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => applyRef.current?.());
  };

  if (failed) return <p role="alert" className="rounded-md border border-[var(--border)] p-3 text-sm">The editor could not load: {failed}</p>;
  if (!monaco) return <div className="flex items-center justify-center rounded-md border border-[var(--border)] text-sm text-[var(--fg-soft)]" style={{ height }}>Loading the editor…</div>;
  return (
    <div className="overflow-hidden rounded-md border border-[var(--border)]" data-testid="yaml-editor">
      <Editor
        height={height}
        language="yaml"
        path={`${MODEL_SCHEME}://${path}`}
        value={value}
        theme={dark ? DARK_THEME : 'vs'}
        onChange={(v) => onChange(v ?? '')}
        onMount={onMount}
        options={{
          ariaLabel,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          insertSpaces: true,
          scrollBeyondLastLine: false,
          wordWrap: 'off',
          renderLineHighlight: 'line',
          automaticLayout: true,
          quickSuggestions: { other: true, comments: false, strings: true },
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
