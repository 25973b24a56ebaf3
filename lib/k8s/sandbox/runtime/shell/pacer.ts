/**
 * Keeps a busy shell from blocking the Node event loop: every step is charged to the budget,
 * every YIELD_EVERY steps the shell yields a macrotask turn, and beyond the budget's steps
 * per virtual second it sleeps until the next virtual second on the cluster clock (so under
 * a ManualClock a `while true; do :; done` advances only when the test advances time).
 * The virtual pace alone lets a cluster at 60× run 60 times as many steps per wall second,
 * so every YIELD_EVERY steps are also taken from the cluster's CpuBucket (steps per WALL
 * second, shared by its containers): when it is empty the shell waits on a wall timer, in
 * turn with the cluster's other containers, instead of yielding at once.
 * A yield is a node's work: on a sandbox worker it waits behind requests and controllers
 * (lib/turns/turns.ts), as a container's CPU on a node does not slow the control plane.
 */
import type { Budget } from './command';
import { ContainerBudget } from './budget';
import { CpuWaitAbortedError, type CpuBucket } from './cpu-bucket';
import type { Clock } from '../../clock';
import { soonOnThread } from '../../../../turns/turns';

export const YIELD_EVERY = 256;

export class ProcessKilledError extends Error {
  constructor() {
    super('process killed');
    this.name = 'ProcessKilledError';
  }
}

/** What a container's processes need of the cluster clock: its time and its timers (one contract, clock.ts). */
export type PacerClock = Pick<Clock, 'now' | 'setTimer'>;

export class Pacer {
  private sinceYield = 0;
  private windowStart = -Infinity;
  private windowSteps = 0;
  /** Steps taken (test drivers settle until it stops moving). */
  total = 0;
  private readonly cpu: CpuBucket | undefined;
  private readonly hostCpu: CpuBucket | undefined;

  constructor(
    private readonly budget: Budget,
    private readonly clock: PacerClock,
    private readonly stepsPerSecond: number,
    private readonly killed: AbortSignal,
  ) {
    this.cpu = budget instanceof ContainerBudget ? budget.cpu : undefined;
    this.hostCpu = budget instanceof ContainerBudget ? budget.hostCpu : undefined;
  }

  /** Charges one step; resolves at once, after a yield, or after the next virtual second. */
  step(): Promise<void> | undefined {
    if (this.killed.aborted) throw new ProcessKilledError();
    this.budget.step();
    this.total++;
    const now = this.clock.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowSteps = 0;
    }
    if (++this.windowSteps > this.stepsPerSecond) return this.waitForNextSecond();
    if (++this.sinceYield >= YIELD_EVERY) {
      this.sinceYield = 0;
      const cpu = this.cpu?.take(YIELD_EVERY, this.killed);
      // A cluster that keeps its CPU busy also takes its steps from the process's bucket, and
      // continues in a macrotask of its own: a grant that releases many containers at once
      // must not run all their steps in one chain of microtasks.
      const host = this.hostCpu && this.cpu?.sustained;
      if (cpu || host) {
        return (cpu ?? Promise.resolve())
          .then(() => (host ? this.hostCpu!.take(YIELD_EVERY, this.killed) : undefined))
          .then(() => new Promise<void>((resolve) => soonOnThread(resolve, 'node')))
          .then(() => {
            if (this.killed.aborted) throw new ProcessKilledError();
          }, (e: unknown) => {
            throw e instanceof CpuWaitAbortedError ? new ProcessKilledError() : e;
          });
      }
      return new Promise<void>((resolve) => soonOnThread(resolve, 'node')).then(() => {
        if (this.killed.aborted) throw new ProcessKilledError();
      });
    }
    return undefined;
  }

  private waitForNextSecond(): Promise<void> {
    const wait = Math.max(1, this.windowStart + 1000 - this.clock.now());
    return new Promise<void>((resolve, reject) => {
      const onKill = () => {
        cancel();
        reject(new ProcessKilledError());
      };
      const cancel = this.clock.setTimer(wait, () => {
        this.killed.removeEventListener('abort', onKill);
        this.sinceYield = 0;
        resolve();
      });
      this.killed.addEventListener('abort', onKill, { once: true });
    });
  }
}
