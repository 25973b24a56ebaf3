/**
 * A class coming back at once: BURST (default 100) sleeping clusters, each holding Exercise
 * 5.3's objects (the three Jobs of workload-types/job-patterns.yaml and a 3-replica StatefulSet,
 * two virtual minutes on), all woken in the same instant, as the portal's session route wakes
 * them (wake, then the paused seconds). Per wake: call -> answer p50/p95/max (target p95 <
 * 300 ms); the process's CPU (every thread) until the last answer, and until the clusters have
 * settled (a 250 ms window under 5 % of a core); and a request to an awake cluster while the
 * woken ones catch up (GET its pods, as the bench's stream lists them): what an apply waits for.
 *
 * The clusters are copies of one real cluster's rows (as class-seed.ts makes a course), on the
 * product parts: the SQLite store file with group commit, every component, the container runtime.
 * WORKERS=1 (default) runs them on one sandbox worker thread behind the WorkerSandboxFront, as
 * the portal does on a 2-core machine; WORKERS=0 in this thread (for --cpu-prof of the wake path).
 * One cluster is woken and put back to sleep first (WARM=0 to skip), so the burst is not charged
 * for compiling the code paths, as in a portal that has served a while.
 *
 * Run: node --import tsx scripts/bench/wake-burst.ts [--record]
 * Env: BURST (100), WORKERS (1 or 0), WARM (1), ROUNDS (1: bursts one after another, each on a portal started again, every cluster asleep).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import type { ClusterRecord } from '../../lib/k8s/sandbox/records-file';
import { storeExercise53Clusters } from './support/exercise-53';
import type { SandboxFront } from '../../lib/k8s/sandbox/workers/front';
import { LocalSandboxFront } from '../../lib/k8s/sandbox/workers/local-front';
import { WorkerSandboxFront } from '../../lib/k8s/sandbox/workers/worker-front';
import { startSandboxWorker } from '../../lib/k8s/sandbox/workers/start-worker';
import { clusterOperations } from '../../lib/lab/cluster-operations';
import { benchResults } from './support/record.mjs';
import { pct } from './support/stats.mjs';

const results = benchResults('wake burst');

const BURST = Number(process.env.BURST ?? 100);
const WORKERS = Number(process.env.WORKERS ?? 1);
const WARM = process.env.WARM !== '0';
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const f0 = (x: number) => x.toFixed(0);
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A data directory keeping count + 1 sleeping clusters: one run for real, the others copies of its rows and record (clock included). */
async function seed(count: number): Promise<{ dir: string; records: ClusterRecord[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-wake-burst-'));
  const { records, objectsEach } = await storeExercise53Clusters(dir, count, (model, i) => ({ ...model, id: `c${i.toString(16).padStart(32, '0')}` }));
  console.log(`seeded ${count + 1} sleeping clusters of ${objectsEach} stored objects each (Exercise 5.3, two virtual minutes on)`);
  return { dir, records };
}

interface Portal {
  front: SandboxFront;
  close(): Promise<void>;
}

async function portal(dir: string): Promise<Portal> {
  if (WORKERS === 0) {
    const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
    const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents, idleMs: 20 * 60_000, idleCheckEveryMs: 0, maxActive: 10_000 });
    return {
      front: new LocalSandboxFront(host, clusterOperations),
      close: async () => {
        host.close();
        file.close();
      },
    };
  }
  const setup = new URL('../../lib/k8s/sandbox/workers/product-setup.ts', import.meta.url).href;
  const front = new WorkerSandboxFront({ workers: WORKERS, dataDir: dir, start: (index) => startSandboxWorker({ index, workers: WORKERS, setup, dataDir: dir, maxActive: 10_000, idleMs: 20 * 60_000 }) });
  await front.ready;
  return { front, close: () => front.close() };
}

/** A GET of the cluster's pods through the front (as the stream's list reaches the sandbox); its time. */
async function getPods(server: string, r: ClusterRecord): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${server}/k8s/${r.id}/token-${r.token}/api/v1/namespaces/default/pods`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET pods of ${r.id}: ${res.status}`);
  return performance.now() - t0;
}

/** Waits until the process uses under 5 % of a core in a 250 ms window (at most 60 s); the CPU seconds meanwhile and when. */
async function settle(): Promise<{ cpu: number; ms: number }> {
  const t0 = performance.now();
  const c0 = cpuS();
  let last = c0;
  for (let i = 0; i < 240; i++) {
    await sleep(250);
    const now = cpuS();
    if (now - last < 0.0125) break;
    last = now;
  }
  return { cpu: cpuS() - c0, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const { dir, records } = await seed(BURST);
  const [warm, ...burst] = records;
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round a portal started on the data directory: every cluster asleep (the last round's were put to sleep by its close).
    const p = await portal(dir);
    const server = http.createServer((req, res) => {
      if (!p.front.handleRequest(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (WARM) {
      // Stays awake, idle: the burst is not charged for compiling the wake path.
      await p.front.wake(warm.id);
      await getPods(base, warm);
      await settle();
    }
    const cpu0 = cpuS();
    const t0 = performance.now();
    const times: number[] = [];
    let paused = 0;
    await Promise.all(burst.map(async (r) => {
      const s = performance.now();
      await p.front.wake(r.id);
      if ((await p.front.takePausedSeconds(r.id)) !== undefined) paused++;
      times.push(performance.now() - s);
    }));
    const wall = performance.now() - t0;
    const cpuWake = cpuS() - cpu0;
    // While the woken clusters catch up: a request to one of them, every 100 ms until settled.
    const during: number[] = [];
    let probing = true;
    const probe = (async () => {
      for (let i = 0; probing && i < 600; i++) {
        during.push(await getPods(base, burst[i % burst.length]));
        await sleep(100);
      }
    })();
    const settled = await settle();
    probing = false;
    await probe;
    console.log(`round ${round}: ${burst.length} wakes at once (${paused} told their pause): p50 ${f0(pct(times, 50))} ms, p95 ${f0(pct(times, 95))} ms, max ${f0(Math.max(...times))} ms (target p95 < 300 ms); all answered in ${f0(wall)} ms, CPU ${cpuWake.toFixed(2)} s (${f0((cpuWake * 1000) / burst.length)} ms a wake)`);
    console.log(`round ${round}: catching up after the last answer: CPU ${settled.cpu.toFixed(2)} s over ${f0(settled.ms)} ms until quiet; GET pods of a woken cluster meanwhile: n ${during.length}, p50 ${f0(pct(during, 50))} ms, p95 ${f0(pct(during, 95))} ms, max ${f0(Math.max(...during))} ms`);
    results.add(`${burst.length} sleeping clusters with Exercise 5.3 woken at once (${WORKERS === 0 ? 'main thread' : `${WORKERS} worker`}), round ${round}`, `wake p50 ${f0(pct(times, 50))} ms, p95 ${f0(pct(times, 95))} ms; CPU ${f0((cpuWake * 1000) / burst.length)} ms a wake, then ${settled.cpu.toFixed(1)} s catching up; GET pods meanwhile p95 ${f0(pct(during, 95))} ms`);
    server.closeAllConnections();
    server.close();
    await p.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  results.save();
}

void main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
