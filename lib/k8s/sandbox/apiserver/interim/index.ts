/**
 * The parts a cluster runs on until store/ (ObjectStore + SQLite persistence), clock.ts and
 * patch/ land: an in-memory store (no persistence), a scaled wall clock and simple patches
 * (merge; strategic merge by `name` keys only; apply without conflict detection).
 * Swap this one factory for the real parts when they are committed.
 */
import type { ClusterParts } from '../../cluster';
import { InterimClock } from './interim-clock';
import { MemoryStore } from './memory-store';
import { simplePatch } from './simple-patch';

export function interimParts(opts: { scale?: number } = {}): ClusterParts {
  const clock = new InterimClock(opts.scale ?? 1);
  return { clock, store: new MemoryStore(() => clock.nowISO()), patch: simplePatch };
}
