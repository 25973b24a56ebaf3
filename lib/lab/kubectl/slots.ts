/**
 * At most a few kubectl runs per learner at once (two by default): a watch in one tab and a
 * command in another is normal use; a script that opens twenty follows is not, and each run is
 * a process on the portal's machine. A host-wide cap (KUBELAB_MAX_KUBECTL_RUNS; by default a
 * quarter of the memory at 64 MiB a run, at least 8) keeps a whole class from exhausting it.
 */
import os from 'node:os';
import { HolderCounts } from '../../http/holder-counts';
import { LabError } from '../errors';

export const MAX_RUNS_PER_LEARNER = 2;
/** What one confined run costs, measured: kubectl ~30-50 MiB, bwrap, bash and socat a few MiB each. */
export const RUN_BYTES = 64 * 1024 * 1024;

export class TooManyRunsError extends LabError {
  readonly retryAfterSeconds = 1;
  constructor(readonly learnerId: string, limit: number) {
    super(429, `you already have ${limit} kubectl commands running; stop one (Ctrl+C) before starting another`, 'TooManyRuns');
    this.name = 'TooManyRunsError';
  }
}

export class TerminalBusyError extends LabError {
  readonly retryAfterSeconds = 5;
  constructor(readonly limit: number) {
    super(503, `the terminal is busy for the whole class (${limit} kubectl commands running on this server); try again in a few seconds, and stop watches (Ctrl+C) you no longer need`, 'TerminalBusy');
    this.name = 'TerminalBusyError';
  }
}

/** The host-wide cap: KUBELAB_MAX_KUBECTL_RUNS, else sized for the machine's memory. */
export function maxRunsOnHost(env: Record<string, string | undefined> = process.env, totalMemory = os.totalmem()): number {
  const set = Number(env.KUBELAB_MAX_KUBECTL_RUNS);
  if (Number.isInteger(set) && set > 0) return set;
  return Math.max(8, Math.floor((totalMemory * 0.25) / RUN_BYTES));
}

export class RunSlots {
  private readonly counts = new HolderCounts();

  constructor(
    private readonly limit = MAX_RUNS_PER_LEARNER,
    private readonly maxTotal = maxRunsOnHost(),
  ) {}

  /** Takes a slot or throws TooManyRunsError / TerminalBusyError; call the returned function once the run has ended. */
  acquire(learnerId: string): () => void {
    if (this.counts.heldBy(learnerId) >= this.limit) throw new TooManyRunsError(learnerId, this.limit);
    if (this.counts.total >= this.maxTotal) throw new TerminalBusyError(this.maxTotal);
    return this.counts.take(learnerId);
  }

  inUse(learnerId?: string): number {
    return learnerId === undefined ? this.counts.total : this.counts.heldBy(learnerId);
  }
}
