'use client';
/**
 * A learner's cluster as the instructor sees it: the bench's own node board, workload, events
 * and logs views, read-only (no node actions), fed by the instructor's inspect stream (the
 * server reads the learner's cluster; the learner's session is untouched).
 */
import { useEffect, useState } from 'react';
import { reduceCluster, type ClusterEvent, type ClusterState } from '@/lib/k8s/watch/reducer';
import { NodeBoard } from '@/components/lab/NodeBoard';
import { WorkloadCards } from '@/components/lab/WorkloadCards';
import { EventList } from '@/components/lab/EventList';
import { LogView } from '@/components/lab/LogView';

type View = 'nodes' | 'workloads' | 'events' | 'logs';
const LABELS: Record<View, string> = { nodes: 'Nodes', workloads: 'Workloads', events: 'Events', logs: 'Logs' };

export function InspectView({ classId, learnerId }: { classId: string; learnerId: string }) {
  const [state, setState] = useState<ClusterState>({});
  const [view, setView] = useState<View>('nodes');
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const query = `class=${encodeURIComponent(classId)}&learner=${encodeURIComponent(learnerId)}`;

  useEffect(() => {
    const es = new EventSource(`/api/instructor/inspect/stream?${query}`);
    let pending: ClusterEvent[] = [];
    let frame: number | undefined;
    // A reconnect streams the cluster from scratch: start from an empty state.
    es.onopen = () => {
      pending = [];
      setState({});
      setError(undefined);
    };
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setError('The stream of this cluster closed. Reload the page to try again.');
    };
    es.addEventListener('failure', (e) => setError((JSON.parse((e as MessageEvent<string>).data) as { message?: string }).message));
    es.onmessage = (e: MessageEvent<string>) => {
      pending.push(JSON.parse(e.data) as ClusterEvent);
      frame ??= requestAnimationFrame(() => {
        frame = undefined;
        const events = pending;
        pending = [];
        setState((s) => events.reduce(reduceCluster, s));
      });
    };
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      es.close();
      clearInterval(tick);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [query]);

  return (
    <section aria-label="Learner's cluster (read-only)" className="mt-4 space-y-3 rounded-xl border border-[var(--border)] bg-[var(--bg-soft)] p-3">
      <p className="text-xs text-[var(--fg-soft)]">Read-only: you see what the learner&apos;s bench shows; nothing here changes their cluster.</p>
      {error && <p role="alert" className="text-sm text-[var(--danger)]">{error}</p>}
      <div role="tablist" aria-label="Cluster views" className="flex gap-1 border-b border-[var(--border)]">
        {(Object.keys(LABELS) as View[]).map((v) => (
          <button key={v} role="tab" aria-selected={view === v} onClick={() => setView(v)} className={`-mb-px border-b-2 px-2 py-1 text-xs font-medium ${view === v ? 'border-[var(--accent)]' : 'border-transparent text-[var(--fg-soft)]'}`}>
            {LABELS[v]}
          </button>
        ))}
      </div>
      {!state.nodes?.synced ? (
        !error && <p className="text-xs text-[var(--fg-soft)]">Connecting to the learner&apos;s cluster…</p>
      ) : view === 'logs' ? (
        <LogView state={state} logsUrl={`/api/instructor/inspect/logs?${query}`} />
      ) : view === 'workloads' ? (
        <WorkloadCards state={state} now={now} />
      ) : view === 'events' ? (
        <EventList state={state} now={now} />
      ) : (
        <NodeBoard state={state} now={now} readOnly />
      )}
    </section>
  );
}
