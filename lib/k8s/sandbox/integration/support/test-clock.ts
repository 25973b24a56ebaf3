/** A ClusterClock for integration tests: wall time plus manual advances, timers on virtual time. */
import type { ClusterClock } from '../../cluster';

export class TestClock implements ClusterClock {
  private offset = 0;
  private timers: { at: number; fn: () => void }[] = [];

  now(): number {
    return Date.now() + this.offset;
  }
  nowISO(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  advance(ms: number): void {
    this.offset += ms;
    const due = this.timers.filter((t) => t.at <= this.now()).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => !due.includes(t));
    for (const t of due) t.fn();
  }
  setTimer(delayMs: number, fn: () => void): () => void {
    const t = { at: this.now() + delayMs, fn };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }
}
