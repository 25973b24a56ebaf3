/**
 * "Open in a new tab" (GET /api/lab/forward/<pod>:<port>/<path>) against hostile input: no
 * session, malformed targets, paths that try to climb out of the pod's proxy into the cluster
 * API, other methods, a port nothing listens on, and another learner's pod name. The learner's
 * own nginx page comes back in a CSP sandbox with its links kept under the portal prefix.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { buildPortalContext } from '../../lib/lab/context';
import { portalContext, registerPortalContext, unregisterPortalContext } from '../../lib/portal/context';
import { requireSession } from '../../lib/lab/session';
import { applyManifests } from '../../lib/k8s/client/apply';
import { answered, pageLoad, request } from './route-harness';
import * as forwardRoute from '../../app/api/lab/forward/[target]/[[...path]]/route';

const WEB = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports: [{containerPort: 80}]
`;

describe('hostile: open a pod port in a new tab', () => {
  let dataDir: string;
  let host: SandboxHost;
  let server: http.Server;
  let learnerA: string;
  let learnerB: string;

  const forward = (target: string, segments: string[] = [], call: { cookie?: string; method?: string } = {}) => {
    const url = `/api/lab/forward/${target}/${segments.join('/')}`;
    const req = request(url, { cookie: call.cookie, method: call.method, body: call.method && call.method !== 'GET' && call.method !== 'HEAD' ? 'x' : undefined });
    return forwardRoute.GET(req, { params: Promise.resolve({ target, path: segments.length ? segments : undefined }) });
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-forward-'));
    process.env.KUBELAB_DATA_DIR = dataDir;
    host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, scale: 10 }), components: productComponents });
    server = http.createServer((req, res) => {
      if (!host.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registerPortalContext(buildPortalContext({ host, internalBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dataDir }));
    learnerA = pageLoad()!;
    learnerB = pageLoad()!;
    const a = await requireSession(request('/api/lab/session', { cookie: learnerA }), { rateLimited: false });
    await applyManifests(a.kc, WEB);
    await requireSession(request('/api/lab/session', { cookie: learnerB, address: '192.0.2.2' }), { rateLimited: false });
    const cluster = host.getCluster(a.clusterId)!.cluster;
    for (let i = 0; i < 200; i++) {
      const pod = cluster.store.get({ group: '', resource: 'pods' }, 'default', 'web');
      if ((pod?.status as { containerStatuses?: { state: { running?: unknown } }[] } | undefined)?.containerStatuses?.[0]?.state.running) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    host.close();
    portalContext().db.close();
    unregisterPortalContext();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the learner own nginx page in a CSP sandbox, links kept under the prefix', async () => {
    const res = await forward('web:80', [], { cookie: learnerA });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Welcome to nginx!</title>');
    expect(html).toContain('<base href="/api/lab/forward/web:80/">');
    expect(res.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms allow-popups');
    expect(res.headers.get('set-cookie')).toBeNull();
    const missing = await forward('web:80', ['nope.html'], { cookie: learnerA });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('404 Not Found');
  });

  it('refuses a request without the learner cookie (401), before reaching any cluster', async () => {
    const r = await answered(await forward('web:80', [], {}));
    expect(r.status).toBe(401);
  });

  it.each(['web', 'web:0', 'web:70000', 'WEB:80', '..:80', '%E0%A4%A'])('refuses the target %s with a 400 saying what it expects', async (target) => {
    const r = await answered(await forward(target, [], { cookie: learnerA }));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^expected <pod>:<port>/);
  });

  it('refuses .. and . segments that would climb from the pod proxy into the cluster API', async () => {
    const r = await answered(await forward('web:80', ['..', '..', '..', 'secrets'], { cookie: learnerA }));
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('would leave the pod\'s proxy path');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s with 405 and says what to use instead', async (method) => {
    const r = await answered(await forward('web:80', [], { cookie: learnerA, method }));
    expect(r.status).toBe(405);
    expect(r.body.message).toContain('use kubectl port-forward');
  });

  it('a port nothing listens on: 503 with the dial error, and the cluster keeps answering', async () => {
    const r = await answered(await forward('web:8080', [], { cookie: learnerA }));
    expect(r.status).toBe(503);
    expect(r.body.message).toMatch(/^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:8080: connect: connection refused$/);
    expect((await forward('web:80', [], { cookie: learnerA })).status).toBe(200);
  });

  it('another learner asking for the same pod name reaches only their own cluster: 404', async () => {
    const r = await answered(await forward('web:80', [], { cookie: learnerB }));
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('pods "web" not found');
  });
});
