/**
 * The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go PriorityQueue),
 * reduced to one cluster's needs:
 *  - activeQ: popped by priority (spec.priority, higher first), then creation time
 *    (the PrioritySort plugin), then name for determinism;
 *  - backoffQ: a pod that failed waits 1s·2^(attempts−1), at most 10s, before it is active;
 *  - unschedulable pods wait for a cluster change (moveAll) and are flushed back anyway
 *    after UNSCHEDULABLE_FLUSH_MS (upstream keeps them up to 5 minutes, checked every 30s).
 * A change seen while a pod was being scheduled sends it to backoff rather than to the
 * unschedulable pool, so the change is not missed (upstream's moveRequestCycle).
 */
import type { ClockPort } from '../core/clock-port';

export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
export const UNSCHEDULABLE_FLUSH_MS = 60_000;

export interface QueuedPodInfo {
  uid: string;
  /** namespace/name, to read the latest pod when it is popped. */
  key: string;
  priority: number;
  created: string;
  attempts: number;
  lastFailureMs?: number;
}

export function backoffDuration(attempts: number): number {
  let d = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts && d < MAX_BACKOFF_MS; i++) d *= 2;
  return Math.min(d, MAX_BACKOFF_MS);
}

/** PrioritySort's Less: higher priority first, then older, then by key. */
export function lessQueued(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.created !== b.created) return a.created < b.created;
  return a.key < b.key;
}

interface Waiting {
  info: QueuedPodInfo;
  cancel: () => void;
}

export class SchedulingQueue {
  private readonly active = new Map<string, QueuedPodInfo>();
  private readonly backoff = new Map<string, Waiting>();
  private readonly unschedulable = new Map<string, Waiting>();
  private readonly inFlight = new Map<string, { info: QueuedPodInfo; moveSeen: number }>();
  private moves = 0;

  constructor(private readonly clock: ClockPort, private readonly onReady: () => void) {}

  has(uid: string): boolean {
    return this.active.has(uid) || this.backoff.has(uid) || this.unschedulable.has(uid) || this.inFlight.has(uid);
  }

  /** A new (or newly schedulable) pod: straight to activeQ unless already queued somewhere. */
  add(info: Omit<QueuedPodInfo, 'attempts'>): void {
    if (this.has(info.uid)) return;
    this.active.set(info.uid, { ...info, attempts: 0 });
    this.onReady();
  }

  /** The pod changed in a way that may make it schedulable: retry it (after its backoff). */
  activate(uid: string, update?: Partial<Pick<QueuedPodInfo, 'priority' | 'key'>>): void {
    const waiting = this.unschedulable.get(uid);
    if (!waiting) {
      const a = this.active.get(uid) ?? this.backoff.get(uid)?.info;
      if (a && update) Object.assign(a, update);
      return;
    }
    if (update) Object.assign(waiting.info, update);
    waiting.cancel();
    this.unschedulable.delete(uid);
    this.requeueAfterBackoff(waiting.info);
  }

  /** moveAllToActiveOrBackoffQueue: a cluster change may help every unschedulable pod (or those pred selects). */
  moveAll(pred: (uid: string) => boolean = () => true): void {
    this.moves++;
    for (const [uid, w] of [...this.unschedulable]) {
      if (!pred(uid)) continue;
      w.cancel();
      this.unschedulable.delete(uid);
      this.requeueAfterBackoff(w.info);
    }
  }

  pop(): QueuedPodInfo | undefined {
    let best: QueuedPodInfo | undefined;
    for (const i of this.active.values()) if (!best || lessQueued(i, best)) best = i;
    if (!best) return undefined;
    this.active.delete(best.uid);
    this.inFlight.set(best.uid, { info: best, moveSeen: this.moves });
    return best;
  }

  /** The cycle for uid ended with the pod bound (or gone): forget it. */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  /** The cycle failed: backoff if the cluster changed meanwhile, else the unschedulable pool. */
  failed(uid: string): void {
    const f = this.inFlight.get(uid);
    if (!f) return;
    this.inFlight.delete(uid);
    f.info.attempts++;
    f.info.lastFailureMs = this.clock.now();
    if (this.moves !== f.moveSeen) return this.requeueAfterBackoff(f.info);
    const cancel = this.clock.setTimer(UNSCHEDULABLE_FLUSH_MS, () => {
      if (this.unschedulable.delete(uid)) this.requeueAfterBackoff(f.info);
    });
    this.unschedulable.set(uid, { info: f.info, cancel });
  }

  /** An error (not a fit failure): retry after the backoff. */
  retry(uid: string): void {
    const f = this.inFlight.get(uid);
    if (!f) return;
    this.inFlight.delete(uid);
    f.info.attempts++;
    f.info.lastFailureMs = this.clock.now();
    this.requeueAfterBackoff(f.info);
  }

  delete(uid: string): void {
    this.active.delete(uid);
    this.inFlight.delete(uid);
    for (const m of [this.backoff, this.unschedulable]) {
      m.get(uid)?.cancel();
      m.delete(uid);
    }
  }

  /** Where the pod waits now, for tests and the portal. */
  where(uid: string): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    if (this.active.has(uid)) return 'active';
    if (this.backoff.has(uid)) return 'backoff';
    if (this.unschedulable.has(uid)) return 'unschedulable';
    if (this.inFlight.has(uid)) return 'inFlight';
    return undefined;
  }

  get activeLength(): number {
    return this.active.size;
  }

  shutdown(): void {
    for (const m of [this.backoff, this.unschedulable]) {
      for (const w of m.values()) w.cancel();
      m.clear();
    }
    this.active.clear();
    this.inFlight.clear();
  }

  private requeueAfterBackoff(info: QueuedPodInfo): void {
    const remaining = info.lastFailureMs === undefined ? 0 : info.lastFailureMs + backoffDuration(info.attempts) - this.clock.now();
    if (remaining <= 0) {
      this.active.set(info.uid, info);
      this.onReady();
      return;
    }
    if (this.backoff.has(info.uid)) return;
    const cancel = this.clock.setTimer(remaining, () => {
      if (!this.backoff.delete(info.uid)) return;
      this.active.set(info.uid, info);
      this.onReady();
    });
    this.backoff.set(info.uid, { info, cancel });
  }
}
