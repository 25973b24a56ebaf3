// A sandbox worker's first module: plain JavaScript, so a worker thread can start it whatever
// started the main thread (tsx for server.ts, vitest for tests). It registers tsx's loader in
// this thread (a loader registered in the main thread does not reach workers in Node 20), then
// imports the TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
