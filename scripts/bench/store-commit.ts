/**
 * Commit latency of the cluster store's backends for a group of writes (figures for the notes):
 * the SQLite file (WAL, synchronous=FULL) against PostgreSQL (a throwaway local server from
 * Debian's binaries with its default durability: fsync and synchronous_commit on, over a unix
 * socket; a real deployment adds its network round trips), both through the product's group
 * commit. For groups of 1, 10 and 100 changed ConfigMaps (about 1 KiB each, as a pod's size),
 * ROUNDS rounds each: flush() -> committed, p50/p95 in ms; and a cluster of 1,000 objects'
 * load (a wake's store read).
 * Run: npx tsx scripts/bench/store-commit.ts  (ROUNDS=50 by default)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { PgStoreFile } from '../../lib/k8s/sandbox/store/postgres/pg-store-file';
import type { StorePersistence } from '../../lib/k8s/sandbox/store/persistence';
import { startThrowawayPostgres } from '../../lib/testing/postgres-server';

const ROUNDS = Number(process.env.ROUNDS ?? 50);
const GROUPS = [1, 10, 100];

interface Backend {
  name: string;
  file: { forCluster(id: string): StorePersistence; flush(): number; close(): void };
}

const body = (name: string, round: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', resourceVersion: String(round) }, data: { round: String(round), pad: 'x'.repeat(900) } });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function measure(b: Backend): string[] {
  const lines: string[] = [];
  const p = b.file.forCluster('bench');
  p.load();
  let rv = 0;
  for (const group of GROUPS) {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < group; i++) p.put({ key: `/configmaps/default/cm-${i}`, group: '', resource: 'configmaps', object: body(`cm-${i}`, round) }, ++rv, round === 0);
      const t = process.hrtime.bigint();
      b.file.flush();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((x, y) => x - y);
    lines.push(`${b.name.padEnd(10)} group of ${String(group).padStart(3)} writes: commit p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
  }
  // A wake's read: 1,000 objects.
  const big = b.file.forCluster('big');
  big.load();
  for (let i = 0; i < 1000; i++) big.put({ key: `/configmaps/default/o-${i}`, group: '', resource: 'configmaps', object: body(`o-${i}`, 0) }, i + 1, true);
  b.file.flush();
  const loads: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    b.file.forCluster('big').load();
    loads.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  loads.sort((x, y) => x - y);
  lines.push(`${b.name.padEnd(10)} load of 1,000 objects: p50 ${percentile(loads, 50).toFixed(1)} ms`);
  return lines;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-store-'));
const server = startThrowawayPostgres({ durable: true });
try {
  const sqlite = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
  const postgres = new PgStoreFile({ url: server.url, commitEveryMs: 60_000 });
  const out = [...measure({ name: 'SQLite', file: sqlite }), ...measure({ name: `PostgreSQL ${server.version}`, file: postgres })];
  sqlite.close();
  postgres.close();
  console.log(`store commit latency, ${ROUNDS} rounds per group, load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`);
  for (const l of out) console.log(l);
} finally {
  server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
