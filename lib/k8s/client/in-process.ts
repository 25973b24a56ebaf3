/**
 * An in-process transport for client-node: an undici dispatcher that hands each request to the
 * sandbox host's HTTP handler (SandboxHost.handleRequest) in this process, without a socket.
 *
 * The portal still talks to the learner's cluster through the Kubernetes API (ARCHITECTURE §1):
 * client-node builds the same requests (URL with the cluster's path and token, headers, JSON
 * body) and the sandbox's API server answers them with the same handler, authentication and
 * limits as for kubectl. What goes away is the loopback TCP connection client-node opened for
 * every request (it makes a new undici Agent per request for a server with skipTLSVerify), the
 * HTTP/1.1 framing written and parsed on both sides, and the event-loop turns in between: a
 * class pressing Apply together pays for each of those a few hundred times a second.
 *
 * Only the parts of IncomingMessage and ServerResponse the sandbox's handlers use exist here
 * (headers, method, url, body events; writeHead/setHeader/write/end/flushHeaders,
 * writableLength, close/finish). Backpressure follows undici's: when the consumer's onData says
 * stop, writableLength counts what was written since, so a watch whose reader stops is ended
 * by the API server's own buffer limit, as over a socket.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { soonOnThread, type Lane } from '../../turns/turns';
import { LIST_VALUES, WATCH_VALUES, type ListValueSink, type WatchValueSink } from '../sandbox/pure';

/** The sandbox host's request handler: true when it answered (the path is under /k8s/). */
export type InProcessHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** undici's dispatch handler as fetch gives it (the callback style undici 7's fetch uses). */
export interface DispatchHandler {
  onConnect?(abort: (err?: Error) => void): void;
  onResponseStarted?(): void;
  onHeaders?(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: Buffer[] | null): void;
  onError?(err: Error): void;
}

export interface DispatchOptions {
  path: string;
  method: string;
  headers?: Record<string, string | string[] | undefined> | (string | Buffer)[] | null;
  body?: string | Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string> | null;
  upgrade?: string;
}

/** A request this transport cannot carry (an upgrade, or a handler of another shape), named so the caller sees which. */
export class InProcessRequestError extends Error {
  constructor(readonly method: string, readonly path: string, reason: string) {
    super(`in-process sandbox request ${method} ${path}: ${reason}`);
    this.name = 'InProcessRequestError';
  }
}

function headerObject(h: DispatchOptions['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
    return out;
  }
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** The request as the sandbox's handlers read it. 'close' comes when the exchange ends or is aborted, as IncomingMessage's does. */
class InProcessRequest extends Readable {
  readonly headers: Record<string, string>;
  constructor(readonly method: string, readonly url: string, headers: Record<string, string>) {
    super({ autoDestroy: false, read() {} });
    this.headers = headers;
  }
}

const toBuffer = (c: Uint8Array | string): Buffer => (typeof c === 'string' ? Buffer.from(c) : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength));

/** The response: feeds undici's handler as a socket's parser would. */
class InProcessResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  writableEnded = false;
  finished = false;
  destroyed = false;
  private readonly headers = new Map<string, { name: string; value: string | string[] }>();
  private paused = false;
  private bufferedSincePause = 0;

  constructor(private readonly handler: DispatchHandler, private readonly onEnd: () => void) {
    super();
  }

  get writableLength(): number {
    return this.bufferedSincePause;
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers.set(name.toLowerCase(), { name, value: Array.isArray(value) ? [...value] : String(value) });
    return this;
  }

  appendHeader(name: string, value: string | readonly string[]): this {
    const old = this.headers.get(name.toLowerCase());
    const add = Array.isArray(value) ? [...value] : [String(value)];
    this.headers.set(name.toLowerCase(), { name, value: old ? [...(Array.isArray(old.value) ? old.value : [old.value]), ...add] : add });
    return this;
  }

  getHeader(name: string): string | string[] | undefined {
    return this.headers.get(name.toLowerCase())?.value;
  }

  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }

  writeHead(status: number, messageOrHeaders?: string | Record<string, string | string[] | number>, maybeHeaders?: Record<string, string | string[] | number>): this {
    this.statusCode = status;
    const headers = typeof messageOrHeaders === 'object' ? messageOrHeaders : maybeHeaders;
    if (typeof messageOrHeaders === 'string') this.statusMessage = messageOrHeaders;
    for (const [k, v] of Object.entries(headers ?? {})) this.setHeader(k, Array.isArray(v) ? v : String(v));
    this.sendHeaders();
    return this;
  }

  flushHeaders(): void {
    this.sendHeaders();
  }

  private sendHeaders(): void {
    if (this.headersSent || this.destroyed) return;
    this.headersSent = true;
    const raw: Buffer[] = [];
    for (const { name, value } of this.headers.values()) {
      for (const v of Array.isArray(value) ? value : [value]) raw.push(Buffer.from(name, 'latin1'), Buffer.from(v, 'latin1'));
    }
    this.handler.onResponseStarted?.();
    this.handler.onHeaders?.(this.statusCode, raw, () => this.resume(), this.statusMessage);
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.bufferedSincePause = 0;
    this.emit('drain');
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | (() => void), cb?: () => void): boolean {
    if (this.writableEnded || this.destroyed) return false;
    this.sendHeaders();
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : toBuffer(chunk);
    if (buf.length > 0) {
      if (this.paused) this.bufferedSincePause += buf.length;
      if (this.handler.onData?.(buf) === false) this.paused = true;
    }
    const done = typeof encoding === 'function' ? encoding : cb;
    if (done) queueMicrotask(done);
    return !this.paused;
  }

  end(chunk?: string | Uint8Array | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void): this {
    if (this.writableEnded || this.destroyed) return this;
    if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk, typeof encoding === 'string' ? encoding : undefined);
    this.sendHeaders();
    this.writableEnded = true;
    this.finished = true;
    this.handler.onComplete?.([]);
    const done = typeof chunk === 'function' ? chunk : typeof encoding === 'function' ? encoding : cb;
    this.emit('finish');
    this.emit('close');
    this.onEnd();
    if (done) queueMicrotask(done);
    return this;
  }

  /** The consumer went away (fetch aborted): the handlers see the connection close. */
  abortBy(err: Error): void {
    if (this.writableEnded || this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
    this.onEnd();
    this.handler.onError?.(err);
  }

  destroy(err?: Error): this {
    this.abortBy(err ?? new Error('the sandbox ended the response'));
    return this;
  }

  setTimeout(): this {
    return this;
  }

  cork(): void {}

  uncork(): void {}
}

async function feedBody(req: InProcessRequest, body: DispatchOptions['body']): Promise<void> {
  if (body === undefined || body === null) {
    req.push(null);
    return;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    req.push(toBuffer(body));
    req.push(null);
    return;
  }
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    if (req.destroyed) return;
    req.push(toBuffer(chunk));
  }
  req.push(null);
}

/** One request handed to an InProcessHandler: what a socket's parser would have read. */
export interface InProcessExchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: DispatchOptions['body'];
  /** A watch answers its events here as values, not as JSON lines (watch-params.ts WATCH_VALUES). */
  watchValues?: WatchValueSink;
  /** A list without managedFields answers here as values, its body an empty list (watch-params.ts LIST_VALUES). */
  listValues?: ListValueSink;
  /** Its turn on a sandbox worker (lib/turns/turns.ts): 'request' unless a stream's opening list. */
  lane?: Extract<Lane, 'request' | 'list'>;
}

/**
 * Serves one exchange with handle, feeding the answer to handler as a socket's parser would:
 * the dispatcher below uses it for client-node, and a sandbox worker (sandbox/workers) for the
 * requests the main thread forwards. Returns abort: the consumer went away.
 */
export function serveInProcess(handle: InProcessHandler, exchange: InProcessExchange, handler: DispatchHandler): (err?: Error) => void {
  const req = new InProcessRequest(exchange.method, exchange.path, exchange.headers);
  let ended = false;
  const res = new InProcessResponse(handler, () => {
    if (ended) return;
    ended = true;
    req.emit('close');
  });
  if (exchange.watchValues) Object.defineProperty(res, WATCH_VALUES, { value: exchange.watchValues });
  if (exchange.listValues) Object.defineProperty(res, LIST_VALUES, { value: exchange.listValues });
  const abort = (err?: Error) => {
    res.abortBy(err ?? new Error('aborted'));
    if (!req.destroyed) req.destroy();
  };
  // Answer on a later turn, as a socket would: the caller finishes setting up first. On a
  // sandbox worker the request goes ahead of the clusters' background work (lib/turns/turns.ts).
  soonOnThread(() => {
    if (res.destroyed) return;
    feedBody(req, exchange.body).catch((e: unknown) => req.destroy(e instanceof Error ? e : new Error(String(e))));
    let served: boolean;
    try {
      served = handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    } catch (e) {
      res.abortBy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (!served) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `no sandbox cluster serves ${exchange.path.split('?')[0].replace(/\/token-[^/]+/, '/token-…')}` }));
    }
  }, exchange.lane ?? 'request');
  return abort;
}

/** An in-process answer longer than its reader takes (answerText's maxBytes); the exchange was aborted. */
export class InProcessAnswerTooLargeError extends Error {
  constructor(readonly path: string, readonly maxBytes: number) {
    super(`${path.split('?')[0]}: the answer was refused: more than ${maxBytes} bytes`);
    this.name = 'InProcessAnswerTooLargeError';
  }
}

/**
 * One exchange's whole answer, as text with its status: for in-process readers that want the
 * body at once (Apply's object API, the bench's stream's lists). Past maxBytes the exchange is
 * aborted and the answer refused (InProcessAnswerTooLargeError).
 */
export function answerText(handle: InProcessHandler, exchange: InProcessExchange, maxBytes = Number.POSITIVE_INFINITY): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let status = 0;
    let refused = false;
    const abort = serveInProcess(handle, exchange, {
      onHeaders: (code) => {
        status = code;
        return true;
      },
      onData: (chunk) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          refused = true;
          abort();
          reject(new InProcessAnswerTooLargeError(exchange.path, maxBytes));
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete: () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }),
      onError: (err) => {
        if (!refused) reject(err);
      },
    });
  });
}

/**
 * An undici dispatcher over the sandbox host's handler. One serves every cluster of the host;
 * the token in each request's path still decides which cluster answers, and whether it may.
 */
export class InProcessDispatcher extends EventEmitter {
  constructor(private readonly handle: InProcessHandler) {
    super();
  }

  dispatch(opts: DispatchOptions, handler: DispatchHandler): boolean {
    const method = (opts.method ?? 'GET').toUpperCase();
    if (opts.upgrade || !handler.onHeaders) {
      const why = opts.upgrade ? 'upgrades (exec, attach) go over the portal port' : 'the handler is not the callback kind undici fetch uses';
      queueMicrotask(() => handler.onError?.(new InProcessRequestError(method, opts.path, why)));
      return true;
    }
    const abort = serveInProcess(this.handle, { method, path: opts.path, headers: headerObject(opts.headers), body: opts.body }, handler);
    handler.onConnect?.((err) => abort(err));
    return true;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    return Promise.resolve();
  }
}
