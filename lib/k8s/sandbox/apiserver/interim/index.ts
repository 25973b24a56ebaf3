/**
 * The parts a cluster runs on: the real patch engine (json, merge, strategic merge with the
 * API types' merge keys, server-side apply with managedFields and conflicts); until store/
 * (ObjectStore + SQLite persistence) and clock.ts are swapped in, an in-memory store (no
 * persistence) and a scaled wall clock.
 */
import type { ClusterParts } from '../../cluster';
import { InterimClock } from './interim-clock';
import { MemoryStore } from './memory-store';
import * as patchEngine from '../patch';

export function interimParts(opts: { scale?: number } = {}): ClusterParts {
  const clock = new InterimClock(opts.scale ?? 1);
  return { clock, store: new MemoryStore(() => clock.nowISO()), patch: patchEngine };
}
