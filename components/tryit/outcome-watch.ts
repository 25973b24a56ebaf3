'use client';

/**
 * Follows the bench's cluster store from a Try-it's Apply on: each new snapshot advances the
 * timeline and re-reads the answer; the first settled answer is kept, so a later change (the
 * learner cleaning up, a CronJob's next run) does not rewrite what was observed.
 */
import { clusterStore } from '@/components/lab/cluster-store';
import { observe, type Observation, type Observer } from '@/lib/tryit/observe';
import { advanceTimeline, type Timeline } from '@/lib/tryit/timeline';

export class OutcomeWatch {
  private timeline: Timeline;
  private current: Observation;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(baseline: Timeline, private readonly observer: Observer) {
    this.timeline = baseline;
    this.current = this.read();
  }

  private read(): Observation {
    const { state } = clusterStore.get();
    this.timeline = advanceTimeline(this.timeline, state);
    return observe(this.observer, state, this.timeline);
  }

  private onCluster = () => {
    if (this.current.settled) return;
    this.current = this.read();
    for (const l of this.listeners) l();
  };

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    this.unsubscribe ??= clusterStore.subscribe(this.onCluster);
    return () => {
      this.listeners.delete(cb);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
      }
    };
  };

  get = (): Observation => this.current;
}
