'use client';

/**
 * The lab bench beside a lesson: the learner's own cluster (opened on first use), the
 * manifest editor, and live views of nodes, pods and events, updated from the watch stream.
 */
import { useEffect, useState } from 'react';
import { ManifestEditor, type BenchManifest } from './ManifestEditor';
import { NodeBoard } from './NodeBoard';
import { EventList } from './EventList';
import { ClockBar } from './ClockBar';
import { LogView } from './LogView';
import { WorkloadCards } from './WorkloadCards';
import { itemsOf } from '@/lib/k8s/watch/reducer';
import { parseSchedule } from '@/lib/k8s/sandbox/controllers/cronjob/schedule';
import { clusterStore, useCluster } from './cluster-store';
import { LabRequestError, labApi } from './lab-api';
import { pausedNotice } from './paused-notice';
import { LazyTerminal } from './LazyTerminal';
import { InstructorNotices } from './InstructorNotices';
import { BackToStep } from './BackToStep';

type View = 'nodes' | 'workloads' | 'events' | 'logs' | 'terminal';

const VIEW_LABELS: Record<View, string> = { nodes: 'Nodes', workloads: 'Workloads', events: 'Events', logs: 'Logs', terminal: 'Terminal' };

export function LabBench({ lesson, manifests }: { lesson: string; manifests: BenchManifest[] }) {
  const [opened, setOpened] = useState<'opening' | 'yes' | 'failed' | 'full'>('opening');
  const [error, setError] = useState<string | undefined>();
  const [paused, setPaused] = useState<string | undefined>();
  const [view, setView] = useState<View>('nodes');
  // Once opened, the terminal stays mounted (hidden on other tabs) so its output and a running
  // command survive a look at the nodes.
  const [terminalSeen, setTerminalSeen] = useState(false);
  const [tallTerminal, setTallTerminal] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => labApi.session().then((s) => {
      if (!live) return;
      setPaused(pausedNotice(s.pausedSeconds));
      setOpened('yes');
    }, (e: unknown) => {
      if (!live) return;
      setError(String((e as Error).message ?? e));
      // A full class (503) is a wait, not a failure: say so and try again by itself.
      if (e instanceof LabRequestError && e.status === 503) {
        setOpened('full');
        retry = setTimeout(open, 60_000);
        return;
      }
      setOpened('failed');
    });
    void open();
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, []);

  return (
    <aside aria-label="Lab bench" className="space-y-4 rounded-xl border border-[var(--border)] bg-[var(--bg-soft)] p-3">
      <BackToStep />
      <header className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Lab bench</h2>
        <span className="flex items-center gap-3">
          <WideToggle />
          {opened === 'yes' && <ConnectionBadge />}
        </span>
      </header>
      {opened === 'failed' && <p role="alert" className="text-sm text-[var(--danger)]">Your cluster could not be opened: {error}</p>}
      {opened === 'full' && <p role="status" className="text-sm text-[var(--fg-soft)]">{error} The bench tries again by itself every minute.</p>}
      {opened === 'opening' && <p className="text-sm text-[var(--fg-soft)]">Opening your cluster…</p>}
      {opened === 'yes' && paused && (
        <p role="status" className="flex items-start justify-between gap-2 rounded border border-[var(--border)] p-2 text-sm">
          <span>{paused}</span>
          <button type="button" onClick={() => setPaused(undefined)} className="text-xs underline">Dismiss</button>
        </p>
      )}
      {opened === 'yes' && <InstructorNotices />}
      {opened === 'yes' && (
        <>
          <ManifestEditor lesson={lesson} manifests={manifests} />
          <ClockWithSchedules onNow={setNow} now={now} />
          <div role="tablist" aria-label="Cluster views" className="flex gap-1 border-b border-[var(--border)]">
            {(Object.keys(VIEW_LABELS) as View[]).map((v) => (
              <button key={v} role="tab" aria-selected={view === v} onClick={() => {
                setView(v);
                if (v === 'terminal') setTerminalSeen(true);
              }} className={`-mb-px border-b-2 px-2 py-1 text-xs font-medium ${view === v ? 'border-[var(--accent)]' : 'border-transparent text-[var(--fg-soft)]'}`}>
                {VIEW_LABELS[v]}
              </button>
            ))}
          </div>
          {terminalSeen && (
            <div hidden={view !== 'terminal'} className="space-y-1">
              <div className="flex justify-end">
                <button type="button" aria-pressed={tallTerminal} onClick={() => setTallTerminal((t) => !t)} className="text-xs text-[var(--fg-soft)] underline-offset-2 hover:underline">
                  {tallTerminal ? 'Shorter terminal' : 'Taller terminal'}
                </button>
              </div>
              <LazyTerminal className={tallTerminal ? 'h-[70vh]' : 'h-72'} />
            </div>
          )}
          {view !== 'terminal' && <ClusterViews view={view} now={now} />}
          <ResetCluster />
        </>
      )}
    </aside>
  );
}

/** The clock bar, told when the soonest CronJob run is so it can skip straight to it. */
function ClockWithSchedules({ onNow, now }: { onNow(ms: number): void; now: number }) {
  const { state } = useCluster();
  let next: number | undefined;
  for (const cj of itemsOf(state, 'cronjobs')) {
    const spec = (cj.spec ?? {}) as { schedule?: string; timeZone?: string; suspend?: boolean };
    if (spec.suspend || !spec.schedule) continue;
    try {
      const t = parseSchedule(spec.schedule, spec.timeZone).next(now);
      if (next === undefined || t < next) next = t;
    } catch {
      // an unparseable schedule has no next run; its CronJob shows the controller's warning
    }
  }
  return <ClockBar onNow={onNow} nextCronRun={next} />;
}

function ClusterViews({ view, now }: { view: Exclude<View, 'terminal'>; now: number }) {
  const { state } = useCluster();
  if (!state.nodes?.synced) return <p className="text-xs text-[var(--fg-soft)]">Connecting to your cluster…</p>;
  if (view === 'logs') return <LogView state={state} />;
  if (view === 'workloads') return <WorkloadCards state={state} now={now} />;
  return view === 'nodes' ? <NodeBoard state={state} now={now} /> : <EventList state={state} now={now} />;
}

/** Widens the bench to half the page on large screens (kept for the next visit). */
function WideToggle() {
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const stored = localStorage.getItem('kubelab-bench-wide') === '1';
    document.documentElement.classList.toggle('bench-wide', stored);
    const t = setTimeout(() => setWide(stored), 0);
    return () => clearTimeout(t);
  }, []);
  const toggle = () => {
    const next = !wide;
    setWide(next);
    document.documentElement.classList.toggle('bench-wide', next);
    localStorage.setItem('kubelab-bench-wide', next ? '1' : '0');
  };
  return (
    <button onClick={toggle} aria-pressed={wide} className="hidden text-xs text-[var(--fg-soft)] underline-offset-2 hover:underline xl:inline" title="Give the bench half the page">
      {wide ? 'Narrow bench' : 'Wide bench'}
    </button>
  );
}

function ConnectionBadge() {
  const { connection } = useCluster();
  const label = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting…', failed: 'disconnected' }[connection];
  const tone = connection === 'live' ? 'bg-[var(--ok)]' : connection === 'failed' ? 'bg-[var(--danger)]' : 'bg-[var(--warn)]';
  return (
    <span className="flex items-center gap-1 text-xs text-[var(--fg-soft)]" aria-live="polite">
      <span className={`inline-block h-2 w-2 rounded-full ${tone}`} aria-hidden /> {label}
    </span>
  );
}

function ResetCluster() {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex items-center justify-end gap-2 text-xs">
      {confirming ? (
        <>
          <span>Replace your cluster with a fresh one?</span>
          <button className="rounded-md border border-[var(--danger)] px-2 py-0.5 text-[var(--danger)]" onClick={() => void labApi.reset().then(() => { setConfirming(false); clusterStore.restart(); })}>Reset</button>
          <button className="px-2 py-0.5" onClick={() => setConfirming(false)}>Cancel</button>
        </>
      ) : (
        <>
          <a href="/api/lab/kubeconfig" className="text-[var(--accent)] underline-offset-2 hover:underline">Download kubeconfig</a>
          <button className="text-[var(--fg-soft)] underline-offset-2 hover:underline" onClick={() => setConfirming(true)}>Reset cluster</button>
        </>
      )}
    </div>
  );
}
