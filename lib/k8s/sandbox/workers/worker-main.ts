/**
 * A sandbox worker thread's entry (started through boot.mjs): builds this worker's SandboxHost
 * with the setup module named in workerData (product-setup.ts in the portal; tests give their
 * own), serves the main thread's messages with it (worker-side.ts) and says it is ready.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { ClusterRecord } from '../records-file';
import { WorkerSide, type WorkerEndpoint } from './worker-side';
import type { ToWorker } from './protocol';
import type { WorkerSetupModule, SandboxWorkerData } from './worker-data';

const data = workerData as SandboxWorkerData;
const port = parentPort as unknown as WorkerEndpoint;
const setup = (await import(data.setup)) as WorkerSetupModule;
const built = await setup.createWorkerHost(data, (records: ClusterRecord[]) => port.postMessage({ t: 'records', records: records.map((r) => ({ ...r })) }));
const side = new WorkerSide(port, built.host, built.operations, built.afterClose, built.streams);
// The portal's requests are served between any two clusters' drains, not once per event-loop turn.
built.turns?.serveInbox(() => side.receiveWaiting(() => receiveMessageOnPort(parentPort!)?.message as ToWorker | undefined));
port.postMessage({ t: 'ready' });
