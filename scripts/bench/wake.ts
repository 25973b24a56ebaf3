/**
 * Clusters that sleep and wake (figures for the notes), on the product parts: every
 * component, the real container runtime, the SQLite store file with group commit.
 *  1. CLUSTERS clusters (default 20) each running Exercise 5.3's objects (the Jobs of
 *     workload-types/job-patterns.yaml and a 3-replica StatefulSet), skipped ahead two virtual
 *     minutes so the Jobs finish and the StatefulSet is ready: RSS per awake cluster.
 *  2. Each put to sleep, then woken by an HTTP request with its token (GET its pods, as
 *     kubectl get pods does): request -> answer p50/p95 against the same request to an awake
 *     cluster (target for the wake: < 300 ms p95), and the sleep's own time.
 *  3. Start-up of a host with STORED (default 1,000) kept clusters against none: the store
 *     file opened and the records read (a copy of one Exercise 5.3 cluster's rows per record).
 * Run: node --expose-gc --import tsx scripts/bench/wake.ts (--record: writes its figures to scripts/bench/RESULTS.md)
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { SandboxHost, RECORDS_FILE } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { writeClusterRecords, type ClusterRecord } from '../../lib/k8s/sandbox/records-file';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { exercise53Objects } from './support/exercise-53';
import { benchResults } from './support/record.mjs';
import { pct } from './support/stats.mjs';

const results = benchResults('wake');

const CLUSTERS = Number(process.env.CLUSTERS ?? 20);
const STORED = Number(process.env.STORED ?? 1000);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

function rss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/** The JavaScript heap in use after a full collection: RSS seldom shrinks, the heap shows what sleeping frees. */
function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function sleepAndWake(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-wake-'));
  const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents, idleMs: 20 * 60_000, idleCheckEveryMs: 0 });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const objects = exercise53Objects();

  // Warm the code paths once, so the first cluster is not charged for compiling them.
  const warm = host.createCluster();
  for (const o of objects) warm.cluster.context.client.create(structuredClone(o));
  await warm.cluster.advance(120);
  host.deleteCluster(warm.record.id);

  const rss0 = rss();
  const heap0 = heap();
  const records: ClusterRecord[] = [];
  // To check that a sleeping cluster is really let go of (no timer, watch or cache keeps it).
  const weak: WeakRef<object>[] = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const { record, cluster } = host.createCluster();
    for (const o of objects) cluster.context.client.create(structuredClone(o));
    await cluster.advance(120);
    records.push(record);
    weak.push(new WeakRef(cluster));
  }
  const rss1 = rss();
  const heap1 = heap();
  const running = host.getCluster(records[0].id)!.cluster.context.client.list(GR.pods, { namespace: 'default' }).filter((p) => (p.status as { phase?: string }).phase === 'Running').length;
  const objectsKept = file.forCluster(records[0].id).load().objects.length;
  results.add(`RSS per awake cluster running Exercise 5.3 (${CLUSTERS} clusters)`, mib((rss1 - rss0) / CLUSTERS));
  console.log(`awake: ${CLUSTERS} clusters each running Exercise 5.3 (${objects.length - 1} Jobs + 3-replica StatefulSet, 2 virtual minutes on: ${running} pods running, ${objectsKept} objects stored): RSS ${mib(rss0)} -> ${mib(rss1)}, ${mib((rss1 - rss0) / CLUSTERS)} per awake cluster; heap ${mib(heap0)} -> ${mib(heap1)}`);

  const get = async (r: ClusterRecord) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/k8s/${r.id}/token-${r.token}/api/v1/namespaces/default/pods`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET pods of ${r.id}: ${res.status}`);
    return performance.now() - t0;
  };
  const awakeTimes: number[] = [];
  for (const r of records) awakeTimes.push(await get(r));

  const sleepTimes: number[] = [];
  for (const r of records) {
    const t0 = performance.now();
    host.sleep(r.id);
    sleepTimes.push(performance.now() - t0);
  }
  // Closed components finish their last promise chains within a few turns.
  await new Promise((r) => setTimeout(r, 500));
  const rss2 = rss();
  const heap2 = heap();
  const retained = weak.filter((w) => w.deref() !== undefined).length;
  const wakeTimes: number[] = [];
  for (const r of records) wakeTimes.push(await get(r));
  const woken = host.getCluster(records[0].id)!.cluster;
  const after = woken.context.client.list(GR.pods, { namespace: 'default' }).length;
  console.log(`asleep: RSS ${mib(rss2)}, heap ${mib(heap2)} with all ${CLUSTERS} asleep (${retained} of them still reachable, e.g. by a keep-alive connection's last response); sleep (sync, close, records written) p50 ${ms(pct(sleepTimes, 50))}, p95 ${ms(pct(sleepTimes, 95))}`);
  results.add('a request to a sleeping cluster running Exercise 5.3', `p50 ${ms(pct(wakeTimes, 50))}, p95 ${ms(pct(wakeTimes, 95))}, max ${ms(Math.max(...wakeTimes))}`);
  results.add('the same request to an awake cluster', `p50 ${ms(pct(awakeTimes, 50))}, p95 ${ms(pct(awakeTimes, 95))}`);
  console.log(`wake: GET pods of a sleeping cluster -> answer p50 ${ms(pct(wakeTimes, 50))}, p95 ${ms(pct(wakeTimes, 95))}, max ${ms(Math.max(...wakeTimes))} (target p95 < 300 ms); of an awake one p50 ${ms(pct(awakeTimes, 50))}, p95 ${ms(pct(awakeTimes, 95))}; ${after} pods back after the wake`);

  server.closeAllConnections();
  server.close();
  host.close();
  file.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A data dir keeping `count` clusters: copies of one Exercise 5.3 cluster's rows, and their records. */
async function dataDirWith(count: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-start-'));
  if (count === 0) return dir;
  const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents });
  const { record, cluster } = host.createCluster();
  for (const o of exercise53Objects()) cluster.context.client.create(structuredClone(o));
  await cluster.advance(120);
  host.close();
  file.close();
  const db = new Database(path.join(dir, 'sandbox-store.db'));
  const records: ClusterRecord[] = [];
  const copy = db.transaction((id: string) => {
    db.prepare('INSERT INTO objects (cluster, key, grp, resource, body) SELECT ?, key, grp, resource, body FROM objects WHERE cluster = ?').run(id, record.id);
    db.prepare('INSERT INTO clusters (cluster, rv) SELECT ?, rv FROM clusters WHERE cluster = ?').run(id, record.id);
  });
  const saved = JSON.parse(fs.readFileSync(path.join(dir, RECORDS_FILE), 'utf8')) as ClusterRecord[];
  for (let i = 1; i < count; i++) {
    const id = `c${i.toString(16).padStart(32, '0')}`;
    copy(id);
    records.push({ ...saved[0], id });
  }
  db.close();
  writeClusterRecords(path.join(dir, RECORDS_FILE), [saved[0], ...records]);
  return dir;
}

function startUp(dir: string): number {
  const t0 = performance.now();
  const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents, idleMs: 20 * 60_000, maxActive: 100, storedClusterIds: () => file.clusterIds() });
  const t = performance.now() - t0;
  if (host.awakeCount() !== 0) throw new Error('a cluster was loaded at start');
  host.close();
  file.close();
  return t;
}

async function startUpTimes(): Promise<void> {
  const empty = await dataDirWith(0);
  const full = await dataDirWith(STORED);
  const size = fs.statSync(path.join(full, 'sandbox-store.db')).size + (fs.existsSync(path.join(full, 'sandbox-store.db-wal')) ? fs.statSync(path.join(full, 'sandbox-store.db-wal')).size : 0);
  const none: number[] = [];
  const many: number[] = [];
  for (let i = 0; i < 7; i++) {
    none.push(startUp(empty));
    many.push(startUp(full));
  }
  results.add(`start-up with ${STORED} kept clusters (none loaded), median of 7`, `${ms(pct(many, 50))} (none kept: ${ms(pct(none, 50))})`);
  console.log(`start-up (store file opened, records read, no cluster loaded), median of 7: ${STORED} kept clusters (${mib(size)} store file) ${ms(pct(many, 50))}, none ${ms(pct(none, 50))}`);
  fs.rmSync(empty, { recursive: true, force: true });
  fs.rmSync(full, { recursive: true, force: true });
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc --import tsx for steadier RSS figures)');
  await sleepAndWake();
  await startUpTimes();
  results.save();
}

void main();
