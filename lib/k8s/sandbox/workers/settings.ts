/**
 * KUBELAB_SANDBOX_WORKERS: how many worker threads run the sandbox clusters. 0 keeps them in the
 * main thread (the in-process mode tests, the CLI and benches that embed a host use). The
 * default leaves one core to the main thread (Next.js pages, the apply route's parsing, the
 * portal's routes) and gives the others to the clusters: on these 2-core machines one worker.
 * Measured with scripts/bench/class-capacity.mjs burst (100 learners applying at once) on a
 * loaded 2-core machine, one worker answered the applies fastest of 0, 1 and 2 (figures in
 * scripts/bench/RESULTS.md).
 */
import os from 'node:os';
import { InvalidCapacitySettingError } from '../capacity';

export const MAX_SANDBOX_WORKERS = 64;

export function defaultSandboxWorkers(cores = os.availableParallelism()): number {
  return Math.max(1, cores - 1);
}

export function sandboxWorkersFromEnv(env: Record<string, string | undefined> = process.env, cores = os.availableParallelism()): number {
  const raw = env.KUBELAB_SANDBOX_WORKERS;
  if (raw === undefined || raw.trim() === '') return defaultSandboxWorkers(cores);
  // Plain digits only: Number() would also take '1e1', '0x10' or ' 2 '.
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_SANDBOX_WORKERS) throw new InvalidCapacitySettingError('KUBELAB_SANDBOX_WORKERS', raw, `a whole number from 0 (clusters in the main thread) to ${MAX_SANDBOX_WORKERS}`);
  return n;
}

/** Each worker's share of the awake clusters: rounded up, so the total is never below the setting. */
export function maxActivePerWorker(maxActive: number, workers: number): number {
  return Math.max(1, Math.ceil(maxActive / workers));
}
