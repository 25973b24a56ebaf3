'use client';

/**
 * The bench's editing half: a tab per lesson manifest, the YAML editor, Apply / Diff /
 * Delete / Reset, and the per-document results. Drafts are saved (debounced) per learner
 * and restored on return; "Reset" brings back the lesson's version.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentResult } from '@/lib/k8s/client/apply';
import { LazyYamlEditor } from '@/components/editor/LazyYamlEditor';
import { labApi, LabRequestError } from './lab-api';
import { DiffView } from './DiffView';
import { useEditorBuffer } from './editor-buffer';

export interface BenchManifest {
  file: string;
  title: string;
  content: string;
}

type Busy = 'apply' | 'diff' | 'delete' | undefined;

const ACTION_STYLE: Record<string, string> = {
  created: 'text-[var(--ok)]',
  configured: 'text-[var(--accent)]',
  unchanged: 'text-[var(--fg-soft)]',
  deleted: 'text-[var(--accent)]',
  skipped: 'text-[var(--fg-soft)]',
  error: 'text-[var(--danger)]',
};

export function ManifestEditor({ lesson, manifests }: { lesson: string; manifests: BenchManifest[] }) {
  const [tab, setTab] = useState(manifests[0]?.file ?? 'scratch.yaml');
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(manifests.map((m) => [m.file, m.content])));
  const [results, setResults] = useState<DocumentResult[] | undefined>();
  const [diff, setDiff] = useState<DocumentResult[] | undefined>();
  const [busy, setBusy] = useState<Busy>();
  const [error, setError] = useState<string | undefined>();
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const original = useMemo(() => Object.fromEntries(manifests.map((m) => [m.file, m.content])), [manifests]);
  const tabs = manifests.length ? manifests : [{ file: 'scratch.yaml', title: 'Scratch', content: '' }];
  const text = texts[tab] ?? '';
  const editorBuffer = useEditorBuffer();
  useEffect(() => editorBuffer.set(text), [editorBuffer, text]);

  useEffect(() => {
    let live = true;
    labApi.drafts(lesson).then(({ drafts }) => {
      if (!live || drafts.length === 0) return;
      setTexts((t) => ({ ...t, ...Object.fromEntries(drafts.map((d) => [d.tab, d.content])) }));
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [lesson]);

  const onChange = (value: string) => {
    setTexts((t) => ({ ...t, [tab]: value }));
    clearTimeout(saveTimer.current);
    const currentTab = tab;
    saveTimer.current = setTimeout(() => void labApi.saveDraft(lesson, currentTab, value).catch(() => undefined), 800);
  };

  const run = useCallback(async (kind: Exclude<Busy, undefined>) => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === 'diff') {
        setDiff((await labApi.apply(texts[tab] ?? '', true)).results);
      } else {
        const r = kind === 'apply' ? await labApi.apply(texts[tab] ?? '') : await labApi.remove(texts[tab] ?? '');
        setResults(r.results);
        setDiff(undefined);
      }
    } catch (e) {
      setError(e instanceof LabRequestError ? e.message : String(e));
    } finally {
      setBusy(undefined);
    }
  }, [tab, texts]);

  const resetTab = () => {
    setTexts((t) => ({ ...t, [tab]: original[tab] ?? '' }));
    void labApi.dropDraft(lesson, tab).catch(() => undefined);
    setResults(undefined);
  };

  const problems = (results ?? []).flatMap((r) => r.problems);
  const edited = text !== (original[tab] ?? '');

  return (
    <section aria-label="Manifest editor" className="space-y-3">
      <div role="tablist" aria-label="Manifests" className="flex gap-1 overflow-x-auto">
        {tabs.map((m) => (
          <button
            key={m.file}
            role="tab"
            aria-selected={m.file === tab}
            title={m.file}
            onClick={() => { setTab(m.file); setResults(undefined); setDiff(undefined); }}
            className={`whitespace-nowrap rounded-t-md border-b-2 px-2.5 py-1.5 font-mono text-xs ${m.file === tab ? 'border-[var(--accent)] text-[var(--fg)]' : 'border-transparent text-[var(--fg-soft)] hover:text-[var(--fg)]'}`}
          >
            {m.file.split('/').pop()}
          </button>
        ))}
      </div>
      <LazyYamlEditor path={`${lesson}/${tab}`} value={text} onChange={onChange} problems={problems} onApply={() => void run('apply')} />
      <div className="flex flex-wrap items-center gap-2">
        <button onClick={() => void run('apply')} disabled={busy !== undefined} className="rounded-md bg-[var(--accent)] px-3 py-1.5 text-sm font-semibold text-[var(--accent-fg)] disabled:opacity-60" title="Apply (Ctrl+Enter)">
          {busy === 'apply' ? 'Applying…' : 'Apply'}
        </button>
        <button onClick={() => void run('diff')} disabled={busy !== undefined} className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm">
          {busy === 'diff' ? 'Comparing…' : 'Diff'}
        </button>
        <button onClick={() => void run('delete')} disabled={busy !== undefined} className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm">
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
        <button onClick={resetTab} disabled={!edited} className="ml-auto rounded-md px-2 py-1.5 text-xs text-[var(--fg-soft)] underline-offset-2 hover:underline disabled:no-underline disabled:opacity-50">
          Reset to the lesson&apos;s version
        </button>
      </div>
      {error && <p role="alert" className="rounded-md border border-[var(--danger)] p-2 text-sm text-[var(--danger)]">{error}</p>}
      {diff && <DiffView results={diff} onClose={() => setDiff(undefined)} />}
      {results && (
        <ul aria-label="Apply results" className="space-y-1 rounded-md border border-[var(--border)] p-2 font-mono text-xs">
          {results.length === 0 && <li className="text-[var(--fg-soft)]">Nothing to apply: the editor has no documents.</li>}
          {results.map((r) => (
            <li key={r.document}>
              <span className={ACTION_STYLE[r.action]}>{r.summary}</span>
              {r.problems.map((p, i) => (
                <span key={i} className="block pl-3 text-[var(--danger)]">
                  line {p.line}: {p.message}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
