/**
 * A small HTTP client over node:http, so a case controls everything a browser would not let it:
 * the Host header, the client's own loopback address (127.0.0.x counts as another machine for
 * per-address limits), bodies streamed in chunks without Content-Length, and reading an answer
 * while still sending. Every answer's text is handed to the recorder for the leak checks.
 */
import http from 'node:http';
import net from 'node:net';
import { HOSTILE_PORT } from './layout';

export class HttpTimeoutError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'HttpTimeoutError';
  }
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  setCookies: string[];
  /** Bytes of the request body actually written before the answer came (streamed bodies). */
  bytesSent: number;
  ms: number;
}

export interface HttpOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string/Buffer is sent with Content-Length; a generator is sent chunked. */
  body?: string | Buffer | (() => AsyncGenerator<Buffer>);
  localAddress?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onChunk?: (text: string) => void;
  /** Stop reading (and keep only this much) beyond this size. */
  maxBytes?: number;
  /** Whose answer this is: that learner's own cluster token may appear in it. */
  owner?: { readonly token: string };
}

export type Recorder = (label: string, text: string, headers: http.IncomingHttpHeaders, owner?: { readonly token: string }) => void;

let recorder: Recorder | undefined;
export function setRecorder(r: Recorder | undefined): void {
  recorder = r;
}

export function httpRequest(opts: HttpOptions): Promise<HttpAnswer> {
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const label = `${opts.method ?? 'GET'} ${opts.path.slice(0, 120)}`;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const headers: Record<string, string> = { host: `localhost:${HOSTILE_PORT}`, connection: 'close', ...opts.headers };
    if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) headers['content-length'] ??= String(Buffer.byteLength(opts.body));
    const req = http.request({ host: '127.0.0.1', port: HOSTILE_PORT, method: opts.method ?? 'GET', path: opts.path, headers, localAddress: opts.localAddress, agent: false, setHost: false });
    const timer = setTimeout(() => {
      req.destroy(new HttpTimeoutError(label, timeoutMs));
    }, timeoutMs);
    const onAbort = () => req.destroy(new Error(`${label}: aborted`));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err?: Error, a?: HttpAnswer) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(a!);
    };
    req.on('error', (e) => done(e));
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        if (opts.maxBytes !== undefined && size >= opts.maxBytes) return;
        chunks.push(d);
        size += d.length;
        opts.onChunk?.(d.toString('utf8'));
      });
      const finish = () => {
        const text = Buffer.concat(chunks).toString('utf8');
        recorder?.(label, text, res.headers, opts.owner);
        const sc = res.headers['set-cookie'] ?? [];
        done(undefined, { status: res.statusCode ?? 0, headers: res.headers, text, setCookies: sc, bytesSent, ms: performance.now() - t0 });
      };
      res.on('end', finish);
      res.on('error', (e) => done(e));
      // A stream the server cuts counts as the end of what it said.
      res.on('aborted', finish);
    });
    if (typeof opts.body === 'function') {
      const gen = opts.body;
      void (async () => {
        try {
          for await (const chunk of gen()) {
            if (answered || req.destroyed) break;
            bytesSent += chunk.length;
            if (!req.write(chunk)) await new Promise<void>((r) => { req.once('drain', r); req.once('close', r); });
          }
          if (!req.destroyed) req.end();
        } catch {
          // the server closed the connection while we were sending: its answer (if any) decides
        }
      })();
    } else {
      if (opts.body !== undefined) bytesSent = Buffer.byteLength(opts.body);
      req.end(opts.body);
    }
  });
}

/**
 * Writes raw bytes on a fresh connection and collects what comes back until the server closes
 * it or the time is up: for requests node:http would not send (upgrades, broken framing).
 */
export function rawExchange(request: string, timeoutMs: number): Promise<{ data: string; closedByServer: boolean; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: HOSTILE_PORT });
    let data = '';
    let settled = false;
    const settle = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      recorder?.(`raw ${request.split('\r\n')[0]}`, data, {});
      resolve({ data, closedByServer, ms: performance.now() - t0 });
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('end', () => settle(true));
    socket.on('close', () => settle(true));
    socket.on('error', () => settle(true));
  });
}
