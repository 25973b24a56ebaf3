/**
 * Hostile learners against the sandbox's per-cluster budgets (issue 15, item 3): object floods,
 * a big object rewritten in a loop, disks filled from inside containers, an exec stdin flood
 * and busy loops at 60×. Every case asserts a clear refusal or a bounded error AND that the
 * cluster (or its neighbour) keeps working. Small budgets keep the cases fast; the defaults and
 * why they were chosen: the sandbox README's budgets section. No wall-time thresholds: CPU
 * cases run on an injected wall clock and count steps and progress.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { apiServerStore, sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { simCluster, type SimCluster } from '../../lib/k8s/sandbox/testing/sim-cluster';
import { SandboxRuntime } from '../../lib/k8s/sandbox/runtime/sandbox-runtime';
import { createClusterNetwork } from '../../lib/k8s/sandbox/network/cluster-network';
import { ClusterBudget, type ClusterBudgetLimits } from '../../lib/k8s/sandbox/runtime/cluster-budget';
import { ManualWallTimer } from '../../lib/k8s/sandbox/runtime/shell/wall-timer.testing';
import { CpuBucket } from '../../lib/k8s/sandbox/runtime/shell/cpu-bucket';
import { ObjectStore } from '../../lib/k8s/sandbox/store/object-store';
import { ManualClock } from '../../lib/k8s/sandbox/clock';
import { catchStatusError } from '../../lib/k8s/sandbox/status-error.testing';
import { spawnProcess } from '../../lib/k8s/sandbox/runtime/shell/spawn';
import { MemoryVfs } from '../../lib/k8s/sandbox/runtime/vfs/memory-vfs';
import { EMPTY_NETWORK } from '../../lib/k8s/sandbox/runtime/shell/test-driver';
import { MAX_STDIN_QUEUED_BYTES, StdinFlow, type Executor } from '../../lib/k8s/sandbox/apiserver/exec';
import { MAX_INPUT } from '../../lib/k8s/sandbox/runtime/shell/interactive';
import type { KubeObject } from '../../lib/k8s/sandbox/types';

const MiB = 1024 * 1024;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// ---------- a cluster served over HTTP ----------

interface Served {
  host: SandboxHost;
  url: string;
  base: string;
  store: ReturnType<typeof apiServerStore>;
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: { message?: string; reason?: string; code?: number; items?: unknown[] } }>;
}

async function serve(opts: { maxObjects?: number; maxHistoryBytes?: number; maxStoredBytes?: number; withComponents?: boolean } = {}): Promise<Served> {
  let store: ReturnType<typeof apiServerStore> | undefined;
  const host = new SandboxHost({
    parts: (r) => {
      const parts = sandboxParts({ clusterId: r.id, maxHistoryBytes: opts.maxHistoryBytes, maxStoredBytes: opts.maxStoredBytes });
      store = parts.store as ReturnType<typeof apiServerStore>;
      return parts;
    },
    limits: opts.maxObjects ? { maxObjects: opts.maxObjects } : undefined,
    components: opts.withComponents ? productComponents : undefined,
  });
  const { record } = host.createCluster({ workers: 1 });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket);
    if (!host.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = host.serverURL(base, record.id);
  cleanups.push(() => new Promise<void>((resolve) => {
    host.close();
    for (const socket of upgraded) socket.destroy();
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return {
    host,
    url,
    base,
    store: store!,
    async request(method, path, body, contentType = 'application/json') {
      const res = await fetch(`${url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : {} };
    },
  };
}

const configMap = (name: string, data: Record<string, string> = { k: name }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

// ---------- a product cluster on a ManualClock with its own budgets ----------

interface BudgetSim {
  sim: SimCluster;
  budget: ClusterBudget;
  wall: ManualWallTimer;
  logs(pod: string, container?: string): string[];
}

function budgetSim(limits: Partial<ClusterBudgetLimits> = {}, shared?: { wall: ManualWallTimer; hostCpu: CpuBucket }): BudgetSim {
  const wall = shared?.wall ?? new ManualWallTimer();
  const budget = new ClusterBudget(limits, wall, shared?.hostCpu);
  const sim = simCluster({
    workers: 1,
    components: productComponents,
    runtime: ({ client, clock }) => new SandboxRuntime({ clock, net: createClusterNetwork(client), random: () => 0.5, cluster: budget }),
  });
  cleanups.push(() => sim.close());
  return {
    sim,
    budget,
    wall,
    logs: (pod, container = 'main') => sim.cluster.logs.read({ namespace: 'default', pod, container }).map((l) => l.text),
  };
}

const podObj = (name: string, script: string, extra: { volumes?: object[]; mounts?: object[]; restartPolicy?: string; containers?: number } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    restartPolicy: extra.restartPolicy ?? 'Never',
    volumes: extra.volumes,
    containers: Array.from({ length: extra.containers ?? 1 }, (_, i) => ({
      name: i === 0 ? 'main' : `main-${i}`,
      image: 'busybox:1.36',
      command: ['sh', '-c', script],
      volumeMounts: extra.mounts,
    })),
  },
} as KubeObject);

/**
 * Turns of the event loop for containers' CPU-bound work: a SimCluster's run() settles its
 * controllers, and a busy shell only moves between those turns (it yields every 256 steps).
 */
async function turns(n = 300): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Runs virtual time and gives the containers turns, `rounds` times. */
async function runWithTurns(s: BudgetSim, ms: number, rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await s.sim.run(ms);
    await turns();
  }
}

const phaseOf = (s: BudgetSim, name: string) => (s.sim.get(GR.pods, 'default', name)?.status as { phase?: string } | undefined)?.phase;

// ---------- objects ----------

describe('hostile: object floods', () => {
  it('an object flood through the API stops at the cap with 403 exceeded quota, and reads and deletes still work', async () => {
    const s = await serve({ maxObjects: 60 });
    let refused: { status: number; body: { message?: string; reason?: string } } | undefined;
    let created = 0;
    for (let i = 0; i < 200 && !refused; i++) {
      const r = await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap(`flood-${i}`));
      if (r.status === 201) created++;
      else refused = r;
    }
    expect(created).toBeGreaterThan(0);
    expect(refused?.status).toBe(403);
    expect(refused?.body.reason).toBe('Forbidden');
    expect(refused?.body.message).toMatch(/^configmaps is forbidden: exceeded quota: sandbox-object-count, requested: count\/objects=1, used: count\/objects=60, limited: count\/objects=60 \(this sandbox cluster holds at most 60 objects/);
    expect((await s.request('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    expect((await s.request('DELETE', '/api/v1/namespaces/default/configmaps/flood-0')).status).toBe(200);
    expect((await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap('after-delete'))).status).toBe(201);
  });

  it('server-side apply of new objects is held to the same cap', async () => {
    const s = await serve({ maxObjects: 40 });
    let last = 0;
    for (let i = 0; i < 100; i++) {
      const r = await s.request('PATCH', `/api/v1/namespaces/default/configmaps/ssa-${i}?fieldManager=kubectl`, configMap(`ssa-${i}`), 'application/apply-patch+yaml');
      last = r.status;
      if (r.status !== 201) {
        expect(r.status).toBe(403);
        expect(r.body.message).toContain('exceeded quota');
        break;
      }
    }
    expect(last).toBe(403);
    expect(s.store.count!()).toBe(40);
  });

  it('controllers cannot create past the cap either: a Job asking for 500 pods stops at it, and the API still answers', async () => {
    const s = await serve({ maxObjects: 80, withComponents: true });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'swarm', namespace: 'default' }, spec: { parallelism: 500, completions: 500, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } } };
    expect((await s.request('POST', '/apis/batch/v1/namespaces/default/jobs', job)).status).toBe(201);
    const cluster = s.host.getCluster(s.host.listClusters()[0].id)!.cluster;
    for (let i = 0; i < 20; i++) await cluster.settle();
    expect(s.store.count!()).toBeLessThanOrEqual(80);
    expect((await s.request('GET', '/apis/batch/v1/namespaces/default/jobs/swarm')).status).toBe(200);
  });

  it('the store refuses past its own cap whatever writes to it (bootstrap paths bypass the API server)', () => {
    const store = new ObjectStore({ clock: new ManualClock(0), maxObjects: 3 });
    for (let i = 0; i < 3; i++) store.create(GR.configmaps, configMap(`c${i}`) as KubeObject);
    const err = catchStatusError(() => store.create(GR.configmaps, configMap('c3') as KubeObject));
    expect(err.code).toBe(403);
    expect(err.message).toBe('exceeded quota: sandbox allows at most 3 objects');
    expect(store.get(GR.configmaps, 'default', 'c2')).toBeDefined();
  });

  it('big objects under the count cap still stop at the bytes budget: 1 MiB ConfigMaps are refused with 403 once 8 MiB are stored', async () => {
    const s = await serve({ maxStoredBytes: 8 * MiB });
    const blob = 'b'.repeat(MiB);
    let refused: { status: number; body: { message?: string } } | undefined;
    let created = 0;
    for (let i = 0; i < 50 && !refused; i++) {
      const r = await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap(`blob-${i}`, { blob }));
      if (r.status === 201) created++;
      else refused = r;
    }
    expect(created).toBe(7);
    expect(refused?.status).toBe(403);
    expect(refused?.body.message).toMatch(/^exceeded quota: sandbox-object-bytes, requested: bytes=\d+, used: bytes=\d+, limited: bytes=8388608 /);
    expect(s.store.storedUsage().bytes).toBeLessThanOrEqual(8 * MiB);
    // Small objects still fit, and a delete makes room for a big one again.
    expect((await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap('small'))).status).toBe(201);
    expect((await s.request('DELETE', '/api/v1/namespaces/default/configmaps/blob-0')).status).toBe(200);
    expect((await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap('blob-again', { blob }))).status).toBe(201);
  });

  it('one cluster at its cap leaves another cluster on the same host free to create', async () => {
    const s = await serve({ maxObjects: 40 });
    for (let i = 0; i < 60; i++) await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap(`full-${i}`));
    expect((await s.request('POST', '/api/v1/namespaces/default/configmaps', configMap('one-more'))).status).toBe(403);
    const other = s.host.createCluster({ workers: 1 });
    const res = await fetch(`${s.host.serverURL(s.base, other.record.id)}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(configMap('fine')) });
    expect(res.status).toBe(201);
  });
});

// ---------- watch history ----------

describe('hostile: watch history', () => {
  it('a 1.5 MiB object updated 1000 times keeps the watch history under its byte budget, and a stale resume gets 410 Gone', async () => {
    const s = await serve({ maxHistoryBytes: 32 * MiB });
    // One string for every version keeps the test fast; the store charges each version for it
    // all the same, as each PUT over HTTP parses a string of its own.
    const blob = 'x'.repeat(1.5 * MiB - 2048);
    const big = (i: number) => configMap('big', { blob, version: String(i) }) as KubeObject;
    s.store.create(GR.configmaps, big(0));
    const firstRv = s.store.resourceVersion();
    let peak = 0;
    for (let i = 1; i <= 1000; i++) {
      s.store.update(GR.configmaps, big(i));
      peak = Math.max(peak, s.store.historyUsage().bytes);
    }
    expect(peak).toBeLessThanOrEqual(32 * MiB);
    expect(s.store.historyUsage().events).toBeLessThan(30);
    const res = await fetch(`${s.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${firstRv}`);
    expect(res.status).toBe(410);
    const status = await res.json() as { reason: string; message: string };
    expect(status.reason).toBe('Expired');
    expect(status.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    expect((await s.request('GET', '/api/v1/namespaces/default/configmaps/big')).status).toBe(200);
  });

  it('a watch from a recent resourceVersion still replays what the budget kept', async () => {
    const s = await serve({ maxHistoryBytes: 4 * MiB });
    s.store.create(GR.configmaps, configMap('big') as KubeObject);
    for (let i = 1; i <= 50; i++) s.store.update(GR.configmaps, configMap('big', { blob: `${i}`.padEnd(MiB, 'y') }) as KubeObject);
    const rv = Number(s.store.resourceVersion());
    const ac = new AbortController();
    const res = await fetch(`${s.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv - 1}`, { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(text.slice(0, text.indexOf('\n'))).object.metadata.resourceVersion).toBe(String(rv));
    ac.abort();
  });

  it('a watch client that stops reading is dropped once its buffer passes the limit, and the cluster keeps serving', async () => {
    const s = await serve();
    s.store.create(GR.configmaps, configMap('w') as KubeObject);
    const rv = s.store.resourceVersion();
    const path = new URL(`${s.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    const ended = new Promise<number>((resolve, reject) => {
      const req = http.get(path, (res) => {
        res.pause();
        let bytes = 0;
        // Read nothing until the server has written far more than any socket buffer holds.
        setTimeout(() => {
          res.on('data', (d: Buffer) => (bytes += d.length));
          res.on('end', () => resolve(bytes));
          res.on('error', () => resolve(bytes));
          res.on('close', () => resolve(bytes));
          res.resume();
        }, 50);
        for (let i = 0; i < 40; i++) s.store.update(GR.configmaps, configMap('w', { blob: `${i}`.padEnd(MiB, 'z') }) as KubeObject);
      });
      req.on('error', reject);
    });
    const received = await ended;
    expect(received).toBeLessThan(40 * MiB);
    expect((await s.request('GET', '/api/v1/namespaces/default/configmaps/w')).status).toBe(200);
  });
});

// ---------- filesystems ----------

describe('hostile: filling disks from inside containers', () => {
  it('`yes > file` in an emptyDir fails with No space left on device once the cluster disk is full, and the shell goes on', async () => {
    const s = budgetSim({ containerFsBytes: 2 * MiB });
    s.sim.apply(podObj('filler', 'yes > /data/fill; echo "exit $?"; echo still alive', { volumes: [{ name: 'data', emptyDir: {} }], mounts: [{ name: 'data', mountPath: '/data' }] }));
    await runWithTurns(s, 10_000);
    const log = s.logs('filler');
    expect(log.some((l) => l.includes('No space left on device'))).toBe(true);
    expect(log.at(-1)).toBe('still alive');
    expect(phaseOf(s, 'filler')).toBe('Succeeded');
    expect(s.budget.containerFs.usedBytes()).toBeLessThanOrEqual(2 * MiB);
  });

  it('`dd if=/dev/zero` filling an emptyDir stops with dd: error writing ... No space left on device', async () => {
    const s = budgetSim({ containerFsBytes: 3 * MiB });
    s.sim.apply(podObj('dd', 'dd if=/dev/zero of=/data/big bs=1M count=1000; echo "dd exit $?"; ls /data', { volumes: [{ name: 'data', emptyDir: {} }], mounts: [{ name: 'data', mountPath: '/data' }] }));
    await runWithTurns(s, 10_000);
    const log = s.logs('dd');
    expect(log).toContain("dd: error writing '/data/big': No space left on device");
    expect(log).toContain('dd exit 1');
    expect(log.at(-1)).toBe('big');
    expect(s.budget.containerFs.usedBytes()).toBeLessThanOrEqual(3 * MiB);
  });

  it('`while true; do echo x >> f; done` stops at the disk budget with ENOSPC instead of growing', async () => {
    const s = budgetSim({ containerFsBytes: 256 * 1024 });
    s.sim.apply(podObj('appender', 'while echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx >> /data/f; do :; done; echo "write failed"', { volumes: [{ name: 'data', emptyDir: {} }], mounts: [{ name: 'data', mountPath: '/data' }] }));
    for (let i = 0; i < 30 && phaseOf(s, 'appender') !== 'Succeeded'; i++) {
      await s.wall.advance(1000);
      await runWithTurns(s, 10_000, 1);
    }
    expect(s.logs('appender')).toContain('write failed');
    expect(s.logs('appender').some((l) => l.includes('No space left on device'))).toBe(true);
    expect(s.budget.containerFs.usedBytes()).toBeLessThanOrEqual(256 * 1024);
  });

  it('many containers each under their own budget still share one disk per cluster: the root filesystems fill it, then ENOSPC', async () => {
    const s = budgetSim({ containerFsBytes: 3 * MiB });
    s.sim.apply(podObj('many', 'yes > /tmp/fill 2>/tmp/err; cat /tmp/err; sleep 3600', { containers: 6 }));
    await runWithTurns(s, 10_000);
    const all = Array.from({ length: 6 }, (_, i) => s.logs('many', i === 0 ? 'main' : `main-${i}`)).flat();
    expect(all.some((l) => l.includes('No space left on device'))).toBe(true);
    expect(s.budget.containerFs.usedBytes()).toBeLessThanOrEqual(3 * MiB);
  });

  it('a crash-looping pod filling a hostPath cannot grow the node filesystem past its budget', async () => {
    const s = budgetSim({ nodeFsBytes: MiB });
    s.sim.apply(podObj('host-filler', 'yes >> /host/fill; exit 1', { restartPolicy: 'Always', volumes: [{ name: 'host', hostPath: { path: '/var/lib/filler', type: 'DirectoryOrCreate' } }], mounts: [{ name: 'host', mountPath: '/host' }] }));
    await runWithTurns(s, 30_000, 6);
    const restarts = ((s.sim.get(GR.pods, 'default', 'host-filler')!.status as { containerStatuses?: { restartCount: number }[] }).containerStatuses ?? [])[0]?.restartCount ?? 0;
    expect(restarts).toBeGreaterThan(1);
    expect(s.budget.nodeFs.usedBytes()).toBeLessThanOrEqual(MiB);
    expect(s.logs('host-filler').some((l) => l.includes('No space left on device'))).toBe(true);
  });

  it('an emptyDir sizeLimit is a wall of its own: writes past 1Mi fail with ENOSPC', async () => {
    const s = budgetSim();
    s.sim.apply(podObj('limited', 'yes > /cache/f; echo done', { volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Mi' } }], mounts: [{ name: 'cache', mountPath: '/cache' }] }));
    await runWithTurns(s, 10_000);
    expect(s.logs('limited').some((l) => l.includes('No space left on device'))).toBe(true);
    expect(s.budget.containerFs.usedBytes()).toBeLessThanOrEqual(MiB);
  });

  it('deleting the pod that filled the disk gives its bytes back: the next pod can write again', async () => {
    const s = budgetSim({ containerFsBytes: MiB });
    s.sim.apply(podObj('hog', 'yes > /data/f; sleep 3600', { volumes: [{ name: 'data', emptyDir: {} }], mounts: [{ name: 'data', mountPath: '/data' }] }));
    await runWithTurns(s, 10_000);
    expect(s.budget.containerFs.usedBytes()).toBeGreaterThan(MiB - 2048);
    s.sim.client.delete(GR.pods, 'default', 'hog', { gracePeriodSeconds: 0 });
    await s.sim.run(20_000);
    expect(s.budget.containerFs.usedBytes()).toBeLessThan(1024);
    s.sim.apply(podObj('next', 'echo hello > /tmp/f && cat /tmp/f'));
    await runWithTurns(s, 10_000);
    expect(s.logs('next')).toEqual(['hello']);
  });

  it('one cluster with full disks leaves another cluster\'s pods writing normally', async () => {
    const full = budgetSim({ containerFsBytes: 512 * 1024, nodeFsBytes: 512 * 1024 });
    full.sim.apply(podObj('hog', 'yes > /tmp/f; yes > /host/f; sleep 3600', { volumes: [{ name: 'host', hostPath: { path: '/var/lib/hog', type: 'DirectoryOrCreate' } }], mounts: [{ name: 'host', mountPath: '/host' }] }));
    await runWithTurns(full, 10_000);
    expect(full.budget.containerFs.usedBytes()).toBeGreaterThan(400 * 1024);
    const other = budgetSim({ containerFsBytes: 512 * 1024, nodeFsBytes: 512 * 1024 });
    other.sim.apply(podObj('worker', 'for i in $(seq 100); do echo "line $i" >> /tmp/out; done; wc -l < /tmp/out'));
    await runWithTurns(other, 10_000);
    expect(other.logs('worker')).toEqual(['100']);
  });
});

// ---------- exec stdin ----------

/** A real shell process of a container, with its stdin open (kubectl exec -i), as the runtime runs it. */
function shellSession(script: string, out: (s: string) => void = () => undefined) {
  const clock = new ManualClock(0);
  const p = spawnProcess({ argv: ['sh', '-c', script], fs: new MemoryVfs(), clock, net: EMPTY_NETWORK, pod: { namespace: 'default', name: 'p', hostname: 'p', ip: '10.244.1.2', node: 'worker-1' }, stdin: true, onStdout: out, onStderr: out });
  cleanups.push(() => p.kill('SIGKILL'));
  let taken = 0;
  return {
    process: p,
    get taken() {
      return taken;
    },
    session: {
      write: (d: Buffer) => {
        taken += d.length;
        return p.stdin.write(d.toString('latin1'));
      },
      closeStdin: () => p.stdin.close(),
    },
  };
}

describe('hostile: exec stdin floods', () => {
  it('a client pushing 64 MiB over the exec WebSocket into a command that never reads is held back by TCP, and the API keeps answering', async () => {
    const s = await serve();
    const sh = shellSession('sleep 3600');
    const executor: Executor = (_req, io) => ({ ...sh.session, kill: () => { sh.process.kill('SIGKILL'); io.exit(137); } });
    const cluster = s.host.getCluster(s.host.listClusters()[0].id)!.cluster;
    cluster.api.setExecutor(executor);
    cluster.store.create(GR.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box', namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'busybox' }], nodeName: 'worker-1' }, status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: {} } }] } } as KubeObject);
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/box/exec?command=sleep&command=3600&stdin=true&stdout=true`, ['v5.channel.k8s.io']);
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const chunk = Buffer.concat([Buffer.from([0]), Buffer.alloc(MiB - 1, 0x61)]);
    for (let i = 0; i < 64; i++) ws.send(chunk);
    // Let the server read what it will; it pauses once the command's 64 KiB stdin is full.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sh.taken).toBeLessThanOrEqual(MAX_STDIN_QUEUED_BYTES + 2 * MiB);
    expect(ws.bufferedAmount).toBeGreaterThan(32 * MiB);
    expect((await s.request('GET', '/api/v1/namespaces/default/pods/box')).status).toBe(200);
    ws.terminate();
  });

  it('a client that ignores the pause and keeps pushing is cut off with 413 once the bound is passed', () => {
    const sh = shellSession('sleep 3600');
    let overflow = 0;
    const socket = { pause: () => undefined, resume: () => undefined };
    const flow = new StdinFlow(sh.session, socket, () => overflow++);
    for (let i = 0; i < 64; i++) flow.write(Buffer.alloc(256 * 1024, 0x62));
    expect(overflow).toBe(1);
    expect(sh.taken).toBeLessThanOrEqual(256 * 1024);
    expect(flow.queued).toBe(0);
  });

  it('stdin that the command does read arrives whole through the flow control: 2 MiB into wc -c', async () => {
    let out = '';
    const sh = shellSession('wc -c', (s) => (out += s));
    const paused = { value: false };
    const backlog: Buffer[] = [];
    const socket = { pause: () => (paused.value = true), resume: () => (paused.value = false) };
    const flow = new StdinFlow(sh.session, socket, () => {
      throw new Error('overflow');
    });
    for (let i = 0; i < 32; i++) backlog.push(Buffer.alloc(64 * 1024, 0x63));
    // A well-behaved client: sends while not paused.
    while (backlog.length > 0) {
      if (!paused.value) flow.write(backlog.shift()!);
      else await new Promise((r) => setImmediate(r));
    }
    flow.close();
    await sh.process.exited;
    expect(out.trim()).toBe(String(2 * MiB));
  });

  it('a terminal line without Enter is capped at the line discipline\'s 4095 characters', async () => {
    let echoed = 0;
    const clock = new ManualClock(0);
    const p = spawnProcess({ argv: ['sh'], fs: new MemoryVfs(), clock, net: EMPTY_NETWORK, pod: { namespace: 'default', name: 'p', hostname: 'p', ip: '10.244.1.2', node: 'worker-1' }, stdin: true, tty: true, onStdout: (s) => (echoed += s.length), onStderr: () => undefined });
    cleanups.push(() => p.kill('SIGKILL'));
    for (let i = 0; i < 100; i++) p.stdin.write('a'.repeat(100_000));
    expect(echoed).toBeLessThan(MAX_INPUT + 100);
    p.stdin.write('\u0015echo ok\r');
    await new Promise((r) => setImmediate(r));
    p.stdin.write('exit\r');
    await p.exited;
  });
});

// ---------- CPU ----------

describe('hostile: busy loops at 60×', () => {
  it('twenty `while true` loops in one cluster cannot take more than its steps per wall second, while another cluster\'s `for i in $(seq 100)` finishes', async () => {
    const busy = budgetSim({ stepsPerWallSecond: 10_000, burstSteps: 50_000 });
    busy.sim.apply(podObj('spin', 'while true; do :; done', { containers: 20, restartPolicy: 'Always' }));
    await runWithTurns(busy, 60_000);
    const afterBurst = busy.budget.cpu.granted;
    expect(afterBurst).toBeLessThanOrEqual(50_000 + 256);
    expect(busy.budget.cpu.waiting).toBeGreaterThan(0);

    const quiet = budgetSim({ stepsPerWallSecond: 10_000, burstSteps: 50_000 });
    quiet.sim.apply(podObj('count', 'for i in $(seq 100); do echo $i; done'));
    await runWithTurns(quiet, 10_000);
    expect(phaseOf(quiet, 'count')).toBe('Succeeded');
    expect(quiet.logs('count')).toHaveLength(100);
    expect(quiet.budget.cpu.waits).toBe(0);

    // One wall second later the busy cluster has had exactly one second's worth more.
    await busy.wall.advance(1000);
    await runWithTurns(busy, 60_000);
    expect(busy.budget.cpu.granted - afterBurst).toBeLessThanOrEqual(10_000 + 256);
    expect(busy.budget.cpu.granted - afterBurst).toBeGreaterThan(5_000);
  });

  it('many busy clusters together stay under the process budget, while an ordinary cluster within its burst never waits on it', async () => {
    const wall = new ManualWallTimer();
    const hostCpu = new CpuBucket(20_000, 2_000, wall);
    const busy = Array.from({ length: 4 }, () => budgetSim({ stepsPerWallSecond: 10_000, burstSteps: 5_000 }, { wall, hostCpu }));
    for (const b of busy) b.sim.apply(podObj('spin', 'while true; do :; done', { containers: 5, restartPolicy: 'Always' }));
    // Five wall seconds for the clusters to show they keep their CPU busy (CpuBucket.sustained).
    for (let t = 0; t < 25; t++) {
      await wall.advance(200);
      for (const b of busy) await runWithTurns(b, 1_000, 1);
    }
    const clusterSteps = () => busy.reduce((n, b) => n + b.budget.cpu.granted, 0);
    const before = clusterSteps();
    for (let t = 0; t < 5; t++) {
      await wall.advance(200);
      for (const b of busy) await runWithTurns(b, 1_000, 1);
    }
    // One wall second: 4 clusters × 10,000 would be 40,000; the process lets 20,000 through
    // (plus its burst, and one chunk per waiting container already granted by its cluster).
    const ran = clusterSteps() - before;
    expect(ran).toBeLessThanOrEqual(20_000 + 2_000 + 20 * 256);
    expect(ran).toBeGreaterThan(10_000);
    expect(busy.every((b) => b.budget.cpu.granted > 5_000)).toBe(true);
    const ordinary = budgetSim({}, { wall, hostCpu });
    ordinary.sim.apply(podObj('count', 'for i in $(seq 100); do echo $i; done'));
    await runWithTurns(ordinary, 10_000);
    expect(ordinary.logs('count')).toHaveLength(100);
    expect(ordinary.budget.cpu.waits).toBe(0);
  });

  it('the busy loops of one cluster share its rate fairly: each makes about the same progress', async () => {
    const s = budgetSim({ stepsPerWallSecond: 20_000, burstSteps: 1_000 });
    s.sim.apply(podObj('fair', 'i=0; while true; do i=$((i+1)); if [ $((i % 200)) -eq 0 ]; then echo $i; fi; done', { containers: 4, restartPolicy: 'Always' }));
    await runWithTurns(s, 5_000, 1);
    for (let t = 0; t < 10; t++) {
      await s.wall.advance(500);
      await runWithTurns(s, 1_000, 1);
    }
    const progress = ['main', 'main-1', 'main-2', 'main-3'].map((c) => s.logs('fair', c).length);
    expect(Math.min(...progress)).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(2 * Math.min(...progress) + 1);
  });

  it('deleting a pod whose loops wait for CPU ends them: nothing stays queued', async () => {
    const s = budgetSim({ stepsPerWallSecond: 1_000, burstSteps: 1_000 });
    s.sim.apply(podObj('stuck', 'while true; do :; done', { containers: 3 }));
    await runWithTurns(s, 5_000);
    expect(s.budget.cpu.waiting).toBeGreaterThan(0);
    s.sim.client.delete(GR.pods, 'default', 'stuck', { gracePeriodSeconds: 0 });
    await runWithTurns(s, 5_000);
    expect(s.budget.cpu.waiting).toBe(0);
    expect(s.sim.get(GR.pods, 'default', 'stuck')).toBeUndefined();
  });

  it('an ordinary script runs inside the burst without waiting: `for` over 1000 items and a sleep loop', async () => {
    const s = budgetSim();
    s.sim.apply(podObj('ordinary', 'for i in $(seq 1000); do echo $i; done > /tmp/out; wc -l < /tmp/out; for i in 1 2 3; do echo tick $i; sleep 1; done'));
    await runWithTurns(s, 10_000);
    expect(s.logs('ordinary')).toEqual(['1000', 'tick 1', 'tick 2', 'tick 3']);
    expect(s.budget.cpu.waits).toBe(0);
  });
});
