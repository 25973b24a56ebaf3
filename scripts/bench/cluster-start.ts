/**
 * The CPU a cluster's wake costs, start of its components included: CLUSTERS clusters (default
 * 10) each holding Exercise 5.3's objects two virtual minutes on (the Jobs of
 * workload-types/job-patterns.yaml and a 3-replica StatefulSet, with their pods, revisions and
 * Events), on the product parts with the SQLite store file; then ROUNDS times (default 5)
 * every cluster is put to sleep and woken again (SandboxHost.sleep, then wake), and the CPU of
 * each wake call (loading the store, starting the controllers, scheduler and kubelets, which
 * list what exists) is measured with process.cpuUsage. CPU, not wall time, so two versions
 * can be compared on a machine others are using.
 *
 * With START_LATER=1 the wake leaves the components to the start queue, as a lab session's does
 * (SandboxHost's startLater): what a wake costs before its answer.
 *
 * Usage: npx tsx scripts/bench/cluster-start.ts    Env: CLUSTERS, ROUNDS, START_LATER.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { exercise53Objects } from './support/exercise-53';
import { pct, cpuUs } from './support/stats.mjs';

const CLUSTERS = Number(process.env.CLUSTERS ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const START_LATER = process.env.START_LATER === '1';


async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-cluster-start-'));
  const file = new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS });
  const host = new SandboxHost({ dataDir: dir, parts: (r) => sandboxParts({ clusterId: r.id, storeFile: file }), components: productComponents, idleMs: 20 * 60_000, idleCheckEveryMs: 0 });
  const objects = exercise53Objects();
  const ids: string[] = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const { record, cluster } = host.createCluster();
    for (const o of objects) cluster.context.client.create(structuredClone(o));
    await cluster.advance(120);
    ids.push(record.id);
  }
  const wakes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const id of ids) host.sleep(id);
    await new Promise((res) => setTimeout(res, 200));
    for (const id of ids) {
      const start = cpuUs();
      host.wake(id, { startLater: START_LATER });
      // Only the first round pays for compiling the start-up paths.
      if (r > 0) wakes.push((cpuUs() - start) / 1000);
      await new Promise((res) => setImmediate(res));
    }
  }
  console.log(`${CLUSTERS} clusters running Exercise 5.3, ${ROUNDS - 1} counted rounds of sleep and wake${START_LATER ? ' (components started later)' : ''}: CPU of a wake p50 ${pct(wakes, 50).toFixed(2)} ms, p95 ${pct(wakes, 95).toFixed(2)} ms, mean ${(wakes.reduce((a, b) => a + b, 0) / wakes.length).toFixed(2)} ms`);
  host.close();
  file.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
