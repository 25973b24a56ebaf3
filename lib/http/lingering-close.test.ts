import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lingerOnRefusedBody, type LingerLimits } from './lingering-close';
import { readBody } from '../k8s/sandbox/apiserver/body';
import { readBodyBytes } from '../lab/request';

const LIMIT = 64 * 1024;
const LINGER: LingerLimits = { maxBytes: 1024 * 1024, maxMs: 60_000 };
const servers: http.Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A server whose handler refuses bodies over LIMIT with a 413 and a message, as both of ours do. */
async function serve(read: (req: http.IncomingMessage) => Promise<unknown>, limits = LINGER): Promise<number> {
  const server = http.createServer((req, res) => {
    lingerOnRefusedBody(req, res, limits);
    read(req).then(
      () => res.writeHead(200).end('read'),
      (e: Error) => {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: e.message }));
      },
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/**
 * A client that sends a chunked body without end, never stopping to read first (as a browser
 * uploading does), and keeps everything the server sent until the connection ends.
 */
function sendForever(port: number): Promise<{ received: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'a'), Buffer.from('\r\n')]);
    let received = '';
    let sent = 0;
    let ended = false;
    const pump = () => {
      while (!ended && sent < 64 * 1024 * 1024) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write('POST /upload HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      pump();
    });
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    const done = () => {
      if (ended) return;
      ended = true;
      resolve({ received, sent });
    };
    socket.on('error', done);
    socket.on('close', done);
  });
}

/** The portal's routes read the body as Next.js gives it: a web Request over the Node request. */
const portalRead = (req: http.IncomingMessage) =>
  readBodyBytes(new Request('http://localhost/upload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: req as unknown as ReadableStream, duplex: 'half' } as RequestInit), LIMIT);

describe('lingerOnRefusedBody', () => {
  it('lets a client that keeps sending read the sandbox API 413 and its message, with Connection: close', async () => {
    const port = await serve((req) => readBody(req, LIMIT));
    const { received, sent } = await sendForever(port);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain(`Request entity too large: limit is ${LIMIT}`);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('lets a client that keeps sending read a portal route 413 read through a web Request, as Next.js builds it', async () => {
    // Once the web stream is cancelled the request emits no more data: the linger ends by time.
    const port = await serve(portalRead, { ...LINGER, maxMs: 300 });
    const { received, sent } = await sendForever(port);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain(`request body larger than ${LIMIT} bytes`);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('closes after the lingering allowance, so a client sending without end cannot hold the connection', async () => {
    const port = await serve((req) => readBody(req, LIMIT));
    const { sent } = await sendForever(port);
    // The limit, the allowance and what the two kernels' buffers hold: far less than 64 MiB.
    expect(sent).toBeLessThan(LIMIT + LINGER.maxBytes + 16 * 1024 * 1024);
  });

  it('leaves a body within the limit and the keep-alive connection as they were', async () => {
    const port = await serve((req) => readBody(req, LIMIT));
    const res = await fetch(`http://127.0.0.1:${port}/upload`, { method: 'POST', body: 'small' });
    expect([res.status, await res.text(), res.headers.get('connection')]).toEqual([200, 'read', 'keep-alive']);
  });
});
