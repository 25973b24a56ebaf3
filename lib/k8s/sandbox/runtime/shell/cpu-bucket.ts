/**
 * A cluster's CPU: a token bucket of interpreter steps refilled by WALL time (not the cluster's
 * virtual clock, which a learner can speed up 60×), shared by every container of the cluster.
 * Each container's Pacer takes steps in chunks; when the bucket is empty, takers wait in FIFO
 * order on a wall timer, so a cluster's twenty `while true; do :; done` loops share its rate
 * round-robin and leave the Node thread to the other clusters, instead of spinning it.
 */

/** Wall time and timers (injected: tests drive a manual one). */
export interface WallTimer {
  now(): number;
  setTimeout(fn: () => void, ms: number): () => void;
}

export const REAL_WALL_TIMER: WallTimer = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** What counts as a cluster keeping its CPU busy (CpuBucket.sustained), and over how long. */
export const SUSTAINED_STEPS_PER_SECOND = 2_000;
export const USAGE_WINDOW_MS = 5_000;

/** A waiting taker was killed (its process ended) before its steps were granted. */
export class CpuWaitAbortedError extends Error {
  constructor() {
    super('process killed while waiting for CPU');
    this.name = 'CpuWaitAbortedError';
  }
}

interface Waiter {
  steps: number;
  resolve(): void;
  reject(e: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class CpuBucket {
  private tokens: number;
  private last: number;
  private readonly queue: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;
  /** Steps granted so far, and how many takes had to wait (the benchmark and tests read them). */
  granted = 0;
  waits = 0;

  constructor(
    readonly stepsPerSecond: number,
    /** Steps that may run at once after an idle spell (a short script runs at full speed). */
    readonly burstSteps: number,
    private readonly wall: WallTimer = REAL_WALL_TIMER,
  ) {
    if (!(stepsPerSecond > 0) || !(burstSteps > 0)) throw new RangeError(`CpuBucket needs a positive rate and burst (got ${stepsPerSecond}, ${burstSteps})`);
    this.tokens = burstSteps;
    this.last = wall.now();
  }

  /**
   * Takes `steps` steps: undefined when the bucket has them now (and nobody waits before), else
   * a promise resolved, in arrival order, once the bucket has refilled enough. An abort of
   * `signal` rejects it with CpuWaitAbortedError and gives its place up.
   */
  take(steps: number, signal?: AbortSignal): Promise<void> | undefined {
    this.refill();
    if (this.queue.length === 0 && this.tokens >= steps) {
      this.tokens -= steps;
      this.used(steps);
      return undefined;
    }
    this.waits++;
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { steps: Math.min(steps, this.burstSteps), resolve, reject, signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          reject(new CpuWaitAbortedError());
          if (i === 0) this.reschedule();
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      if (this.queue.length === 1) this.reschedule();
    });
  }

  /**
   * Whether the cluster keeps its CPU busy: its steps over the last few wall seconds (an
   * exponentially decaying sum, time constant USAGE_WINDOW_MS) average more than
   * SUSTAINED_STEPS_PER_SECOND. A short script (`seq 1000` in a loop: 2,000 steps) is not; a busy
   * loop is, even when another bucket limits it below this one's rate.
   */
  get sustained(): boolean {
    return this.recentSteps(this.wall.now()) > (SUSTAINED_STEPS_PER_SECOND * USAGE_WINDOW_MS) / 1000;
  }

  private usage = 0;
  private usageAt = 0;

  private recentSteps(now: number): number {
    if (now > this.usageAt) {
      this.usage *= Math.exp(-(now - this.usageAt) / USAGE_WINDOW_MS);
      this.usageAt = now;
    }
    return this.usage;
  }

  private used(steps: number): void {
    this.recentSteps(this.wall.now());
    this.usage += steps;
    this.granted += steps;
  }

  /** Containers waiting for steps now. */
  get waiting(): number {
    return this.queue.length;
  }

  private refill(): void {
    const now = this.wall.now();
    if (now > this.last) this.tokens = Math.min(this.burstSteps, this.tokens + ((now - this.last) * this.stepsPerSecond) / 1000);
    this.last = now;
  }

  private reschedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const head = this.queue[0];
    if (!head) return;
    this.refill();
    const ms = Math.max(1, Math.ceil(((head.steps - this.tokens) * 1000) / this.stepsPerSecond));
    this.cancelTimer = this.wall.setTimeout(() => {
      this.cancelTimer = undefined;
      this.grant();
    }, ms);
  }

  private grant(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= this.queue[0].steps) {
      const w = this.queue.shift()!;
      this.tokens -= w.steps;
      this.used(w.steps);
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      w.resolve();
    }
    this.reschedule();
  }
}
