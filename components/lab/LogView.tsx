'use client';

/**
 * Logs of a pod's container, like `kubectl logs [-f] [--previous] pod -c container`, with a
 * filter (`| grep -i`) and a follow that keeps to the newest line only while the learner is
 * at the bottom: scrolling up to read stops it, "Latest" goes back down.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { itemsOf, type ClusterState } from '@/lib/k8s/watch/reducer';
import { LOG_FILTER_MAX, filterLog, type LogLine } from './log-filter';

interface PodSpecLike {
  containers?: { name: string }[];
  initContainers?: { name: string }[];
}

const MAX_CHARS = 200_000;
/** Within this many pixels of the bottom counts as "at the newest line" (a row and a half). */
const AT_BOTTOM_PX = 24;

/**
 * `logsUrl`: where logs come from (the instructor's inspect view reads a learner's through its own route, with its query).
 * `fill`: the view takes the height of its container (the bench's focus mode) instead of its own.
 */
export function LogView({ state, logsUrl = '/api/lab/logs', fill = false, className = 'h-64' }: { state: ClusterState; logsUrl?: string; fill?: boolean; className?: string }) {
  const pods = itemsOf(state, 'pods');
  const [pod, setPod] = useState('');
  const [container, setContainer] = useState('');
  const [follow, setFollow] = useState(true);
  const [previous, setPrevious] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [atBottom, setAtBottom] = useState(true);
  const pre = useRef<HTMLPreElement>(null);
  const filtered = useMemo(() => (query ? filterLog(text, query) : undefined), [text, query]);

  const chosen = pods.find((p) => p.metadata?.name === pod);
  const spec = (chosen?.spec ?? {}) as PodSpecLike;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name);
  const effectiveContainer = containers.includes(container) ? container : (spec.containers?.[0]?.name ?? '');
  // Re-read when the container starts, restarts or stops: a log that could not be read while
  // the container was being created becomes readable then.
  const statuses = ((chosen?.status ?? {}) as { containerStatuses?: { name: string; restartCount?: number; state?: Record<string, unknown> }[]; initContainerStatuses?: { name: string; restartCount?: number; state?: Record<string, unknown> }[] });
  const cs = [...(statuses.initContainerStatuses ?? []), ...(statuses.containerStatuses ?? [])].find((c) => c.name === effectiveContainer);
  const runKey = cs ? `${cs.restartCount ?? 0}:${Object.keys(cs.state ?? {}).join()}` : '';

  useEffect(() => {
    if (!pod || !effectiveContainer) return;
    const ac = new AbortController();
    const params = new URLSearchParams({ pod, container: effectiveContainer, tailLines: '500' });
    if (follow && !previous) params.set('follow', '1');
    if (previous) params.set('previous', '1');
    (async () => {
      setText('');
      setError(undefined);
      const res = await fetch(`${logsUrl}${logsUrl.includes('?') ? '&' : '?'}${params}`, { signal: ac.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        setError(body.message ?? `logs unavailable (${res.status})`);
        return;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        setText((t) => (t + chunk).slice(-MAX_CHARS));
      }
    })().catch((e: unknown) => {
      if ((e as Error).name !== 'AbortError') setError((e as Error).message);
    });
    return () => ac.abort();
  }, [pod, effectiveContainer, follow, previous, runKey, logsUrl]);

  // New output keeps the newest line in sight only if the learner has not scrolled up to read.
  useEffect(() => {
    const el = pre.current;
    if (el && atBottom) el.scrollTop = el.scrollHeight;
  }, [text, query, atBottom]);

  const onScroll = () => {
    const el = pre.current;
    if (el) setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_PX);
  };

  const empty = pod ? (error ? '' : 'No output yet.') : 'Choose a pod to see its log.';
  return (
    <div className={`text-xs ${fill ? 'flex h-full min-h-0 flex-col gap-2' : 'space-y-2'}`}>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1">
          Pod
          <select value={pod} onChange={(e) => setPod(e.target.value)} className="max-w-[12rem] rounded-md border border-[var(--border)] bg-[var(--bg)] px-1 py-0.5">
            <option value="">choose…</option>
            {pods.map((p) => <option key={p.metadata?.name} value={p.metadata?.name}>{p.metadata?.name}</option>)}
          </select>
        </label>
        {containers.length > 1 && (
          <label className="flex items-center gap-1">
            Container
            <select value={effectiveContainer} onChange={(e) => setContainer(e.target.value)} className="rounded-md border border-[var(--border)] bg-[var(--bg)] px-1 py-0.5">
              {containers.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
        )}
        <label className="flex items-center gap-1"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow</label>
        <label className="flex items-center gap-1"><input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> Previous</label>
        <input
          type="search"
          value={query}
          maxLength={LOG_FILTER_MAX}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            // Escape clears the filter first; with nothing to clear it reaches the bench (leaves focus mode).
            if (e.key === 'Escape' && query) {
              e.stopPropagation();
              setQuery('');
            }
          }}
          placeholder="Filter lines"
          aria-label="Filter log lines"
          className="min-w-0 flex-1 basis-28 rounded-md border border-[var(--border)] bg-[var(--bg)] px-1.5 py-0.5"
        />
        {filtered && <span aria-live="polite" className="text-[var(--fg-soft)]">{filtered.lines.length} of {filtered.total} lines</span>}
      </div>
      {error && <p role="alert" className="text-[var(--danger)]">{error}</p>}
      <div className={`relative ${fill ? 'min-h-0 flex-1' : ''}`}>
        <pre ref={pre} onScroll={onScroll} aria-label="Log output" tabIndex={0} className={`${fill ? 'h-full' : className} overflow-auto rounded-md border border-[var(--border)] bg-[var(--bg)] p-2 font-mono text-[11px] leading-snug`}>
          {filtered ? <FilteredLines lines={filtered.lines} /> : text || empty}
        </pre>
        {!atBottom && text && (
          <button
            type="button"
            onClick={() => setAtBottom(true)}
            className="absolute bottom-2 right-4 rounded-full border border-[var(--accent)] bg-[var(--bg)] px-2 py-0.5 text-[var(--accent)] shadow"
          >
            ↓ Latest
          </button>
        )}
      </div>
    </div>
  );
}

function FilteredLines({ lines }: { lines: LogLine[] }) {
  if (lines.length === 0) return <span className="text-[var(--fg-soft)]">No line matches the filter.</span>;
  return lines.map((l) => (
    <span key={l.number} className="block">
      {marked(l)}
    </span>
  ));
}

/** The line with each match in a <mark>. */
function marked(line: LogLine): React.ReactNode[] {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of line.matches) {
    if (start > at) parts.push(line.text.slice(at, start));
    parts.push(<mark key={start} className="rounded-sm bg-[var(--warn-soft)] text-[var(--fg)]">{line.text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < line.text.length) parts.push(line.text.slice(at));
  return parts;
}
