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
  if (typeof opts.body === 'function') return streamedRequest(opts, opts.body, label, t0, timeoutMs);
  return new Promise<HttpAnswer>((resolve, reject) => {
    let bytesSent = 0;
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
    const fixed = opts.body as string | Buffer | undefined;
    if (fixed !== undefined) bytesSent = Buffer.byteLength(fixed);
    req.end(fixed);
  });
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(body.subarray(i, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/**
 * A request whose body is streamed over a raw socket (chunked, or with the Content-Length the
 * case claims), reading the answer at the same time: a server that answers 413 and closes
 * while the body is still coming is seen answering, not as a write error.
 */
function streamedRequest(opts: HttpOptions, body: () => AsyncGenerator<Buffer>, label: string, t0: number, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const headers: Record<string, string> = { host: `localhost:${HOSTILE_PORT}`, connection: 'close', ...opts.headers };
    const chunked = headers['content-length'] === undefined;
    if (chunked) headers['transfer-encoding'] = 'chunked';
    const socket = net.connect({ host: '127.0.0.1', port: HOSTILE_PORT, localAddress: opts.localAddress });
    const received: Buffer[] = [];
    let bytesSent = 0;
    let headAt = -1;
    let settled = false;
    const parse = () => {
      const all = Buffer.concat(received);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const lines = all.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const h: http.IncomingHttpHeaders = {};
      const setCookies: string[] = [];
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim().toLowerCase();
        const v = line.slice(i + 1).trim();
        if (k === 'set-cookie') setCookies.push(v);
        else h[k] = v;
      }
      let raw: Buffer = all.subarray(end + 4);
      const length = h['content-length'] !== undefined ? Number(h['content-length']) : undefined;
      const isChunked = /chunked/i.test(String(h['transfer-encoding'] ?? ''));
      const complete = length !== undefined ? raw.length >= length : isChunked ? raw.includes('0\r\n\r\n') : false;
      if (isChunked) raw = dechunk(raw);
      return { status, headers: h, setCookies, text: raw.toString('utf8'), complete };
    };
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const p = parse();
      if (!p) return reject(err ?? new Error(`${label}: the connection closed without an answer after ${bytesSent} bytes were sent`));
      recorder?.(label, p.text, p.headers, opts.owner);
      resolve({ status: p.status, headers: p.headers, text: p.text, setCookies: p.setCookies, bytesSent, ms: performance.now() - t0 });
    };
    const timer = setTimeout(() => finish(new HttpTimeoutError(label, timeoutMs)), timeoutMs);
    socket.on('data', (d: Buffer) => {
      received.push(d);
      if (headAt < 0 && Buffer.concat(received).includes('\r\n\r\n')) headAt = bytesSent;
      if (parse()?.complete) finish();
    });
    socket.on('close', () => finish());
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      const head = `${opts.method ?? 'POST'} ${opts.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
      socket.write(head);
      void (async () => {
        try {
          for await (const chunk of body()) {
            if (headAt >= 0 || settled || socket.destroyed) return;
            bytesSent += chunk.length;
            // Every piece of a chunk is written whatever write() returns (false only asks to wait).
            if (chunked) socket.write(`${chunk.length.toString(16)}\r\n`);
            let ok = socket.write(chunk);
            if (chunked) ok = socket.write('\r\n');
            if (!ok) await new Promise<void>((r) => { socket.once('drain', r); socket.once('close', r); });
          }
          if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
        } catch {
          // the server closed the connection while we were sending: its answer (if any) decides
        }
      })();
    });
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
