/**
 * The sandbox on real worker threads (the portal's product setup, a temporary data directory):
 * where clusters live, a full class, a crashed worker started again with its clusters waking
 * from the store, and a workstation's synchronous name lookups.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterRecords } from '../records-file';
import { withCapacityErrorsAsync } from '../../../lab/class-full';
import { ClusterHandle } from '../../../lab/cluster-handle';
import { WorkerSandboxFront } from './worker-front';
import { startSandboxWorker } from './start-worker';

const SETUP = new URL('./product-setup.ts', import.meta.url).href;
const WORKERS = 2;
/** Awake clusters per worker: small, so a full class is reached with few clusters. */
const MAX_ACTIVE = 2;

describe('the sandbox on worker threads', () => {
  let dataDir: string;
  let front: WorkerSandboxFront;
  let server: http.Server;
  let base: string;
  const logged: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-workers-'));
    front = new WorkerSandboxFront({
      workers: WORKERS,
      dataDir,
      log: (m) => logged.push(m),
      restartDelayMs: () => 0,
      start: (index) => startSandboxWorker({ index, workers: WORKERS, setup: SETUP, dataDir, maxActive: MAX_ACTIVE, minIdleToEvictMs: 0 }),
    });
    await front.ready;
    server = http.createServer((req, res) => {
      if (!front.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await front?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (id: string, p: string, init?: RequestInit) => fetch(`${front.serverURL(base, id)}${p}`, init);
  /** A new cluster on the given worker (ids are random; placement is their hash). */
  const clusterOn = async (worker: number) => {
    for (;;) {
      const r = await front.createCluster({ workers: 1 });
      if (front.workerOf(r.id) === worker) return r;
      await front.deleteCluster(r.id);
    }
  };

  it('places each cluster on one worker, which serves its API and operations, and keeps the records in one file', async () => {
    const a = await clusterOn(0);
    const b = await clusterOn(1);
    for (const r of [a, b]) {
      const nodes = (await (await api(r.id, '/api/v1/nodes')).json()) as { items: { metadata: { name: string } }[] };
      expect(nodes.items.map((n) => n.metadata.name)).toEqual(['control-plane', 'worker-1']);
      expect(await new ClusterHandle(front, r.id).clock()).toMatchObject({ scale: 1 });
    }
    // The token is checked in the main thread: a wrong one reaches no worker.
    expect((await fetch(`${base}/k8s/${a.id}/token-wrong/api/v1/nodes`)).status).toBe(401);
    const stored = readClusterRecords(path.join(dataDir, 'sandbox-clusters.json')).records.map((r) => r.id);
    expect(stored).toEqual(expect.arrayContaining([a.id, b.id]));
    await front.deleteCluster(a.id);
    await front.deleteCluster(b.id);
  });

  it('tells a newcomer the class is full when every slot of its worker is held', async () => {
    const held = [await clusterOn(0), await clusterOn(0)];
    const releases = await Promise.all(held.map((r) => front.hold(r.id)));
    const refused = await withCapacityErrorsAsync(() => clusterOn(0)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'ClassFullLabError', status: 503, message: expect.stringContaining('The class is full') });
    for (const release of releases) release();
    const after = await clusterOn(0);
    for (const r of [...held, after]) await front.deleteCluster(r.id);
  });

  it('reports a worker that stops, starts it again, and its clusters wake from the store', async () => {
    const r = await clusterOn(1);
    const made = await api(r.id, '/api/v1/namespaces/default/configmaps', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { k: 'v' } }) });
    expect(made.status).toBe(201);
    const watch = await api(r.id, '/api/v1/namespaces/default/configmaps?watch=1');
    const reader = watch.body!.getReader();
    await front.crashWorker(1);
    // The open watch ends with the worker, as when a server goes away.
    for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) break;
    expect(logged.join('\n')).toMatch(/worker 1 stopped .*starting it again/);
    // The next request waits for nothing special: the new worker loads the cluster from the store.
    let status = 0;
    for (let i = 0; i < 300 && status !== 200; i++) {
      status = (await api(r.id, '/api/v1/namespaces/default/configmaps/kept')).status;
      if (status !== 200) await new Promise((res) => setTimeout(res, 50));
    }
    expect(status).toBe(200);
    expect(await (await api(r.id, '/api/v1/namespaces/default/configmaps/kept')).json()).toMatchObject({ data: { k: 'v' } });
    await front.deleteCluster(r.id);
  }, 60_000);

  it('answers a workstation\'s name lookups synchronously from the worker holding the cluster', async () => {
    const r = await clusterOn(0);
    const svc = await api(r.id, '/api/v1/namespaces/default/services', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }) });
    const clusterIP = ((await svc.json()) as { spec: { clusterIP: string } }).spec.clusterIP;
    const net = front.network(r.id)!;
    expect(net.resolve('web', 'default')).toEqual({ fqdn: 'web.default.svc.cluster.local', addresses: [clusterIP] });
    expect(net.resolve('nothing-here', 'default')).toBeUndefined();
    // No ready endpoint behind the Service: kube-proxy refuses.
    expect(net.dial(clusterIP, 80)).toBe('ECONNREFUSED');
    await front.deleteCluster(r.id);
  });
});
