/**
 * "Something about this learner changed": the routes that change what the class board or a
 * learner's bench shows (a check, a lesson read, a join, a hint, a reset) say so here, and the
 * open board and notice streams re-read only that learner. One per process, in the portal
 * context (lib/portal/context.ts).
 */
import { EventEmitter } from 'node:events';

export class LearnerSignals {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open board or bench stream: a class of hundreds is expected.
    this.emitter.setMaxListeners(0);
  }

  signal(learnerId: string): void {
    this.emitter.emit('learner', learnerId);
  }

  /** Calls `listener` with each signalled learner's id; returns the unsubscribe. */
  on(listener: (learnerId: string) => void): () => void {
    this.emitter.on('learner', listener);
    return () => this.emitter.off('learner', listener);
  }
}
