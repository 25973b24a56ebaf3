/**
 * Hostile cases for a 64 MiB body that keeps coming after the limit (issue 15, residual): the
 * sandbox API and the portal's routes answer 413 with Connection: close and a lingering close,
 * so a raw client that never stops sending still reads the 413 and its message (not a reset),
 * the server stops reading long before the end, and it keeps answering afterwards.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxHost, type ClusterRecord } from '../../lib/k8s/sandbox/host';
import { testParts } from '../../lib/k8s/sandbox/integration/support/test-server';
import { lingerOnRefusedBody } from '../../lib/http/lingering-close';
import { MAX_BODY_BYTES } from '../../lib/k8s/sandbox/apiserver/body';
import { startRouteHarness, pageLoad, ORIGIN, type RouteHarness } from './route-harness';
import { CLIENT_ADDRESS_HEADER } from '../../lib/http/client-address';
import * as labApply from '../../app/api/lab/apply/route';

const MiB = 1024 * 1024;
const BIG = 64 * MiB;

/** Sends a chunked body of up to 64 MiB without ever pausing to read first; keeps what came back. */
function sendWithoutStopping(port: number, head: string): Promise<{ received: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'a'), Buffer.from('\r\n')]);
    let received = '';
    let sent = 0;
    let ended = false;
    const pump = () => {
      while (!ended && sent < BIG) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(`${head}transfer-encoding: chunked\r\n\r\n`);
      // A JSON string that never closes: valid as far as any limit can tell.
      const open = '{"yaml": "';
      socket.write(`${open.length.toString(16)}\r\n${open}\r\n`);
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

describe('the sandbox API answers a body that keeps coming with a readable 413', () => {
  let host: SandboxHost;
  let cluster: ClusterRecord;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    host = new SandboxHost({ parts: () => testParts() });
    cluster = host.createCluster({ workers: 1 }).record;
    // As server.ts mounts it.
    server = http.createServer((req, res) => {
      lingerOnRefusedBody(req, res);
      if (!host.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    host.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const head = () => `POST /k8s/${cluster.id}/api/v1/namespaces/default/configmaps HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${cluster.token}\r\ncontent-type: application/json\r\n`;

  for (const round of [1, 2, 3]) {
    it(`lets a raw client sending 64 MiB read the 413 Status and its message (round ${round})`, async () => {
      const { received, sent } = await sendWithoutStopping(port, head());
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
      expect(received.toLowerCase()).toContain('connection: close');
      expect(received).toContain(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
      expect(sent).toBeLessThan(BIG);
    });
  }

  it('keeps answering after the refusals', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/k8s/${cluster.id}/api/v1/namespaces/default/configmaps`, { headers: { authorization: `Bearer ${cluster.token}` } });
    expect(res.status).toBe(200);
  });
});

describe('a portal route answers a body that keeps coming with a readable 413', () => {
  let harness: RouteHarness;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    harness = await startRouteHarness();
    // The apply route behind a Node server, its body handed over as Next.js does (the Node request as the web body).
    server = http.createServer((req, res) => {
      lingerOnRefusedBody(req, res);
      const headers = { ...(req.headers as Record<string, string>), [CLIENT_ADDRESS_HEADER]: '192.0.2.9' };
      const webReq = new Request(`${ORIGIN}${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? (req as unknown as ReadableStream) : undefined, duplex: 'half' } as RequestInit);
      void labApply.POST(webReq).then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await harness.close();
  });

  it('lets a raw client sending 64 MiB to the apply route read the 413 and its message', async () => {
    const cookie = pageLoad()!;
    const { received, sent } = await sendWithoutStopping(port, `POST /api/lab/apply HTTP/1.1\r\nhost: localhost:3000\r\norigin: ${ORIGIN}\r\ncookie: ${cookie}\r\ncontent-type: application/json\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toMatch(/"error":"TooLarge"/);
    expect(sent).toBeLessThan(BIG);
    // The same learner's honest apply still goes through afterwards.
    const honest = await fetch(`http://127.0.0.1:${port}/api/lab/apply`, {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${port}`, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-the-flood\ndata:\n  a: b\n' }),
    });
    expect(honest.status).toBe(200);
  });
});
