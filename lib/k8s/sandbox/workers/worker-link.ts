/**
 * The main thread's half of the transport to one sandbox worker: calls with their pending
 * answers, HTTP exchanges forwarded from a real (or in-process) request and response, and
 * upgraded sockets whose bytes go both ways. When the worker stops, everything in flight ends
 * clearly: calls reject with WorkerStoppedError, responses not yet started answer 503 (a
 * Kubernetes Status), started ones and sockets are closed, as when a server goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { abandonBody } from '../../../http/lingering-close';
import type { ClusterRecord } from '../records-file';
import type { ClusterOperation, StreamSink } from './front';
import { WorkerError } from './error-codec';
import { asBuffer, ownBytes, type Call, type FromWorker, type RequestHead, type ToWorker } from './protocol';
import { callSync } from './sync-call';

/** A worker as the link uses it: node's Worker, or a MessagePort-backed stand-in in tests. */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
}

export class WorkerStoppedError extends Error {
  constructor(readonly worker: number, readonly detail: string) {
    super(`sandbox worker ${worker} stopped (${detail}); it is being restarted and its clusters wake from the store: try again`);
    this.name = 'WorkerStoppedError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface ForwardedExchange {
  req: IncomingMessage;
  res: ServerResponse;
  paused: boolean;
  finished: boolean;
  detach(): void;
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function headOf(req: IncomingMessage): RequestHead {
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req.headers) };
}

export class WorkerLink {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly exchanges = new Map<number, ForwardedExchange>();
  private readonly sockets = new Map<number, Duplex>();
  private readonly streams = new Map<number, StreamSink>();
  /** Clusters whose record this worker (this start of it) was given. */
  private readonly adopted = new Set<string>();
  private stopped: WorkerStoppedError | undefined;

  constructor(readonly index: number, private readonly port: WorkerPort) {
    port.on('message', (m) => this.receive(m));
  }

  get alive(): boolean {
    return !this.stopped;
  }

  /** How many requests and sockets are in flight (for tests and the bench's figures). */
  inFlight(): number {
    return this.exchanges.size + this.sockets.size + this.pending.size + this.streams.size;
  }

  private post(message: ToWorker, chunk?: Uint8Array): void {
    if (this.stopped) return;
    this.port.postMessage(message, chunk ? [chunk.buffer as ArrayBuffer] : undefined);
  }

  /** Gives the worker the cluster's record before anything names it (messages keep their order). */
  adopt(record: ClusterRecord): void {
    if (this.adopted.has(record.id)) return;
    this.adopted.add(record.id);
    this.post({ t: 'adopt', record });
  }

  forget(id: string): void {
    this.adopted.delete(id);
  }

  call(call: Call): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ t: 'call', id, call });
    });
  }

  /** A call answered before this returns (sync-call.ts); bounded by timeoutMs. */
  callNow(what: string, call: Call, timeoutMs: number): unknown {
    if (this.stopped) throw this.stopped;
    return callSync(what, (sab) => this.post({ t: 'syncCall', sab, call }), timeoutMs);
  }

  release(holdId: number): void {
    this.post({ t: 'release', holdId });
  }

  touch(clusterId: string): void {
    this.post({ t: 'touch', clusterId });
  }

  /** Hands an HTTP exchange to the worker; the response is written as the worker answers. */
  forwardRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.stopped) return this.refuse(res, this.stopped);
    const rid = this.nextId++;
    const onData = (chunk: Buffer | string) => {
      const own = ownBytes(chunk);
      this.post({ t: 'body', rid, chunk: own }, own);
    };
    const onEnd = () => this.post({ t: 'bodyEnd', rid });
    const onClose = () => {
      if (ex.finished) return;
      ex.finished = true;
      this.exchanges.delete(rid);
      ex.detach();
      this.post({ t: 'abort', rid });
    };
    const onDrain = () => {
      if (!ex.paused) return;
      ex.paused = false;
      this.post({ t: 'resume', rid });
    };
    const ex: ForwardedExchange = {
      req,
      res,
      paused: false,
      finished: false,
      detach: () => {
        req.off('data', onData);
        req.off('end', onEnd);
        res.off('close', onClose);
        res.off('drain', onDrain);
      },
    };
    this.exchanges.set(rid, ex);
    this.post({ t: 'req', rid, head: headOf(req) });
    req.on('data', onData);
    req.on('end', onEnd);
    res.on('close', onClose);
    res.on('drain', onDrain);
  }

  /** Opens a named stream on the worker (front.ts ClusterStreams); answers its stop. */
  openStream(clusterId: string, stream: ClusterOperation, sink: StreamSink): () => void {
    if (this.stopped) {
      sink.end(this.stopped.message);
      return () => undefined;
    }
    const rid = this.nextId++;
    this.streams.set(rid, sink);
    this.post({ t: 'stream', rid, clusterId, stream });
    return () => {
      if (this.streams.delete(rid)) this.post({ t: 'streamStop', rid });
    };
  }

  /** Hands an upgraded socket to the worker: its bytes go both ways until either side closes. */
  forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    const rid = this.nextId++;
    this.sockets.set(rid, socket);
    const first = ownBytes(head);
    this.post({ t: 'upgrade', rid, head: headOf(req), first }, first);
    socket.on('data', (chunk: Buffer) => {
      const own = ownBytes(chunk);
      this.post({ t: 'sock', rid, chunk: own }, own);
    });
    socket.on('end', () => this.post({ t: 'sockEnd', rid }));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!this.sockets.delete(rid)) return;
      this.post({ t: 'sockClose', rid });
    });
  }

  private receive(m: FromWorker): void {
    switch (m.t) {
      case 'batch':
        for (const one of m.ms) this.receive(one);
        return;
      case 'result': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(new WorkerError(m.error));
        return;
      }
      case 'head': {
        const ex = this.exchanges.get(m.rid);
        if (!ex || ex.res.headersSent) return;
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of m.headers) {
          const old = headers[name];
          headers[name] = old === undefined ? value : [...(Array.isArray(old) ? old : [old]), value];
        }
        if (m.statusText) ex.res.writeHead(m.status, m.statusText, headers);
        else ex.res.writeHead(m.status, headers);
        // A watch's headers go out at once, as the API server flushes them.
        ex.res.flushHeaders?.();
        return;
      }
      case 'data': {
        const ex = this.exchanges.get(m.rid);
        if (!ex) return;
        if (!ex.res.write(asBuffer(m.chunk)) && !ex.paused) {
          ex.paused = true;
          this.post({ t: 'pause', rid: m.rid });
        }
        return;
      }
      case 'done': {
        const ex = this.exchanges.get(m.rid);
        if (!ex) return;
        ex.finished = true;
        this.exchanges.delete(m.rid);
        ex.detach();
        ex.res.end();
        return;
      }
      case 'fail': {
        const ex = this.exchanges.get(m.rid);
        if (!ex) return;
        ex.finished = true;
        this.exchanges.delete(m.rid);
        ex.detach();
        ex.res.destroy();
        return;
      }
      case 'abandonBody': {
        const ex = this.exchanges.get(m.rid);
        if (!ex) return;
        ex.req.removeAllListeners('data');
        abandonBody(ex.req);
        return;
      }
      case 'sock':
        this.sockets.get(m.rid)?.write(asBuffer(m.chunk));
        return;
      case 'sockEnd':
        this.sockets.get(m.rid)?.end();
        return;
      case 'sockClose': {
        const socket = this.sockets.get(m.rid);
        this.sockets.delete(m.rid);
        socket?.destroy();
        return;
      }
      case 'sockPause':
        this.sockets.get(m.rid)?.pause();
        return;
      case 'sockResume':
        this.sockets.get(m.rid)?.resume();
        return;
      case 'streamData':
        this.streams.get(m.rid)?.chunk(m.chunk);
        return;
      case 'streamEnd': {
        const sink = this.streams.get(m.rid);
        this.streams.delete(m.rid);
        sink?.end(m.message);
        return;
      }
      case 'ready':
      case 'records':
        // The front listens for these itself.
        return;
    }
  }

  /** A response the worker cannot give: a Status the client reads, as the API server writes one. */
  private refuse(res: ServerResponse, err: WorkerStoppedError): void {
    if (res.headersSent) {
      // Cut off as a server going away would; the reason is logged by the front, not thrown at the response.
      res.destroy();
      return;
    }
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason: 'ServiceUnavailable', code: 503 });
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** The worker is gone: everything in flight ends now, and nothing more is sent to it. */
  stop(detail: string): void {
    if (this.stopped) return;
    this.stopped = new WorkerStoppedError(this.index, detail);
    for (const p of this.pending.values()) p.reject(this.stopped);
    this.pending.clear();
    for (const ex of this.exchanges.values()) {
      ex.finished = true;
      ex.detach();
      this.refuse(ex.res, this.stopped);
    }
    this.exchanges.clear();
    for (const socket of this.sockets.values()) socket.destroy();
    this.sockets.clear();
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const sink of streams) sink.end(this.stopped.message);
  }
}
