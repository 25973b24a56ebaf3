/**
 * "Something about this learner changed": the routes that change what the class board or a
 * learner's bench shows (a check, a lesson read, a join, a hint, a reset) say so here, and the
 * open board and notice streams re-read only that learner. One emitter per process, kept on
 * globalThis: Next's route bundles load their own copies of this module.
 */
import { EventEmitter } from 'node:events';

const KEY = Symbol.for('kubelab.classSignals');

function emitter(): EventEmitter {
  const g = globalThis as Record<symbol, EventEmitter | undefined>;
  if (!g[KEY]) {
    const e = new EventEmitter();
    // One listener per open board or bench stream: a class of hundreds is expected.
    e.setMaxListeners(0);
    g[KEY] = e;
  }
  return g[KEY];
}

export function signalLearner(learnerId: string): void {
  emitter().emit('learner', learnerId);
}

export function onLearnerSignal(listener: (learnerId: string) => void): () => void {
  const e = emitter();
  e.on('learner', listener);
  return () => e.off('learner', listener);
}
