import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthEndpoints, shownReason, type ReadinessCheck } from './health';
import { PortalFront } from './portal-front';
import { AllowedHosts } from './allowed-hosts';
import { memoryLearnerDb } from '../learners/db';

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** Serves health first, then (like server.ts) the portal front, then a 404 standing in for Next.js. */
async function serve(health: HealthEndpoints, front?: PortalFront): Promise<number> {
  server = http.createServer((req, res) => {
    if (health.handleRequest(req, res)) return;
    if (front?.handleRequest(req, res)) return;
    res.writeHead(404).end('next');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function request(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ok = (name: string): ReadinessCheck => ({ name, check: () => undefined });
const failing = (name: string, reason: string): ReadinessCheck => ({ name, check: () => reason });

describe('health endpoints', () => {
  it('answers /healthz ok and /readyz ok when every check holds, uncached', async () => {
    const port = await serve(new HealthEndpoints([ok('next'), ok('learner-db')]));
    const live = await request(port, '/healthz');
    expect([live.status, live.body]).toEqual([200, 'ok\n']);
    expect(live.headers['cache-control']).toBe('no-store');
    const ready = await request(port, '/readyz');
    expect([ready.status, ready.body]).toEqual([200, 'ok\n']);
  });

  it('answers /readyz 503 naming the failed check and its reason', async () => {
    const port = await serve(new HealthEndpoints([ok('next'), failing('learner-db', 'the learners database gave no answer')]));
    const r = await request(port, '/readyz');
    expect(r.status).toBe(503);
    expect(r.body).toBe('not ready: learner-db: the learners database gave no answer\n');
  });

  it('lists every check with ?verbose, as the Kubernetes API server does', async () => {
    const port = await serve(new HealthEndpoints([ok('next'), failing('sandbox-host', 'the sandbox host is not started')]));
    const r = await request(port, '/readyz?verbose');
    expect(r.body).toBe('[+]next ok\n[-]sandbox-host failed: the sandbox host is not started\nreadyz check failed\n');
  });

  it('answers /readyz 503 once marked not ready (shutting down) while /healthz stays 200', async () => {
    const health = new HealthEndpoints([ok('next')]);
    const port = await serve(health);
    health.markNotReady('shutting down (SIGTERM)');
    expect(await request(port, '/readyz')).toMatchObject({ status: 503, body: 'not ready: shutting-down: shutting down (SIGTERM)\n' });
    expect((await request(port, '/healthz')).status).toBe(200);
    expect(health.shuttingDown).toBe(true);
  });

  it('says only the class and code of an error a check throws, not its message (which may name files)', async () => {
    const err = Object.assign(new Error('unable to open /srv/secret/path/kubelab.db'), { code: 'SQLITE_CANTOPEN' });
    const port = await serve(new HealthEndpoints([{ name: 'learner-db', check: () => { throw err; } }]));
    const r = await request(port, '/readyz');
    expect(r.status).toBe(503);
    expect(r.body).toBe('not ready: learner-db: Error SQLITE_CANTOPEN\n');
  });

  it('fails a check that does not answer within its timeout instead of hanging the probe', async () => {
    const port = await serve(new HealthEndpoints([{ name: 'learner-db', check: () => new Promise<undefined>(() => {}) }], 30));
    const r = await request(port, '/readyz');
    expect(r).toMatchObject({ status: 503, body: 'not ready: learner-db: no answer within 30 ms\n' });
  });

  it('answers a kubelet probe (Host is the pod address, no cookie) before the Host check, and issues it no learner cookie', async () => {
    const front = new PortalFront({ env: {}, dev: false, cookieKey: Buffer.alloc(32, 7), learners: () => memoryLearnerDb(), allowedHosts: AllowedHosts.fromEnv({ KUBELAB_ALLOWED_HOSTS: 'kubelab.school.example' }) });
    const port = await serve(new HealthEndpoints([ok('next')]), front);
    const probe = { host: '10.244.1.7:3000', 'user-agent': 'kube-probe/1.32', accept: '*/*', connection: 'close' };
    for (const path of ['/healthz', '/readyz']) {
      const r = await request(port, path, { headers: probe });
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    // Any other path from that Host is still refused by the front.
    expect((await request(port, '/', { headers: probe })).status).toBe(421);
  });

  it('leaves /healthz and /readyz with a bearer token to the sandbox (a learner cluster\'s own API paths)', async () => {
    const port = await serve(new HealthEndpoints([ok('next')]));
    expect((await request(port, '/readyz', { headers: { authorization: 'Bearer abc' } })).body).toBe('next');
    expect((await request(port, '/healthz?verbose', { headers: { authorization: 'Bearer abc' } })).body).toBe('next');
  });

  it('claims only the exact paths, and answers other methods 405 with Allow', async () => {
    const port = await serve(new HealthEndpoints([ok('next')]));
    for (const path of ['/healthz/etcd', '/readyzz', '/livez', '/api/healthz']) expect((await request(port, path)).body).toBe('next');
    const post = await request(port, '/readyz', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers HEAD with the status and no body', async () => {
    const health = new HealthEndpoints([failing('next', 'Next.js is still preparing its build')]);
    const port = await serve(health);
    const r = await request(port, '/readyz', { method: 'HEAD' });
    expect([r.status, r.body]).toEqual([503, '']);
  });

  it('keeps a reason on one bounded printable line', () => {
    expect(shownReason('line one\nline two\u0007\u00e9')).toBe('line one line two');
    expect(shownReason('x'.repeat(500))).toBe(`${'x'.repeat(197)}...`);
    expect(shownReason('\n')).toBe('failed');
  });
});
