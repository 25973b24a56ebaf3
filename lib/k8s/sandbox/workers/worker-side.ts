/**
 * The worker's half of the transport: serves the main thread's messages (protocol.ts) with this
 * worker's own SandboxHost. HTTP exchanges are handed to the host's request handler through the
 * same in-process request and response objects client-node's dispatcher uses (in-process.ts);
 * upgrades get a PortDuplex; calls run on the host and answer with a result.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { serveInProcess, type DispatchHandler } from '../../client/in-process';
import type { ClusterNetwork, Listener } from '../network/types';
import { encodeError } from './error-codec';
import type { ClusterOperation, ClusterOperations, ClusterStreams } from './front';
import type { SandboxHost } from '../host';
import { openHostStream } from './open-stream';
import { asBuffer, ownBytes, type Call, type FromWorker, type NetworkCall, type RequestHead, type ToWorker } from './protocol';
import { PortDuplex } from './port-duplex';
import { PostBatch } from './post-batch';
import { answerSyncCall } from './sync-call';

/** What the worker side posts on and listens to: the worker's parentPort, or one end of a MessageChannel in tests. */
export interface WorkerEndpoint {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: ToWorker) => void): void;
}

/** The symbol lingering-close.ts hooks a request's refused body on (Symbol.for, shared by every copy of that module). */
const ABANDON = Symbol.for('kubelab.abandonBody');

/** A request body arriving in messages, read by the in-process request as an async iterable. */
class BodyChunks implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.queue.push(chunk);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.queue.length = 0;
    this.wake?.();
  }

  finish(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

interface Exchange {
  body: BodyChunks;
  paused: boolean;
  resume?: () => void;
  abort: (err?: Error) => void;
}

/** Dialed listeners a workstation may still talk to (by number), the newest kept. */
const MAX_DIALED = 256;

export class WorkerSide {
  private readonly exchanges = new Map<number, Exchange>();
  private readonly sockets = new Map<number, PortDuplex>();
  private readonly holds = new Map<number, () => void>();
  private readonly dialed = new Map<number, Listener>();
  private readonly streams = new Map<number, () => void>();
  private nextListener = 1;

  constructor(
    private readonly port: WorkerEndpoint,
    private readonly host: SandboxHost,
    private readonly operations: ClusterOperations,
    private readonly afterClose?: () => void,
    private readonly clusterStreams?: ClusterStreams,
  ) {
    port.on('message', (m) => this.receive(m));
  }

  /** What one callback posts goes out together (post-batch.ts says why). */
  private readonly batch = new PostBatch((message, transfer) => this.port.postMessage(message, transfer.length ? transfer : undefined));

  private post(message: Exclude<FromWorker, { t: 'batch' }>): void {
    this.batch.post(message);
  }

  /**
   * Handles the messages already waiting on the port (taken with receiveMessageOnPort, so no
   * 'message' event comes for them; order is the port's), at most max of them: the worker's
   * turns call it between drains (core/turns.ts).
   */
  receiveWaiting(take: () => ToWorker | undefined, max = 64): void {
    for (let i = 0; i < max; i++) {
      const m = take();
      if (m === undefined) return;
      this.receive(m);
    }
  }

  private receive(m: ToWorker): void {
    switch (m.t) {
      case 'adopt':
        this.host.adopt(m.record);
        return;
      case 'call':
        this.call(m.call).then(
          (value) => this.post({ t: 'result', id: m.id, ok: true, value }),
          (err: unknown) => this.post({ t: 'result', id: m.id, ok: false, error: encodeError(err) }),
        );
        return;
      case 'syncCall':
        answerSyncCall(m.sab, () => this.syncCall(m.call));
        return;
      case 'release': {
        const release = this.holds.get(m.holdId);
        this.holds.delete(m.holdId);
        release?.();
        return;
      }
      case 'touch':
        this.host.touch(m.clusterId);
        return;
      case 'req':
        this.request(m.rid, m.head);
        return;
      case 'body':
        this.exchanges.get(m.rid)?.body.push(m.chunk);
        return;
      case 'bodyEnd':
        this.exchanges.get(m.rid)?.body.finish();
        return;
      case 'abort':
        this.exchanges.get(m.rid)?.abort(new Error('the client went away'));
        return;
      case 'pause': {
        const ex = this.exchanges.get(m.rid);
        if (ex) ex.paused = true;
        return;
      }
      case 'resume': {
        const ex = this.exchanges.get(m.rid);
        if (!ex) return;
        ex.paused = false;
        ex.resume?.();
        return;
      }
      case 'upgrade':
        this.upgrade(m.rid, m.head, asBuffer(m.first));
        return;
      case 'sock':
        this.sockets.get(m.rid)?.receive(asBuffer(m.chunk));
        return;
      case 'sockEnd':
        this.sockets.get(m.rid)?.receiveEnd();
        return;
      case 'sockClose':
        this.sockets.get(m.rid)?.receiveClose();
        this.sockets.delete(m.rid);
        return;
      case 'stream':
        this.openStream(m.rid, m.clusterId, m.stream);
        return;
      case 'streamStop': {
        const stop = this.streams.get(m.rid);
        this.streams.delete(m.rid);
        stop?.();
        return;
      }
    }
  }

  /** A named stream on a cluster of this worker; what cannot open ends at once with the reason. */
  private openStream(rid: number, clusterId: string, stream: ClusterOperation): void {
    try {
      this.streams.set(rid, openHostStream(this.host, this.clusterStreams, clusterId, stream, (chunk) => this.post({ t: 'streamData', rid, chunk })));
    } catch (err) {
      this.post({ t: 'streamEnd', rid, message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async call(call: Call): Promise<unknown> {
    switch (call.method) {
      case 'create':
        this.host.createCluster({ id: call.record.id, token: call.record.token, workers: call.record.workers });
        return undefined;
      case 'wake':
        // The answer says it is awake, with the paused time it woke from, if any (taken: the
        // front keeps it for takePausedSeconds, saving the session a second call); its
        // controllers start after (SandboxHost.startSoon).
        this.host.wake(call.clusterId, { startLater: true });
        return this.host.takePausedSeconds(call.clusterId);
      case 'hold':
        this.holds.set(call.holdId, this.host.hold(call.clusterId));
        return undefined;
      case 'paused':
        return this.host.takePausedSeconds(call.clusterId);
      case 'forget':
        return this.host.forget(call.clusterId);
      case 'delete':
        if (this.host.has(call.clusterId)) this.host.deleteCluster(call.clusterId);
        return undefined;
      case 'run': {
        const entry = call.ifAwake ? this.host.getCluster(call.clusterId) : this.host.wake(call.clusterId);
        return entry ? this.operations(entry.cluster, call.operation) : undefined;
      }
      case 'network':
        return this.networkCall(call.clusterId, call.call);
      case 'close':
        this.host.close();
        this.afterClose?.();
        return undefined;
    }
  }

  /** The calls a waiting thread makes synchronously: the network's resolve and dial. */
  private syncCall(call: Call): unknown {
    if (call.method !== 'network' || (call.call.fn !== 'resolve' && call.call.fn !== 'dial')) throw new Error(`${call.method} cannot be called synchronously`);
    return this.networkNow(call.clusterId, call.call);
  }

  private network(clusterId: string): ClusterNetwork | undefined {
    const runtime = this.host.getCluster(clusterId)?.cluster.context.runtime as { network?: ClusterNetwork } | undefined;
    return runtime?.network;
  }

  private networkNow(clusterId: string, call: NetworkCall): unknown {
    const net = this.network(clusterId);
    if (call.fn === 'resolve') return net?.resolve(call.name, call.namespace);
    if (call.fn === 'dial') {
      const l = net ? net.dial(call.ip, call.port, call.from) : 'EHOSTUNREACH';
      if (typeof l === 'string') return l;
      const n = this.nextListener++;
      this.dialed.set(n, l);
      if (this.dialed.size > MAX_DIALED) this.dialed.delete(this.dialed.keys().next().value!);
      return { listener: n, port: l.port, http: Boolean(l.http), tcp: Boolean(l.tcp) };
    }
    throw new Error(`network call ${call.fn} is asynchronous`);
  }

  private async networkCall(clusterId: string, call: NetworkCall): Promise<unknown> {
    if (call.fn === 'http' || call.fn === 'tcp') {
      const l = this.dialed.get(call.listener);
      if (!l) throw new Error('the connection is gone (dialed too long ago)');
      if (call.fn === 'http') {
        if (!l.http) throw new Error(`port ${l.port} does not speak HTTP`);
        return l.http(call.req, call.from);
      }
      if (!l.tcp) throw new Error(`port ${l.port} does not take raw TCP`);
      return l.tcp(call.data, call.from);
    }
    return this.networkNow(clusterId, call);
  }

  private request(rid: number, head: RequestHead): void {
    const body = new BodyChunks();
    const ex: Exchange = { body, paused: false, abort: () => undefined };
    const finish = () => {
      this.exchanges.delete(rid);
      body.end();
    };
    const handler: DispatchHandler = {
      onHeaders: (status, raw, resume, statusText) => {
        ex.resume = resume;
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i].toString('latin1'), raw[i + 1].toString('latin1')]);
        this.post({ t: 'head', rid, status, statusText, headers });
        return true;
      },
      onData: (chunk) => {
        const own = ownBytes(chunk);
        this.post({ t: 'data', rid, chunk: own });
        return !ex.paused;
      },
      onComplete: () => {
        finish();
        this.post({ t: 'done', rid });
      },
      onError: (err) => {
        finish();
        this.post({ t: 'fail', rid, message: err.message });
      },
    };
    this.exchanges.set(rid, ex);
    const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
      // A refused body (413): the main thread, which holds the socket, stops reading it.
      (req as unknown as Record<symbol, () => void>)[ABANDON] = () => {
        body.end();
        this.post({ t: 'abandonBody', rid });
      };
      return this.host.handleRequest(req, res);
    };
    ex.abort = serveInProcess(handle, { method: head.method, path: head.url, headers: head.headers, body }, handler);
  }

  private upgrade(rid: number, head: RequestHead, first: Buffer): void {
    const socket = new PortDuplex({
      data: (chunk) => this.post({ t: 'sock', rid, chunk }),
      end: () => this.post({ t: 'sockEnd', rid }),
      close: () => {
        this.sockets.delete(rid);
        this.post({ t: 'sockClose', rid });
      },
      pause: () => this.post({ t: 'sockPause', rid }),
      resume: () => this.post({ t: 'sockResume', rid }),
    });
    this.sockets.set(rid, socket);
    const req = Object.assign(new Readable({ read() {} }), { method: head.method, url: head.url, headers: head.headers, httpVersion: '1.1', socket });
    req.push(null);
    try {
      if (!this.host.handleUpgrade(req as unknown as IncomingMessage, socket, first)) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    } catch (err) {
      socket.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

