/**
 * Hostile inputs to the sandbox fidelity features of issue 17: root-path requests with wrong or
 * foreign tokens, time zones that try to escape the zone database, eviction floods. Each case asserts
 * a clear refusal AND that the host keeps serving afterwards.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { validateTimeZone } from '../../lib/k8s/sandbox/apiserver/admission/time-zone';
import { startTestServer } from '../../lib/k8s/sandbox/integration/support/test-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function twoClusters() {
  let builds = 0;
  const host = new SandboxHost({
    parts: (r) => {
      builds++;
      return sandboxParts({ clusterId: r.id });
    },
  });
  const a = host.createCluster({ workers: 1 }).record;
  const b = host.createCluster({ workers: 1 }).record;
  let portalServed = 0;
  const server = http.createServer((req, res) => {
    if (host.handleRequest(req, res)) return;
    portalServed++;
    res.writeHead(404).end('portal');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!host.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        host.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { host, a, b, base, get, builds: () => builds, portalServed: () => portalServed };
}

describe('root-path requests with wrong or foreign tokens', () => {
  it('answers a wrong token at a root Kubernetes path with 401 and wakes no cluster', async () => {
    const t = await twoClusters();
    t.host.sleep(t.a.id);
    t.host.sleep(t.b.id);
    const before = t.builds();
    const res = await t.get('/api/v1/namespaces/default/pods', 'x'.repeat(43));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { reason: string }).reason).toBe('Unauthorized');
    expect(t.builds()).toBe(before);
    expect(t.host.isAwake(t.a.id) || t.host.isAwake(t.b.id)).toBe(false);
    expect((await t.get('/api', t.a.token)).status).toBe(200);
  });

  it('wakes only the cluster whose token came, never another', async () => {
    const t = await twoClusters();
    t.host.sleep(t.a.id);
    t.host.sleep(t.b.id);
    expect((await t.get('/version', t.b.token)).status).toBe(200);
    expect(t.host.isAwake(t.b.id)).toBe(true);
    expect(t.host.isAwake(t.a.id)).toBe(false);
  });

  it('shows a cluster only its own objects when another cluster\'s token comes at the root', async () => {
    const t = await twoClusters();
    const created = await fetch(`${t.base}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.a.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'secret-of-a' } }),
    });
    expect(created.status).toBe(201);
    expect((await t.get('/api/v1/namespaces/default/configmaps/secret-of-a', t.b.token)).status).toBe(404);
    expect((await t.get('/api/v1/namespaces/default/configmaps/secret-of-a', t.a.token)).status).toBe(200);
  });

  it('does not let a bearer token of cluster B open cluster A\'s prefix path', async () => {
    const t = await twoClusters();
    const res = await t.get(`/k8s/${t.a.id}/api/v1/namespaces`, t.b.token);
    expect(res.status).toBe(401);
    expect((await t.get(`/k8s/${t.a.id}/api/v1/namespaces`, t.a.token)).status).toBe(200);
  });

  it('leaves the portal\'s own /api routes to the portal even with a valid cluster token', async () => {
    const t = await twoClusters();
    for (const p of ['/api/lab/session', '/api/lab/kubeconfig', '/api/classes', '/', '/learn', '/_next/static/x.js']) {
      const res = await t.get(p, t.a.token);
      expect(await res.text(), p).toBe('portal');
    }
    expect(t.portalServed()).toBe(6);
  });

  it('leaves root Kubernetes paths without a token to the portal (no cluster answers, none wakes)', async () => {
    const t = await twoClusters();
    t.host.sleep(t.a.id);
    const before = t.builds();
    expect(await (await t.get('/api/v1/namespaces')).text()).toBe('portal');
    expect(await (await t.get('/apis')).text()).toBe('portal');
    expect(t.builds()).toBe(before);
  });

  it('refuses a Basic or empty Authorization header at the root as no token at all', async () => {
    const t = await twoClusters();
    const basic = await fetch(`${t.base}/api/v1/namespaces`, { headers: { authorization: `Basic ${Buffer.from(`x:${t.a.token}`).toString('base64')}` } });
    expect(await basic.text()).toBe('portal');
    const empty = await fetch(`${t.base}/api/v1/namespaces`, { headers: { authorization: 'Bearer ' } });
    expect(await empty.text()).toBe('portal');
    expect((await t.get('/api', t.a.token)).status).toBe(200);
  });

  it('answers a 16 KiB bearer token with 401 and keeps serving', async () => {
    const t = await twoClusters();
    const res = await t.get('/apis', 'A'.repeat(16_000));
    expect(res.status).toBe(401);
    expect((await t.get('/apis', t.a.token)).status).toBe(200);
  });

  it('refuses a root-path WebSocket upgrade with a wrong token before any cluster wakes', async () => {
    const t = await twoClusters();
    t.host.sleep(t.a.id);
    const before = t.builds();
    const port = Number(new URL(t.base).port);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'GET /api/v1/namespaces/default/pods/p/exec?command=sh HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer wrong\r\n\r\n',
        );
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(t.builds()).toBe(before);
    expect((await t.get('/version', t.a.token)).status).toBe(200);
  });
});

describe('CronJob time zones that try to leave the zone database', () => {
  it('refuses path traversal, absolute paths and NUL bytes as unknown time zones', () => {
    for (const tz of ['../../etc/passwd', '/etc/localtime', 'Europe/../../../etc/shadow', 'UTC\u0000', '..']) {
      const causes = validateTimeZone(tz);
      expect(causes, tz).toHaveLength(1);
      expect(causes[0].message).toContain('unknown time zone');
    }
    expect(validateTimeZone('Europe/Paris')).toEqual([]);
  });

  it('refuses a 1 MB time zone quickly with one cause', () => {
    const causes = validateTimeZone('A/'.repeat(500_000));
    expect(causes).toHaveLength(1);
    expect(causes[0].field).toBe('spec.timeZone');
  });
});

describe('eviction floods against a PodDisruptionBudget', () => {
  async function guarded(status: Record<string, unknown>, pdbSpec: Record<string, unknown> = { minAvailable: 1 }) {
    const s = await startTestServer();
    cleanups.push(() => s.close());
    const post = (path: string, body: unknown) => fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'guarded' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    for (const name of ['g-0', 'g-1']) expect((await post('/api/v1/namespaces/default/pods', pod(name))).status).toBe(201);
    // The pods run and are ready, and the budget's status is what the controller would have written.
    for (const name of ['g-0', 'g-1']) {
      const res = await fetch(`${s.url}/api/v1/namespaces/default/pods/${name}/status`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }),
      });
      expect(res.status).toBe(200);
    }
    expect((await post('/apis/policy/v1/namespaces/default/poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'guard' }, spec: { selector: { matchLabels: { app: 'guarded' } }, ...pdbSpec } })).status).toBe(201);
    const patched = await fetch(`${s.url}/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { observedGeneration: 1, ...status } }),
    });
    expect(patched.status).toBe(200);
    const evict = (name: string) => post(`/api/v1/namespaces/default/pods/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    const podCount = async () => ((await (await fetch(`${s.url}/api/v1/namespaces/default/pods`)).json()) as { items: unknown[] }).items.length;
    return { s, evict, podCount };
  }

  it('answers 200 evictions of a budget that allows none with 429 and the DisruptionBudget cause, deleting nothing', async () => {
    const { evict, podCount } = await guarded({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => evict(i % 2 ? 'g-1' : 'g-0')));
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([429]));
    const body = (await answers[0].json()) as { message: string; reason: string; details: { causes: { reason: string; message: string }[] } };
    expect(body.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(body.reason).toBe('TooManyRequests');
    expect(body.details.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 2 healthy pods and has 2 currently' }]);
    expect(await podCount()).toBe(2);
  });

  it('lets a flood of evictions take only as many pods as the budget allows', async () => {
    const { evict, podCount } = await guarded({ disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => evict(i % 2 ? 'g-1' : 'g-0')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((c) => c === 201)).toHaveLength(1);
    expect(statuses.every((c) => c === 201 || c === 429 || c === 404)).toBe(true);
    expect(await podCount()).toBe(1);
  });

  it('answers 429 with Retry-After while the budget has not been processed yet', async () => {
    const { evict } = await guarded({ observedGeneration: 0 });
    const res = await evict('g-0');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(((await res.json()) as { details: { causes: { message: string }[] } }).details.causes[0].message).toBe('The disruption budget guard is still being processed by the server.');
  });

  it('refuses an eviction body of another kind and an unknown pod, and keeps serving', async () => {
    const { s, evict } = await guarded({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 });
    const wrong = await fetch(`${s.url}/api/v1/namespaces/default/pods/g-0/eviction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'Pod' }) });
    expect(wrong.status).toBe(400);
    expect((await evict('nobody')).status).toBe(404);
    expect((await fetch(`${s.url}/api/v1/namespaces/default/pods/g-0`)).status).toBe(200);
  });
});
