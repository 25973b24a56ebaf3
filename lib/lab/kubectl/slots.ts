/**
 * At most a few kubectl runs per learner at once (two by default): a watch in one tab and a
 * command in another is normal use; a script that opens twenty follows is not, and each run is
 * a process on the portal's machine.
 */
import { LabError } from '../errors';

export const MAX_RUNS_PER_LEARNER = 2;

export class TooManyRunsError extends LabError {
  readonly retryAfterSeconds = 1;
  constructor(readonly learnerId: string, limit: number) {
    super(429, `you already have ${limit} kubectl commands running; stop one (Ctrl+C) before starting another`, 'TooManyRuns');
    this.name = 'TooManyRunsError';
  }
}

export class RunSlots {
  private readonly running = new Map<string, number>();

  constructor(private readonly limit = MAX_RUNS_PER_LEARNER) {}

  /** Takes a slot or throws TooManyRunsError; call the returned function once the run has ended. */
  acquire(learnerId: string): () => void {
    const n = this.running.get(learnerId) ?? 0;
    if (n >= this.limit) throw new TooManyRunsError(learnerId, this.limit);
    this.running.set(learnerId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(learnerId) ?? 1) - 1;
      if (left <= 0) this.running.delete(learnerId);
      else this.running.set(learnerId, left);
    };
  }

  inUse(learnerId: string): number {
    return this.running.get(learnerId) ?? 0;
  }
}

const KEY = Symbol.for('kubelab.kubectlRunSlots');

/** The process-wide slots (route bundles share them through globalThis, like the lab context). */
export function runSlots(): RunSlots {
  const g = globalThis as Record<symbol, unknown>;
  return (g[KEY] ??= new RunSlots()) as RunSlots;
}
