/**
 * WorkQueue: client-go's rate-limited queue, reduced to what level-triggered controllers
 * need. A key is queued at most once; a key being synced that is added again is synced
 * again afterwards; addAfter waits on the cluster clock; failures back off 5ms·2^n up to
 * 1000s per key (the default controller rate limiter), reset by forget().
 */
import type { ClockPort } from '../../core/clock-port';

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1000 * 1000;

export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly order: string[] = [];
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { due: number; cancel: () => void }>();

  constructor(private readonly clock: ClockPort, private readonly onReady: () => void) {}

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    this.onReady();
  }

  /** Queues key after a virtual delay; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const due = this.clock.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.due <= due) return;
    pending?.cancel();
    const cancel = this.clock.setTimer(delayMs, () => {
      this.timers.delete(key);
      this.add(key);
    });
    this.timers.set(key, { due, cancel });
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(BASE_DELAY_MS * 2 ** n, MAX_DELAY_MS));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Takes the next key, or undefined when empty. */
  take(): string | undefined {
    const key = this.order.shift();
    if (key !== undefined) this.queued.delete(key);
    return key;
  }

  get length(): number {
    return this.order.length;
  }

  shutdown(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.order.length = 0;
    this.queued.clear();
  }
}
