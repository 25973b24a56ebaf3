/**
 * Watch fan-out benchmark for the sandbox object store: 100 watchers on one store, 10,000
 * object updates; prints events/s delivered and the p99 delay from write call to callback,
 * with persistence off and on (SQLite in a temp dir).
 * Run: npx tsx scripts/bench/watch-fanout.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WallClock } from '../../lib/k8s/sandbox/clock';
import { ObjectStore } from '../../lib/k8s/sandbox/store/object-store';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';

const WATCHERS = 100;
const UPDATES = 10_000;
const OBJECTS = 100;
const gr = { group: '', resource: 'configmaps' };

function run(label: string, persistent: boolean, watchers = WATCHERS, commitEveryMs = 0): void {
  const dir = persistent ? fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-')) : undefined;
  const file = dir ? new SqliteStoreFile(dir, { commitEveryMs }) : undefined;
  const store = new ObjectStore({ clock: new WallClock(), persistence: file?.forCluster('bench') });
  for (let i = 0; i < OBJECTS; i++) store.create(gr, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', labels: { app: 'bench' } }, data: { n: '0' } });

  let writeStart = 0;
  let delivered = 0;
  const delays: number[] = [];
  for (let w = 0; w < watchers; w++) {
    store.watch(gr, { resourceVersion: store.resourceVersion(), labelSelector: w % 2 ? 'app=bench' : undefined }, () => {
      delivered++;
      delays.push(performance.now() - writeStart);
    });
  }
  const t0 = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    const name = `cm-${i % OBJECTS}`;
    const cur = store.get(gr, 'default', name)!;
    writeStart = performance.now();
    store.update(gr, { ...cur, data: { n: String(i + 1) } }, { subresource: 'all' });
  }
  const seconds = (performance.now() - t0) / 1000;
  delays.sort((a, b) => a - b);
  const p99: number | undefined = delays[Math.floor(delays.length * 0.99)];
  console.log(`${label}: ${UPDATES} updates, ${delivered} events to ${watchers} watchers in ${seconds.toFixed(2)} s = ${Math.round(delivered / seconds)} events/s, ${Math.round(UPDATES / seconds)} writes/s, p99 write-to-callback ${p99 === undefined ? 'n/a' : p99.toFixed(3)} ms`);
  store.close();
  file?.close(); // commits a group commit's queue (its cost shows in the 'incl. commit' line)
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

run('persistence off', false);
run('persistence on (SQLite WAL, write-through)', true);
// Raw write throughput, to separate storage cost from fan-out cost.
run('persistence off, no watchers', false, 0);
run('persistence on, no watchers', true, 0);
// Group commit as the product runs it. The loop never yields and every write changes one of
// 100 objects, so the queue holds at most 100 and commits once, at close (the next line).
const tb = performance.now();
run('persistence on, group commit, no watchers (excl. last commit)', true, 0, PRODUCT_COMMIT_EVERY_MS);
console.log(`  incl. last commit and setup: ${(performance.now() - tb).toFixed(0)} ms`);
run('persistence on, group commit', true, WATCHERS, PRODUCT_COMMIT_EVERY_MS);
