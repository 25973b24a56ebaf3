/**
 * Hostile cases for the health endpoints (/healthz, /readyz), which server.ts answers before the
 * Host check and the learner cookie: a stranger must learn nothing from them but "ok" or a fixed
 * reason, must not reach a learner cluster's own /readyz without its token, and must not make
 * them claim other paths. Requests are written on raw sockets, as server.ts composes the parts.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthEndpoints } from '../../lib/http/health';
import { PortalFront } from '../../lib/http/portal-front';
import { AllowedHosts } from '../../lib/http/allowed-hosts';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { memoryLearnerDb } from '../../lib/learners/db';

const SECRET = 'planted-secret-token-0123456789';
let server: http.Server;
let port: number;
let sandbox: SandboxHost;
let cluster: { id: string; token: string };
let reachedNext = 0;

beforeAll(async () => {
  sandbox = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
  cluster = sandbox.createCluster({ workers: 1 }).record;
  // A failing check whose error message carries a secret (a database URL with its password, say).
  const health = new HealthEndpoints([
    { name: 'next', check: () => undefined },
    { name: 'learner-db', check: () => { throw Object.assign(new Error(`connect to postgres://kubelab:${SECRET}@db failed`), { code: 'ECONNREFUSED' }); } },
  ]);
  const db = memoryLearnerDb();
  const front = new PortalFront({ env: {}, dev: false, cookieKey: Buffer.alloc(32, 1), learners: () => db, allowedHosts: AllowedHosts.fromEnv({ KUBELAB_ALLOWED_HOSTS: 'kubelab.school.example' }) });
  server = http.createServer((req, res) => {
    if (health.handleRequest(req, res)) return;
    if (front.handleRequest(req, res)) return;
    if (sandbox.handleRequest(req, res)) return;
    reachedNext++;
    res.writeHead(404).end('next');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  sandbox.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Writes raw bytes and reads the whole answer (the server closes or the answer ends). */
function raw(request: string): Promise<{ status: number; body: string; text: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(request));
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString('latin1')));
    s.on('error', reject);
    s.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), text });
    });
  });
}

describe('health endpoints under attack', () => {
  it('answer a request with no Host at all (HTTP/1.0) and any Host, with no cookie', async () => {
    const a = await raw('GET /healthz HTTP/1.0\r\n\r\n');
    expect([a.status, a.body]).toEqual([200, 'ok\n']);
    const b = await raw('GET /healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
    expect(b.status).toBe(200);
    expect(b.text.toLowerCase()).not.toContain('set-cookie');
  });

  it('never show a failing check\'s error message (it may carry a password), only its class and code', async () => {
    for (const path of ['/readyz', '/readyz?verbose', '/readyz?verbose=1&verbose']) {
      const r = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(r.status).toBe(503);
      expect(r.text).not.toContain(SECRET);
      expect(r.text).not.toContain('postgres://');
      expect(r.body).toContain('learner-db');
    }
  });

  it('leave a bearer-token /readyz to the sandbox: a wrong token is refused 401, a right one reaches that cluster, not the portal\'s checks', async () => {
    const wrong = await raw('GET /readyz HTTP/1.1\r\nHost: kubelab.school.example\r\nAuthorization: Bearer nottherighttoken\r\nConnection: close\r\n\r\n');
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('learner-db');
    const right = await raw(`GET /readyz HTTP/1.1\r\nHost: kubelab.school.example\r\nAuthorization: Bearer ${cluster.token}\r\nConnection: close\r\n\r\n`);
    // Whatever the cluster answers (its API server decides), it is not the portal's readiness.
    expect(right.status).not.toBe(503);
    expect(right.status).not.toBe(401);
    expect(right.text).not.toContain('learner-db');
  });

  it('claim only the exact paths: encoded, doubled, dotted or upper-case look-alikes go on to the Host check', async () => {
    for (const path of ['/HEALTHZ', '//healthz', '/healthz/', '/x/../healthz', '/healthz%00', '/%68ealthz', '/readyz;verbose', '/readyz.json']) {
      const r = await raw(`GET ${path} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
      expect([path, r.status]).toEqual([path, 421]);
    }
  });

  it('answer other methods 405 without reading a body, and stay up after a very long query', async () => {
    const del = await raw('DELETE /readyz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    expect(del.status).toBe(405);
    const long = await raw(`GET /readyz?${'verbose&'.repeat(1000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(long.status).toBe(503);
    expect((await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200);
    expect(reachedNext).toBe(0);
  });
});
