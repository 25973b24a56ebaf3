'use client';

/**
 * Follows the bench's cluster store from a Try-it's Apply on: each new snapshot advances the
 * timeline and re-reads the answer; the first settled answer is kept, so a later change (the
 * learner cleaning up, a CronJob's next run) does not rewrite what was observed.
 */
import { clusterStore } from '@/components/lab/cluster-store';
import { observe, type Observation, type Observer } from '@/lib/tryit/observe';
import { advanceTimeline, type Timeline } from '@/lib/tryit/timeline';
import { containerStarted, isLogObserver, readContainerLog } from '@/lib/tryit/observe-logs';

/** How often a container-log observer re-reads the log: logs grow without any watch event. */
const LOG_POLL_MS = 2000;

export class OutcomeWatch {
  private timeline: Timeline;
  private current: Observation;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;
  private log: string | undefined;
  private logPoll: ReturnType<typeof setInterval> | undefined;
  private readingLog = false;

  constructor(baseline: Timeline, private readonly observer: Observer) {
    this.timeline = baseline;
    this.current = this.read();
  }

  private read(): Observation {
    const { state } = clusterStore.get();
    this.timeline = advanceTimeline(this.timeline, state);
    return observe(this.observer, state, this.timeline, undefined, this.log);
  }

  private onCluster = () => {
    if (this.current.settled) return;
    this.current = this.read();
    for (const l of this.listeners) l();
  };

  private pollLog = async () => {
    const o = this.observer;
    if (this.current.settled || this.readingLog || !isLogObserver(o)) return;
    if (!containerStarted(clusterStore.get().state, o.pod, o.container)) return;
    this.readingLog = true;
    try {
      this.log = await readContainerLog(o.pod, o.container);
    } catch {
      // Not readable yet (the container restarting, the session renewing): the next poll retries.
    } finally {
      this.readingLog = false;
    }
    this.onCluster();
  };

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    this.unsubscribe ??= clusterStore.subscribe(this.onCluster);
    if (isLogObserver(this.observer)) this.logPoll ??= setInterval(() => void this.pollLog(), LOG_POLL_MS);
    return () => {
      this.listeners.delete(cb);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        clearInterval(this.logPoll);
        this.logPoll = undefined;
      }
    };
  };

  get = (): Observation => this.current;
}
