/**
 * The messages between the main thread and a sandbox worker, on the worker's own port.
 *
 * Calls (create, wake, hold, run...) are answered by a result with the same id. An HTTP
 * exchange (rid) goes as a socket would carry it: the request head, body chunks and the end of
 * the body one way; the response head, body chunks and the end the other, with pause and
 * resume for backpressure (a watch whose reader stops is ended by the API server's own buffer
 * limit, as over a socket). An upgrade (exec, attach, port-forward) carries the socket's bytes
 * both ways. Chunks are copied into their own ArrayBuffer and transferred: a Buffer is often a
 * view of a shared pool that cloning would copy whole.
 */
import type { ClusterRecord } from '../records-file';
import type { EncodedError } from './error-codec';
import type { ClusterOperation } from './front';

export type Call =
  | { method: 'create'; record: ClusterRecord }
  | { method: 'wake'; clusterId: string }
  | { method: 'hold'; clusterId: string; holdId: number }
  | { method: 'paused'; clusterId: string }
  | { method: 'delete'; clusterId: string }
  /** Give a sleeping cluster back (it moves to another worker); answers false when it is awake. */
  | { method: 'forget'; clusterId: string }
  | { method: 'run'; clusterId: string; operation: ClusterOperation; ifAwake: boolean }
  | { method: 'network'; clusterId: string; call: NetworkCall }
  | { method: 'close' };

/** The network of a cluster, as a workstation beside it uses it (network/types.ts). */
export type NetworkCall =
  | { fn: 'resolve'; name: string; namespace: string }
  | { fn: 'dial'; ip: string; port: number; from?: string }
  | { fn: 'http'; listener: number; req: { method: string; path: string; headers: Record<string, string>; body: string }; from: string }
  | { fn: 'tcp'; listener: number; data: string; from: string };

export interface RequestHead {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export type ToWorker =
  | { t: 'adopt'; record: ClusterRecord }
  | { t: 'call'; id: number; call: Call }
  /** A synchronous call: the answer is written into sab and the waiting thread woken (sync-call.ts). */
  | { t: 'syncCall'; sab: SharedArrayBuffer; call: Call }
  | { t: 'release'; holdId: number }
  | { t: 'touch'; clusterId: string }
  | { t: 'req'; rid: number; head: RequestHead }
  | { t: 'body'; rid: number; chunk: Uint8Array }
  | { t: 'bodyEnd'; rid: number }
  | { t: 'abort'; rid: number }
  | { t: 'pause'; rid: number }
  | { t: 'resume'; rid: number }
  | { t: 'upgrade'; rid: number; head: RequestHead; first: Uint8Array }
  | { t: 'sock'; rid: number; chunk: Uint8Array }
  | { t: 'sockEnd'; rid: number }
  | { t: 'sockClose'; rid: number }
  /** Opens a named stream where the cluster lives (front.ts ClusterStreams); its chunks come back as streamData. */
  | { t: 'stream'; rid: number; clusterId: string; stream: ClusterOperation }
  | { t: 'streamStop'; rid: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: EncodedError }
  | { t: 'records'; records: ClusterRecord[] }
  | { t: 'head'; rid: number; status: number; statusText: string; headers: [string, string][] }
  | { t: 'data'; rid: number; chunk: Uint8Array }
  | { t: 'done'; rid: number }
  | { t: 'fail'; rid: number; message: string }
  /** The sandbox refused the request's body (413): the main thread stops reading it (lingering-close.ts). */
  | { t: 'abandonBody'; rid: number }
  | { t: 'sock'; rid: number; chunk: Uint8Array }
  | { t: 'sockEnd'; rid: number }
  | { t: 'sockClose'; rid: number }
  /** The upgrade handler reads no more for now (exec stdin full): the main thread pauses the socket, as a socket's own buffer would. */
  | { t: 'sockPause'; rid: number }
  | { t: 'sockResume'; rid: number }
  | { t: 'streamData'; rid: number; chunk: Uint8Array }
  /** The stream ended on the worker (it could not open: message says why). */
  | { t: 'streamEnd'; rid: number; message?: string }
  /** The messages one callback of the worker posted, in one (post-batch.ts), in the order they were posted. */
  | { t: 'batch'; ms: Exclude<FromWorker, { t: 'batch' }>[] };

/** A copy of the bytes in an ArrayBuffer of their own, to transfer rather than clone. */
export function ownBytes(chunk: Uint8Array | string): Uint8Array {
  if (typeof chunk === 'string') return new Uint8Array(Buffer.from(chunk));
  return new Uint8Array(chunk);
}

export function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
