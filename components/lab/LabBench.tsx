'use client';

/**
 * The lab bench beside a lesson: the learner's own cluster (opened on first use), the
 * manifest editor, and live views of nodes, pods and events, updated from the watch stream.
 * Below the lesson (a phone) it shows one pane at a time; the terminal and the logs can fill
 * the bench (focus mode). What shows where is decided by bench-layout.ts.
 */
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { ManifestEditor, type BenchManifest } from './ManifestEditor';
import { EditorBufferContext, createEditorBuffer } from './editor-buffer';
import { NodeBoard } from './NodeBoard';
import { EventList } from './EventList';
import { ClockBar } from './ClockBar';
import { LogView } from './LogView';
import { WorkloadCards } from './WorkloadCards';
import { itemsOf } from '@/lib/k8s/watch/reducer';
import { parseSchedule } from '@/lib/k8s/sandbox/pure';
import { clusterStore, useCluster } from './cluster-store';
import { LabRequestError, labApi } from './lab-api';
import { pausedNotice } from './paused-notice';
import { LazyTerminal } from './LazyTerminal';
import { InstructorNotices } from './InstructorNotices';
import { BackToStep } from './BackToStep';
import { LEFT_STEP_EVENT } from './back-to-step';
import { useBenchBelowLesson } from './use-bench-below-lesson';
import { BenchSwitcher } from './BenchSwitcher';
import { INITIAL_CHOICE, PANE_LABELS, VIEW_LABELS, benchLayout, canFocus, chooseFocus, choosePane, chooseView, type BenchChoice, type BenchView } from './bench-layout';

export function LabBench({ lesson, manifests }: { lesson: string; manifests: BenchManifest[] }) {
  const [opened, setOpened] = useState<'opening' | 'yes' | 'failed' | 'full'>('opening');
  const [error, setError] = useState<string | undefined>();
  const [paused, setPaused] = useState<string | undefined>();
  const [choice, setChoice] = useState<BenchChoice>(INITIAL_CHOICE);
  // Once opened, the terminal and the logs stay mounted (hidden while another view shows) so
  // their output, a running command and the chosen pod survive a look at the nodes.
  const [seen, setSeen] = useState<{ terminal: boolean; logs: boolean }>({ terminal: false, logs: false });
  const [now, setNow] = useState(() => Date.now());
  const narrow = useBenchBelowLesson();
  const layout = benchLayout(choice, narrow);
  // The editor's text for the terminal's `kubectl apply -f editor`: this bench's own.
  const [editorBuffer] = useState(createEditorBuffer);
  const aside = useRef<HTMLElement>(null);

  // Set when the learner picks a view or pane, so the effect below brings it into sight.
  const reveal = useRef(false);
  const choose = (next: BenchChoice) => {
    reveal.current = true;
    setChoice(next);
    if (next.view === 'terminal' || next.view === 'logs') setSeen((s) => (s[next.view as 'terminal' | 'logs'] ? s : { ...s, [next.view]: true }));
  };

  // "Open in editor" on a phone: the editor pane must show before the page scrolls to it (the
  // event is sent just before the scroll, so the pane switch is flushed at once).
  useEffect(() => {
    const onLeft = () => {
      reveal.current = false; // the step's own scroll to the editor follows
      flushSync(() => setChoice((c) => (c.pane === 'editor' ? c : choosePane(c, 'editor'))));
    };
    window.addEventListener(LEFT_STEP_EVENT, onLeft);
    return () => window.removeEventListener(LEFT_STEP_EVENT, onLeft);
  }, []);

  // Entering focus mode shows the whole bench: below the lesson the page scrolls to it (under the
  // header: the page's scroll-padding-top keeps it clear, as for anchors); beside
  // the lesson its own scroll goes back to the top (scrolling the page would move the lesson).
  useEffect(() => {
    if (!layout.focused) return;
    if (narrow) aside.current?.scrollIntoView({ block: 'start' });
    else aside.current?.parentElement?.scrollTo({ top: 0 });
  }, [layout.focused, narrow]);

  // A view just picked is shown whole. Below the lesson: a pane picked from the switcher while it
  // sticks under the header starts above the screen, so the bench scrolls back to its top.
  // Beside it: the terminal or the logs sit at the foot of the bench, below the fold; the bench's
  // own scroll brings their tab row to its top (the page and the lesson stay where they are).
  const shown = layout.shown;
  useEffect(() => {
    if (!reveal.current) return;
    reveal.current = false;
    const el = aside.current;
    if (!el) return;
    if (narrow) {
      if (el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: 'start' });
      return;
    }
    const tabs = el.querySelector('[role=tablist][aria-label="Cluster views"]');
    const scroller = el.parentElement;
    if (!tabs || !scroller || layout.focused || (shown !== 'terminal' && shown !== 'logs')) return;
    scroller.scrollTop += tabs.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
  }, [shown, choice.pane, narrow, layout.focused]);

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

  // Escape leaves focus mode, except inside the terminal, where the shell owns every key.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape' || !layout.focused || (e.target as Element).closest?.('.xterm')) return;
    choose(chooseFocus(choice, false));
  };

  const viewHeight = (view: 'terminal' | 'logs') => (layout.focused ? 'h-full' : narrow ? 'h-[60dvh]' : view === 'terminal' ? 'h-72' : 'h-64');
  return (
    <EditorBufferContext.Provider value={editorBuffer}>
    <aside
      ref={aside}
      aria-label="Lab bench"
      onKeyDown={onKeyDown}
      className={`rounded-xl border border-[var(--border)] bg-[var(--bg-soft)] p-3 ${layout.focused ? 'flex h-[calc(100dvh-6rem)] flex-col gap-3' : 'space-y-4'}`}
    >
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
          {layout.switcher && <BenchSwitcher pane={choice.pane} labels={PANE_LABELS} onChoose={(pane) => choose(choosePane(choice, pane))} />}
          {/* Hidden, not unmounted: Monaco keeps its undo history and cursor across panes. */}
          <div hidden={!layout.editor}>
            <ManifestEditor lesson={lesson} manifests={manifests} />
          </div>
          {layout.clock && <ClockWithSchedules onNow={setNow} now={now} />}
          {layout.tabs.length > 0 && (
            <div role="tablist" aria-label="Cluster views" className="flex gap-1 overflow-x-auto border-b border-[var(--border)]">
              {layout.tabs.map((v) => (
                <button key={v} role="tab" aria-selected={shown === v} onClick={() => choose(chooseView(choice, v))} className={`-mb-px shrink-0 border-b-2 px-2 py-1 text-xs font-medium ${shown === v ? 'border-[var(--accent)]' : 'border-transparent text-[var(--fg-soft)]'}`}>
                  {VIEW_LABELS[v]}
                </button>
              ))}
            </div>
          )}
          {shown && canFocus(shown) && (
            <FocusToggle view={shown} focused={layout.focused} onToggle={() => choose(chooseFocus(choice, !layout.focused))} />
          )}
          {seen.terminal && (
            <div hidden={shown !== 'terminal'} className={layout.focused && shown === 'terminal' ? 'min-h-0 flex-1' : ''}>
              <LazyTerminal className={viewHeight('terminal')} />
            </div>
          )}
          {seen.logs && (
            <div hidden={shown !== 'logs'} className={layout.focused && shown === 'logs' ? 'min-h-0 flex-1' : ''}>
              <BenchLogs fill={layout.focused} className={viewHeight('logs')} />
            </div>
          )}
          {shown && shown !== 'terminal' && shown !== 'logs' && <ClusterViews view={shown} now={now} />}
          {layout.footer && <ResetCluster />}
        </>
      )}
    </aside>
    </EditorBufferContext.Provider>
  );
}

/** The button that lets the terminal or the logs fill the bench, and brings the bench back. */
function FocusToggle({ view, focused, onToggle }: { view: 'terminal' | 'logs'; focused: boolean; onToggle(): void }) {
  const what = view === 'terminal' ? 'the terminal' : 'the logs';
  return (
    <div className="flex justify-end">
      <button
        type="button"
        aria-pressed={focused}
        onClick={onToggle}
        title={focused ? `Show the editor and the clock again${view === 'logs' ? ' (Esc)' : ''}` : `Let ${what} fill the bench`}
        className="rounded-md border border-[var(--border)] px-2 py-0.5 text-xs text-[var(--fg-soft)] hover:text-[var(--fg)]"
      >
        {focused ? '⤡ Exit focus' : `⤢ Focus ${view === 'terminal' ? 'terminal' : 'logs'}`}
      </button>
    </div>
  );
}

function BenchLogs({ fill, className }: { fill: boolean; className: string }) {
  const { state } = useCluster();
  return <LogView state={state} fill={fill} className={className} />;
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

function ClusterViews({ view, now }: { view: Exclude<BenchView, 'terminal' | 'logs'>; now: number }) {
  const { state } = useCluster();
  if (!state.nodes?.synced) return <p className="text-xs text-[var(--fg-soft)]">Connecting to your cluster…</p>;
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
