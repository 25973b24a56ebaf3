/**
 * The host's budget of kubectl processes: at most `capacity` runs hold a turn at once across the
 * whole portal (one per core by default), and the runs waiting for a turn are served round
 * robin by learner, so twenty learners who keep a `kubectl exec` loop going get twenty turns
 * among everyone's, not the machine: a learner who types one command waits behind at most one
 * turn of each other learner.
 *
 * A turn ends when the run ends, or after `turnMs` (2 s) of it: kubectl spends its CPU starting
 * (Go runtime, bwrap, discovery) and then waits on the cluster, so a watch, a log follow or a
 * long exec must not hold one of the class's few turns while it waits.
 *
 * A wait is bounded: a learner has at most `queuePerLearner` runs waiting (TooManyWaitingError,
 * 429), and a run that waited `maxWaitMs` is refused (TerminalCrowdedError, 503). Both say what
 * to do instead.
 */
import { brandAcrossBundles } from '../../errors/cross-bundle';
import os from 'node:os';
import { LabError } from '../errors';
import { MAX_RUNS_PER_LEARNER } from './slots';

/** How long one run holds its turn at most. */
export const TURN_MS = 2000;
/** How long a run may wait for a turn before it is refused. */
export const MAX_WAIT_MS = 20_000;

export class TooManyWaitingError extends LabError {
  readonly retryAfterSeconds = 2;
  constructor(readonly learnerId: string, limit: number) {
    super(429, `you already have ${limit} kubectl commands waiting for their turn on this busy server; wait for them to run (or stop them with Ctrl+C) before starting another`, 'TooManyWaiting');
    this.name = 'TooManyWaitingError';
  }
}
brandAcrossBundles(TooManyWaitingError, 'TooManyWaitingError');

export class TerminalCrowdedError extends LabError {
  readonly retryAfterSeconds = 5;
  constructor(readonly waitedMs: number, readonly capacity: number) {
    super(503, `your kubectl command waited ${Math.round(waitedMs / 1000)} s for its turn and did not start: the class's commands keep all ${capacity} of this server's kubectl turns busy; run it again in a moment`, 'TerminalCrowded');
    this.name = 'TerminalCrowdedError';
  }
}
brandAcrossBundles(TerminalCrowdedError, 'TerminalCrowdedError');

export class TurnWaitCancelledError extends Error {
  constructor(readonly learnerId: string) {
    super('the kubectl command was cancelled while it waited for its turn');
    this.name = 'TurnWaitCancelledError';
  }
}
brandAcrossBundles(TurnWaitCancelledError, 'TurnWaitCancelledError');

/** The timers the budget uses (injected in tests). */
export interface BudgetTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: BudgetTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface HostBudgetOptions {
  capacity?: number;
  queuePerLearner?: number;
  maxWaitMs?: number;
  turnMs?: number;
  timers?: BudgetTimers;
}

interface Waiter {
  learnerId: string;
  since: number;
  grant(): void;
  cancel(): void;
}

/** One core, one kubectl starting at a time; two at least so one slow start cannot stop the class. */
export function defaultCapacity(cores = os.availableParallelism()): number {
  return Math.max(2, cores);
}

export class KubectlHostBudget {
  readonly capacity: number;
  private readonly queuePerLearner: number;
  private readonly maxWaitMs: number;
  private readonly turnMs: number;
  private readonly timers: BudgetTimers;
  private holding = 0;
  /** Each learner's waiting runs, oldest first. */
  private readonly waiting = new Map<string, Waiter[]>();
  /** Learners with waiting runs, in the order their next turn comes (round robin). */
  private ring: string[] = [];

  constructor(opts: HostBudgetOptions = {}) {
    this.capacity = opts.capacity ?? defaultCapacity();
    this.queuePerLearner = opts.queuePerLearner ?? MAX_RUNS_PER_LEARNER;
    this.maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS;
    this.turnMs = opts.turnMs ?? TURN_MS;
    this.timers = opts.timers ?? realTimers;
  }

  /** Runs holding a turn now. */
  get running(): number {
    return this.holding;
  }

  /** Runs waiting for a turn (one learner's, or all). */
  queued(learnerId?: string): number {
    if (learnerId !== undefined) return this.waiting.get(learnerId)?.length ?? 0;
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  /**
   * Resolves with the turn's end (call it when the run ends; calling it again, or after the
   * turn ran out, does nothing), or rejects with TooManyWaitingError, TerminalCrowdedError or
   * TurnWaitCancelledError.
   */
  acquire(learnerId: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new TurnWaitCancelledError(learnerId));
    if (this.holding < this.capacity && this.ring.length === 0) return Promise.resolve(this.take());
    const mine = this.waiting.get(learnerId) ?? [];
    if (mine.length >= this.queuePerLearner) return Promise.reject(new TooManyWaitingError(learnerId, this.queuePerLearner));
    return new Promise((resolve, reject) => {
      const since = this.timers.now();
      const leave = () => {
        this.timers.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.remove(waiter);
      };
      const waiter: Waiter = {
        learnerId,
        since,
        grant: () => {
          leave();
          resolve(this.take());
        },
        cancel: () => {
          leave();
          reject(new TurnWaitCancelledError(learnerId));
        },
      };
      const onAbort = () => waiter.cancel();
      const timer = this.timers.setTimeout(() => {
        leave();
        reject(new TerminalCrowdedError(this.timers.now() - since, this.capacity));
      }, this.maxWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      mine.push(waiter);
      this.waiting.set(learnerId, mine);
      if (mine.length === 1) this.ring.push(learnerId);
    });
  }

  private take(): () => void {
    this.holding++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.timers.clearTimeout(timer);
      this.holding--;
      this.next();
    };
    const timer = this.timers.setTimeout(end, this.turnMs);
    return end;
  }

  /** Gives free turns to the waiting runs: the first learner in the ring, who then goes to its end. */
  private next(): void {
    while (this.holding < this.capacity && this.ring.length > 0) {
      const learnerId = this.ring.shift()!;
      const q = this.waiting.get(learnerId)!;
      // grant() removes the waiter and, if the learner has more, puts it back at the ring's end.
      q[0].grant();
    }
  }

  private remove(waiter: Waiter): void {
    const q = this.waiting.get(waiter.learnerId);
    if (!q) return;
    const i = q.indexOf(waiter);
    if (i < 0) return;
    q.splice(i, 1);
    const inRing = this.ring.indexOf(waiter.learnerId);
    if (q.length === 0) {
      this.waiting.delete(waiter.learnerId);
      if (inRing >= 0) this.ring.splice(inRing, 1);
    } else if (inRing < 0) this.ring.push(waiter.learnerId);
  }
}

let budgetOfThisModule: KubectlHostBudget | undefined;

/**
 * The budget of runs whose caller gives none (tests, tools). The portal's routes pass the one
 * in the portal context (lib/portal/context.ts), one per process.
 */
export function kubectlHostBudget(): KubectlHostBudget {
  return (budgetOfThisModule ??= new KubectlHostBudget());
}
