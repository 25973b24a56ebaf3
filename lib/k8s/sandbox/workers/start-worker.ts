/**
 * Starts a sandbox worker thread (through boot.mjs, which loads TypeScript in the thread).
 */
import { Worker } from 'node:worker_threads';
import type { SandboxWorkerData } from './worker-data';
import type { StartedWorker } from './worker-front';

export const WORKER_ENTRY = new URL('./worker-main.ts', import.meta.url).href;
const BOOT = new URL('./boot.mjs', import.meta.url);

export function startSandboxWorker(data: Omit<SandboxWorkerData, 'entry'>, opts: { resourceLimits?: Worker['resourceLimits'] } = {}): StartedWorker {
  const worker = new Worker(BOOT, { workerData: { ...data, entry: WORKER_ENTRY }, name: `sandbox-${data.index}`, resourceLimits: opts.resourceLimits });
  return worker as unknown as StartedWorker;
}
