/**
 * KUBELAB_SANDBOX_WORKERS: how many worker threads run the sandbox clusters. 0 keeps them in the
 * main thread (the in-process mode tests, the CLI and benches use). The default is measured on
 * these 2-core machines (see the worker notes in the sandbox README): one worker per core, the
 * main thread sharing with them.
 */
import os from 'node:os';
import { InvalidCapacitySettingError } from '../capacity';

export const MAX_SANDBOX_WORKERS = 64;

/** Whether an unset KUBELAB_SANDBOX_WORKERS means workers (true) or the main thread (false). */
const DEFAULT_SANDBOX_WORKERS_ON = false;

export function defaultSandboxWorkers(cores = os.availableParallelism()): number {
  return Math.max(1, cores);
}

export function sandboxWorkersFromEnv(env: Record<string, string | undefined> = process.env, cores = os.availableParallelism()): number {
  const raw = env.KUBELAB_SANDBOX_WORKERS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SANDBOX_WORKERS_ON ? defaultSandboxWorkers(cores) : 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_SANDBOX_WORKERS) throw new InvalidCapacitySettingError('KUBELAB_SANDBOX_WORKERS', raw, `a whole number from 0 (clusters in the main thread) to ${MAX_SANDBOX_WORKERS}`);
  return n;
}

/** Each worker's share of the awake clusters: rounded up, so the total is never below the setting. */
export function maxActivePerWorker(maxActive: number, workers: number): number {
  return Math.max(1, Math.ceil(maxActive / workers));
}
