/**
 * Interim ClusterClock until clock.ts lands: wall time × scale plus manual advances.
 * Timers fire in time order on advance() and are re-checked on a wall-clock tick.
 */
import type { ClusterClock } from '../../cluster';

export class InterimClock implements ClusterClock {
  private offset = 0;
  private base = Date.now();
  private wallBase = Date.now();
  private timers: { at: number; fn: () => void }[] = [];
  private tick: ReturnType<typeof setInterval> | undefined;

  constructor(private scale = 1) {}

  now(): number {
    return this.base + (Date.now() - this.wallBase) * this.scale + this.offset;
  }
  nowISO(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  setScale(scale: number): void {
    this.base = this.now() - this.offset;
    this.wallBase = Date.now();
    this.scale = scale;
  }
  advance(ms: number): void {
    this.offset += ms;
    this.fireDue();
  }
  private fireDue(): void {
    const now = this.now();
    const due = this.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const t of due) t.fn();
    if (this.timers.length === 0 && this.tick) {
      clearInterval(this.tick);
      this.tick = undefined;
    }
  }
  setTimer(delayMs: number, fn: () => void): () => void {
    const t = { at: this.now() + delayMs, fn };
    this.timers.push(t);
    this.tick ??= setInterval(() => this.fireDue(), 250);
    this.tick.unref?.();
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }
}
