/**
 * Virtual time for a sandbox cluster. Controllers and the store read time only through a
 * Clock so that tests can move time by hand (ManualClock) and the portal can speed a cluster
 * up (WallClock with scale > 1: a CronJob every minute fires every few wall seconds).
 */
export interface Clock {
  /** Virtual epoch milliseconds. */
  now(): number;
  /** RFC3339 with seconds precision and 'Z', as metav1.Time is serialised. */
  nowISO(): string;
  /** RFC3339 with microseconds, as metav1.MicroTime (events.k8s.io) is serialised. */
  nowMicroISO(): string;
  /** Virtual seconds per wall second. */
  readonly scale: number;
  setScale(scale: number): void;
  /** Jumps forward; fires due timers in time order. */
  advance(ms: number): void;
  /** Runs fn after a virtual delay; returns a cancel function. */
  setTimer(delayMs: number, fn: () => void): () => void;
  /** Virtual time of the earliest pending timer, if any. */
  nextDue(): number | undefined;
}

export class InvalidClockArgumentError extends Error {
  constructor(name: string, value: number) {
    super(`clock: ${name} must be a finite number >= 0, got ${value}`);
    this.name = 'InvalidClockArgumentError';
  }
}

function checkNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new InvalidClockArgumentError(name, value);
}

/** The last second formatted: writes stamp the same second many times over (managedFields, conditions, events). */
let lastSecond = NaN;
let lastSecondISO = '';

export function toISOSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecondISO = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastSecondISO;
}

export function toMicroISO(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  const iso = new Date(whole).toISOString(); // ...ss.mmmZ
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

interface PendingTimer {
  due: number;
  seq: number;
  fn: () => void;
}

/** Timers ordered by due time, then by creation order (stable for equal due times). */
class TimerQueue {
  private timers: PendingTimer[] = [];
  private seq = 0;

  add(due: number, fn: () => void): PendingTimer {
    const t = { due, seq: this.seq++, fn };
    this.timers.push(t);
    return t;
  }
  remove(t: PendingTimer): void {
    const i = this.timers.indexOf(t);
    if (i >= 0) this.timers.splice(i, 1);
  }
  /** Removes and returns the earliest timer due at or before `until`. */
  popDue(until: number): PendingTimer | undefined {
    let best = -1;
    for (let i = 0; i < this.timers.length; i++) {
      const t = this.timers[i];
      if (t.due > until) continue;
      if (best < 0 || t.due < this.timers[best].due || (t.due === this.timers[best].due && t.seq < this.timers[best].seq)) best = i;
    }
    if (best < 0) return undefined;
    return this.timers.splice(best, 1)[0];
  }
  earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    return best;
  }
  get size(): number {
    return this.timers.length;
  }
}

/** Moves only on advance(); for tests. Timers fire synchronously inside advance(). */
export class ManualClock implements Clock {
  private current: number;
  private readonly queue = new TimerQueue();
  scale = 1;

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  nowISO(): string {
    return toISOSeconds(this.current);
  }
  nowMicroISO(): string {
    return toMicroISO(this.current);
  }
  setScale(scale: number): void {
    checkNonNegative('scale', scale);
    this.scale = scale;
  }
  /** Sets the clock to a saved virtual time and speed (a cluster waking from sleep), before any timer is set. */
  resumeAt(virtualNow: number, scale: number): void {
    checkNonNegative('resumed time', virtualNow);
    checkNonNegative('scale', scale);
    this.current = virtualNow;
    this.scale = scale;
  }
  advance(ms: number): void {
    checkNonNegative('advance ms', ms);
    const target = this.current + ms;
    // Timers set by a firing timer run too if they fall due before target.
    for (let t = this.queue.popDue(target); t; t = this.queue.popDue(target)) {
      this.current = Math.max(this.current, t.due);
      t.fn();
    }
    this.current = target;
  }
  setTimer(delayMs: number, fn: () => void): () => void {
    checkNonNegative('timer delay', delayMs);
    const t = this.queue.add(this.current + delayMs, fn);
    return () => this.queue.remove(t);
  }
  pendingTimers(): number {
    return this.queue.size;
  }
  /** Virtual time of the earliest pending timer (test drivers step to it). */
  nextDue(): number | undefined {
    return this.queue.earliest()?.due;
  }
}

/**
 * Real time × scale, plus any advance() jumps. Timers are virtual: one wall setTimeout is
 * armed for the earliest timer and re-armed whenever the queue or the scale changes.
 */
export class WallClock implements Clock {
  private virtualBase: number;
  private wallBase: number;
  private currentScale: number;
  private readonly queue = new TimerQueue();
  private armed: ReturnType<typeof setTimeout> | undefined;
  private readonly wallNow: () => number;

  constructor(opts: { scale?: number; start?: number; wallNow?: () => number } = {}) {
    this.wallNow = opts.wallNow ?? Date.now;
    this.currentScale = opts.scale ?? 1;
    checkNonNegative('scale', this.currentScale);
    this.wallBase = this.wallNow();
    this.virtualBase = opts.start ?? this.wallBase;
  }
  get scale(): number {
    return this.currentScale;
  }
  now(): number {
    return this.virtualBase + (this.wallNow() - this.wallBase) * this.currentScale;
  }
  nowISO(): string {
    return toISOSeconds(this.now());
  }
  nowMicroISO(): string {
    return toMicroISO(this.now());
  }
  setScale(scale: number): void {
    checkNonNegative('scale', scale);
    this.virtualBase = this.now();
    this.wallBase = this.wallNow();
    this.currentScale = scale;
    this.arm();
  }
  /**
   * Continues from a saved virtual time at a saved speed, as if no wall time had passed since
   * (a cluster waking from sleep: its clock was paused while it slept).
   */
  resumeAt(virtualNow: number, scale: number): void {
    checkNonNegative('resumed time', virtualNow);
    checkNonNegative('scale', scale);
    this.virtualBase = virtualNow;
    this.wallBase = this.wallNow();
    this.currentScale = scale;
    this.arm();
  }
  advance(ms: number): void {
    checkNonNegative('advance ms', ms);
    this.virtualBase += ms;
    this.fireDue();
  }
  setTimer(delayMs: number, fn: () => void): () => void {
    checkNonNegative('timer delay', delayMs);
    const t = this.queue.add(this.now() + delayMs, fn);
    this.arm();
    return () => {
      this.queue.remove(t);
      this.arm();
    };
  }
  nextDue(): number | undefined {
    return this.queue.earliest()?.due;
  }
  /** Stops the wall timer (pending virtual timers stay queued but will not fire). */
  dispose(): void {
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
  }
  private fireDue(): void {
    for (let t = this.queue.popDue(this.now()); t; t = this.queue.popDue(this.now())) t.fn();
    this.arm();
  }
  private arm(): void {
    if (this.armed) clearTimeout(this.armed);
    this.armed = undefined;
    const next = this.queue.earliest();
    if (!next || this.currentScale === 0) return;
    const wallDelay = Math.max(0, (next.due - this.now()) / this.currentScale);
    this.armed = setTimeout(() => this.fireDue(), Math.min(wallDelay, 2 ** 31 - 1));
    this.armed.unref?.();
  }
}

/** What runVirtualTime steps: a clock that can jump forward and tell when its next timer is due. */
export type SteppableClock = Pick<Clock, 'now' | 'nextDue' | 'advance'>;

export interface RunVirtualTimeOptions {
  /** After this many timer stops the rest of the span is jumped at once. */
  maxSteps?: number;
  /** After this much wall time (ms) the rest of the span is jumped at once. */
  maxWallMs?: number;
  /** Checked before each stop: true ends the run where it is (a cluster being closed). */
  stopped?: () => boolean;
}

export interface VirtualTimeRun {
  /** Timer stops made on the way. */
  steps: number;
  /** True when maxSteps or maxWallMs cut the stepping short and the rest of the span was jumped. */
  truncated: boolean;
}

/**
 * Advances a clock by ms, stopping at every timer due on the way and awaiting settle() before
 * and after each, so work a timer starts (and the timers it sets) runs in virtual-time order.
 * The shell test driver, the simulated cluster and the portal's "skip ahead" all run time this way.
 */
export async function runVirtualTime(clock: SteppableClock, ms: number, settle: () => Promise<void>, opts: RunVirtualTimeOptions = {}): Promise<VirtualTimeRun> {
  const target = clock.now() + ms;
  const maxSteps = opts.maxSteps ?? Infinity;
  const wallDeadline = opts.maxWallMs === undefined ? Infinity : performance.now() + opts.maxWallMs;
  let steps = 0;
  let truncated = false;
  await settle();
  for (;;) {
    if (opts.stopped?.()) return { steps, truncated };
    const due = clock.nextDue();
    if (due === undefined || due > target) break;
    if (steps >= maxSteps || performance.now() > wallDeadline) {
      truncated = true;
      break;
    }
    clock.advance(Math.max(0, due - clock.now()));
    steps++;
    await settle();
  }
  clock.advance(Math.max(0, target - clock.now()));
  await settle();
  return { steps, truncated };
}
