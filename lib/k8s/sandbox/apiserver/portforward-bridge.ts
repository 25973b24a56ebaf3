/**
 * One forwarded connection: bytes from kubectl's data stream to a modelled server's Listener
 * and its answer back. The runtime's servers answer whole HTTP requests (`http`) or raw
 * exchanges (`tcp`), so HTTP is framed here: the request is read up to its Content-Length, the
 * server's response is written with `Connection: close`, and the stream ends, which kubectl
 * passes on to the local client (curl, a browser) as the end of the connection.
 */
import { STATUS_CODES } from 'node:http';
import type { HttpRequest, Listener } from '../network/types';

export const BRIDGE_LIMITS = {
  /** Request line and headers (Node's own default). */
  maxHeaderBytes: 16 * 1024,
  /** A request body the modelled servers take (they answer from memory). */
  maxBodyBytes: 1024 * 1024,
  /** Raw bytes held for a tcp server not yet done with the previous piece. */
  maxPendingBytes: 1024 * 1024,
};

export interface ByteSink {
  write(data: Buffer | string): void;
  end(): void;
}

const METHODS = ['GET ', 'HEAD ', 'POST ', 'PUT ', 'PATCH ', 'DELETE ', 'OPTIONS ', 'TRACE ', 'CONNECT '];
const HTTP_METHOD = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT) /;

export class ForwardedConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private mode: 'undecided' | 'http' | 'tcp' | 'done' = 'undecided';
  private tcpChain: Promise<void> = Promise.resolve();

  constructor(private readonly listener: Listener, private readonly out: ByteSink, private readonly from = '127.0.0.1', private readonly limits = BRIDGE_LIMITS) {}

  data(chunk: Buffer): void {
    if (this.mode === 'done') return;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (this.mode === 'undecided') {
      const head = this.buffer.subarray(0, 8).toString('latin1');
      // Still possibly the start of "GET " or "OPTIONS ": wait for the rest of the method.
      if (METHODS.some((m) => m.length > head.length && m.startsWith(head))) return;
      const looksHttp = HTTP_METHOD.test(head);
      this.mode = looksHttp && this.listener.http ? 'http' : this.listener.tcp ? 'tcp' : looksHttp ? 'http' : 'tcp';
    }
    if (this.mode === 'http') this.tryHttp();
    else this.pumpTcp();
  }

  /** The client half-closed its side. */
  end(): void {
    if (this.mode === 'tcp' || this.mode === 'undecided') {
      void this.tcpChain.then(() => this.finish());
    }
  }

  private get finished(): boolean {
    return this.mode === 'done';
  }

  private finish(): void {
    if (this.mode === 'done') return;
    this.mode = 'done';
    this.out.end();
  }

  private tryHttp(): void {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) {
      if (this.buffer.length > this.limits.maxHeaderBytes) this.respond({ status: 431, body: 'Request Header Fields Too Large\n' });
      return;
    }
    const lines = this.buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
    const [method, target] = lines[0].split(' ');
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (!Number.isFinite(length) || length < 0 || length > this.limits.maxBodyBytes) return this.respond({ status: 413, body: 'Request Entity Too Large\n' });
    if (this.buffer.length < headerEnd + 4 + length) return;
    const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    this.mode = 'done';
    const req: HttpRequest = { method, path: target || '/', headers, body };
    if (!this.listener.http) {
      this.mode = 'http';
      return this.respond({ status: 400, body: '' }, true);
    }
    this.listener.http(req, this.from).then(
      (res) => {
        this.mode = 'http';
        this.respond(res, method === 'HEAD');
      },
      () => {
        this.mode = 'http';
        this.finish();
      },
    );
  }

  private respond(res: { status: number; headers?: Record<string, string>; body: string }, noBody = false): void {
    const body = Buffer.from(res.body ?? '');
    const headers: Record<string, string> = { ...(res.headers ?? {}) };
    for (const k of Object.keys(headers)) if (/^(content-length|connection|transfer-encoding)$/i.test(k)) delete headers[k];
    const head = [`HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ''}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, 'Connection: close', '', ''].join('\r\n');
    this.out.write(Buffer.from(head, 'latin1'));
    if (!noBody && body.length) this.out.write(body);
    this.mode = 'http';
    this.finish();
  }

  private pumpTcp(): void {
    if (!this.listener.tcp) return this.finish();
    if (this.buffer.length > this.limits.maxPendingBytes) return this.finish();
    const piece = this.buffer;
    this.buffer = Buffer.alloc(0);
    const tcp = this.listener.tcp.bind(this.listener);
    this.tcpChain = this.tcpChain.then(async () => {
      if (this.finished) return;
      try {
        const reply = await tcp(piece.toString('utf8'), this.from);
        if (reply && !this.finished) this.out.write(reply);
      } catch {
        this.finish();
      }
    });
  }
}
