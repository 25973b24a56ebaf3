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
import type { ToWorker } from './protocol';

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
  const calls = new Map<string, number>();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-workers-'));
    front = new WorkerSandboxFront({
      workers: WORKERS,
      dataDir,
      log: (m) => logged.push(m),
      restartDelayMs: () => 0,
      start: (index) => {
        const worker = startSandboxWorker({ index, workers: WORKERS, setup: SETUP, dataDir, maxActive: MAX_ACTIVE, minIdleToEvictMs: 0 });
        // Counts the calls each kind of the main thread's messages makes.
        const post = worker.postMessage.bind(worker);
        worker.postMessage = (m: ToWorker, transfer?: ArrayBuffer[]) => {
          if (m.t === 'call') calls.set(m.call.method, (calls.get(m.call.method) ?? 0) + 1);
          post(m, transfer);
        };
        return worker;
      },
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
  const configMap = (id: string, name: string) =>
    api(id, '/api/v1/namespaces/default/configmaps', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } }) });

  it('spreads new clusters over the workers, each served by its own, and keeps the records in one file', async () => {
    const a = await front.createCluster({ workers: 1 });
    const b = await front.createCluster({ workers: 1 });
    expect([front.workerOf(a.id), front.workerOf(b.id)]).toEqual([0, 1]);
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

  it('wakes a sleeping cluster on another worker when its own is full, and says the class is full only when every worker is', async () => {
    // Two slots a worker: a, c on worker 0 and b, d on worker 1; e on worker 0 puts a to sleep.
    const [a, b, c, d] = [await front.createCluster(), await front.createCluster(), await front.createCluster(), await front.createCluster()];
    expect((await configMap(a.id, 'kept')).status).toBe(201);
    const held = [await front.hold(c.id)];
    const e = await front.createCluster();
    expect(front.workerOf(e.id)).toBe(0);
    held.push(await front.hold(e.id));
    // Worker 0's slots are held: a wakes on worker 1, with its objects.
    await front.wake(a.id);
    expect(front.workerOf(a.id)).toBe(1);
    // The wake's answer brought how long a's clock was paused: taken once, without asking the worker.
    const pausedCalls = calls.get('paused') ?? 0;
    expect(await front.takePausedSeconds(a.id)).toEqual(expect.any(Number));
    expect(calls.get('paused') ?? 0).toBe(pausedCalls);
    expect(await front.takePausedSeconds(a.id)).toBeUndefined();
    expect(await (await api(a.id, '/api/v1/namespaces/default/configmaps/kept')).json()).toMatchObject({ data: { k: 'v' } });
    held.push(await front.hold(a.id), await front.hold(d.id));
    // Every slot of every worker is held: b (asleep) cannot wake anywhere.
    const refused = await withCapacityErrorsAsync(() => front.wake(b.id)).catch((err: unknown) => err);
    expect(refused).toMatchObject({ name: 'ClassFullLabError', status: 503, message: expect.stringContaining('The class is full') });
    for (const release of held) release();
    await front.wake(b.id);
    for (const r of [a, b, c, d, e]) await front.deleteCluster(r.id);
  });

  it('reports a worker that stops, starts it again, and its clusters wake from the store', async () => {
    const r = await front.createCluster({ workers: 1 });
    const worker = front.workerOf(r.id);
    expect((await configMap(r.id, 'kept')).status).toBe(201);
    const watch = await api(r.id, '/api/v1/namespaces/default/configmaps?watch=1');
    const reader = watch.body!.getReader();
    await front.crashWorker(worker);
    // The open watch ends with the worker, as when a server goes away.
    for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) break;
    expect(logged.join('\n')).toMatch(new RegExp(`worker ${worker} stopped .*starting it again`));
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
    const r = await front.createCluster({ workers: 1 });
    const svc = await api(r.id, '/api/v1/namespaces/default/services', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }) });
    const clusterIP = ((await svc.json()) as { spec: { clusterIP: string } }).spec.clusterIP;
    const net = front.network(r.id)!;
    expect(net.resolve('web', 'default')).toEqual({ fqdn: 'web.default.svc.cluster.local', addresses: [clusterIP] });
    expect(net.resolve('nothing-here', 'default')).toBeUndefined();
    // No ready endpoint behind the Service: kube-proxy refuses.
    expect(net.dial(clusterIP, 80)).toBe('ECONNREFUSED');
    await front.deleteCluster(r.id);
  });

  it('puts every awake cluster to sleep on close, its clock saved in the records file', async () => {
    const r = await front.createCluster({ workers: 1 });
    await front.close();
    const saved = readClusterRecords(path.join(dataDir, 'sandbox-clusters.json')).records.find((x) => x.id === r.id);
    expect(saved?.clock).toMatchObject({ scale: 1, now: expect.any(Number), savedAt: expect.any(String) });
  });
});
