'use client';

/** Logs of a pod's container, like `kubectl logs [-f] [--previous] pod -c container`. */
import { useEffect, useRef, useState } from 'react';
import { itemsOf, type ClusterState } from '@/lib/k8s/watch/reducer';

interface PodSpecLike {
  containers?: { name: string }[];
  initContainers?: { name: string }[];
}

const MAX_CHARS = 200_000;

/** `logsUrl`: where logs come from (the instructor's inspect view reads a learner's through its own route, with its query). */
export function LogView({ state, logsUrl = '/api/lab/logs' }: { state: ClusterState; logsUrl?: string }) {
  const pods = itemsOf(state, 'pods');
  const [pod, setPod] = useState('');
  const [container, setContainer] = useState('');
  const [follow, setFollow] = useState(true);
  const [previous, setPrevious] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const pre = useRef<HTMLPreElement>(null);

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

  useEffect(() => {
    const el = pre.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);

  return (
    <div className="space-y-2 text-xs">
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
      </div>
      {error && <p role="alert" className="text-[var(--danger)]">{error}</p>}
      <pre ref={pre} aria-label="Log output" className="h-64 overflow-auto rounded-md border border-[var(--border)] bg-[var(--bg)] p-2 font-mono text-[11px] leading-snug">
        {pod ? text || (error ? '' : 'No output yet.') : 'Choose a pod to see its log.'}
      </pre>
    </div>
  );
}
