/**
 * Hostile requests to pods/ephemeralcontainers (kubectl debug's endpoint): bodies that are not
 * pods, patches that break the list, names far too long, changes to existing ones, server-side
 * apply, the main resource used instead, another cluster's pod, and a loop adding containers
 * until the sandbox's bound. Each gets a 4xx Status that says what was refused; the pod and the
 * API keep working.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { testParts } from '../../lib/k8s/sandbox/integration/support/test-server';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { MAX_EPHEMERAL_CONTAINERS } from '../../lib/k8s/sandbox/apiserver/subresources/ephemeral-containers';

interface Reply {
  code: number;
  body: { message?: string; reason?: string; spec?: { ephemeralContainers?: { name: string }[] } };
}

describe('hostile: pods/ephemeralcontainers', () => {
  let host: SandboxHost;
  let server: http.Server;
  let base: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };

  const send = (method: string, path: string, body: unknown, contentType = 'application/strategic-merge-patch+json', cluster = a): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${base}/k8s/${cluster.id}${path}`, { method, headers: { Authorization: `Bearer ${cluster.token}`, 'Content-Type': contentType } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      });
      req.on('error', reject);
      req.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  const EC = '/api/v1/namespaces/default/pods/web/ephemeralcontainers';
  const add = (name: string, extra: Record<string, unknown> = {}) => send('PATCH', EC, { spec: { ephemeralContainers: [{ name, image: 'busybox:1.36', ...extra }] } });
  const podStillServed = async () => {
    const r = await send('GET', '/api/v1/namespaces/default/pods/web', undefined, 'application/json');
    expect(r.code).toBe(200);
  };

  beforeAll(async () => {
    host = new SandboxHost({ parts: () => testParts() });
    a = host.createCluster({ workers: 1 }).record;
    b = host.createCluster({ workers: 1 }).record;
    server = http.createServer((req, res) => {
      if (!host.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };
    expect((await send('POST', '/api/v1/namespaces/default/pods', pod, 'application/json')).code).toBe(201);
  });
  afterAll(async () => {
    host.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it.each([
    ['a JSON array', '[1,2,3]', 'application/json', 'PUT', 400],
    ['invalid JSON', '{"spec":', 'application/strategic-merge-patch+json', 'PATCH', 400],
    ['a list that is a string', { spec: { ephemeralContainers: 'debugger' } }, 'application/merge-patch+json', 'PATCH', 422],
    ['containers that are not objects', { spec: { ephemeralContainers: [null, 3] } }, 'application/merge-patch+json', 'PATCH', 422],
    ['a JSON patch on a path that does not exist', [{ op: 'replace', path: '/spec/ephemeralContainers/7/image', value: 'x' }], 'application/json-patch+json', 'PATCH', 422],
    ['server-side apply', { spec: { ephemeralContainers: [] } }, 'application/apply-patch+yaml', 'PATCH', 415],
    ['an unknown content type', 'x', 'application/x-evil', 'PATCH', 415],
  ])('refuses %s', async (_what, body, contentType, method, code) => {
    const r = await send(method, EC, body, contentType);
    expect(r.code, JSON.stringify(r.body)).toBe(code);
    expect(r.body.message).toBeTruthy();
    await podStillServed();
  });

  it('refuses a name of 100 000 characters with the label rule, without echoing it whole', async () => {
    const r = await add('a'.repeat(100_000));
    expect(r.code).toBe(422);
    expect(r.body.message).toContain('a lowercase RFC 1123 label');
    expect(r.body.message!.length).toBeLessThan(1000);
  });

  it('refuses ports, probes and a missing target, each naming the field', async () => {
    expect((await add('p', { ports: [{ containerPort: 80 }] })).body.message).toContain('spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container');
    expect((await add('t', { targetContainerName: 'nope' })).body.message).toContain('spec.ephemeralContainers[0].targetContainerName: Not found: "nope"');
  });

  it('refuses adding ephemeral containers through the main resource, or on create', async () => {
    const r = await send('PATCH', '/api/v1/namespaces/default/pods/web', { spec: { ephemeralContainers: [{ name: 'sneaky', image: 'busybox:1.36' }] } });
    expect(r.code).toBe(422);
    expect(r.body.message).toContain('pod updates may not change fields');
    const created = await send('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pre' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ephemeralContainers: [{ name: 'dbg', image: 'busybox:1.36' }] } }, 'application/json');
    expect(created.code).toBe(422);
    expect(created.body.message).toContain('spec.ephemeralContainers: Forbidden: cannot be set on create');
  });

  it('another cluster cannot reach this pod, and this cluster\'s token cannot reach the other cluster', async () => {
    const other = await send('PATCH', EC, { spec: { ephemeralContainers: [{ name: 'x', image: 'busybox:1.36' }] } }, 'application/strategic-merge-patch+json', b);
    expect(other.code).toBe(404);
    expect(other.body.message).toBe('pods "web" not found');
    const crossed = await send('PATCH', EC, {}, 'application/strategic-merge-patch+json', { id: b.id, token: a.token });
    expect(crossed.code).toBe(401);
  });

  it(`a loop adding ephemeral containers stops at ${MAX_EPHEMERAL_CONTAINERS} with a clear refusal, and changing or removing one is refused`, async () => {
    let refused: Reply | undefined;
    for (let i = 0; i < MAX_EPHEMERAL_CONTAINERS + 5 && !refused; i++) {
      const r = await add(`loop-${i}`);
      if (r.code !== 200) refused = r;
    }
    expect(refused?.code).toBe(422);
    expect(refused?.body.message).toContain(`at most ${MAX_EPHEMERAL_CONTAINERS} ephemeral containers per pod`);
    const pod = host.getCluster(a.id)!.cluster.store.get(GR.pods, 'default', 'web')!;
    expect(((pod.spec as { ephemeralContainers: unknown[] }).ephemeralContainers).length).toBe(MAX_EPHEMERAL_CONTAINERS);
    const change = await send('PATCH', EC, [{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'alpine:3.20' }], 'application/json-patch+json');
    expect(change.code).toBe(422);
    expect(change.body.message).toContain('may not be changed');
    const remove = await send('PATCH', EC, [{ op: 'remove', path: '/spec/ephemeralContainers/0' }], 'application/json-patch+json');
    expect(remove.code).toBe(422);
    expect(remove.body.message).toContain('may not be removed');
    await podStillServed();
  });
});
