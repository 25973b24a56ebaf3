/**
 * Busy neighbours: BUSY clusters (default 5) each running twenty `while true; do :; done`
 * loops (a Deployment of 20 replicas) at time scale 60, beside ORDINARY clusters (default 20)
 * that each apply a Job (Exercise 5.3's shape: 3 completions, 2 at a time, `echo; sleep 5`)
 * every few seconds. Prints the ordinary clusters' pod-start latency (Job created → its first
 * pod's container running) p50/p95, the event loop's delay p50/p99, and the process's CPU share
 * and RSS, in three runs (each in a fresh process):
 *   quiet      no busy neighbours
 *   budgeted   busy neighbours under the per-cluster and process CPU budgets (the product's default)
 *   unbudgeted busy neighbours with the budget lifted (how it was before the budget)
 * Run: npx tsx scripts/bench/busy-neighbours.ts   (BUSY=5 ORDINARY=20 BENCH_SECONDS=20 to vary)
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { DEFAULT_CLUSTER_BUDGET, HOST_STEPS_PER_WALL_SECOND } from '../../lib/k8s/sandbox/runtime/cluster-budget';
import type { Cluster } from '../../lib/k8s/sandbox/cluster';
import type { KubeObject } from '../../lib/k8s/sandbox/types';
import { pct } from './support/stats.mjs';

const BUSY = Number(process.env.BUSY ?? 5);
const ORDINARY = Number(process.env.ORDINARY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SCALE = 60;
type Mode = 'quiet' | 'budgeted' | 'unbudgeted';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const spinner: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'spin', namespace: 'default' },
  spec: {
    replicas: 20, selector: { matchLabels: { app: 'spin' } },
    template: { metadata: { labels: { app: 'spin' } }, spec: { containers: [{ name: 'spin', image: 'busybox:1.36', command: ['sh', '-c', 'while true; do :; done'] }] } },
  },
} as KubeObject;

const job = (name: string): KubeObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' },
  spec: {
    completions: 3, parallelism: 2, backoffLimit: 2,
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'echo "Processing item"; for i in $(seq 1 20); do echo step $i; done; sleep 5'] }] } },
  },
} as KubeObject);

/** Resolves with the ms from now until a pod of the Job has a running container. */
function firstPodRunning(cluster: Cluster, jobName: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const w = cluster.store.watch(GR.pods, { namespace: 'default', labelSelector: `job-name=${jobName}` }, (e) => {
      const statuses = (e.object.status as { containerStatuses?: { state?: { running?: unknown; terminated?: unknown } }[] } | undefined)?.containerStatuses ?? [];
      if (statuses.some((s) => s.state?.running || s.state?.terminated)) {
        w.close();
        resolve(performance.now() - t0);
      }
    });
  });
}

async function run(mode: Mode): Promise<void> {
  const runtimeBudget = mode === 'unbudgeted' ? { stepsPerWallSecond: 1e12, burstSteps: 1e12 } : undefined;
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, scale: SCALE, runtimeBudget, hostCpu: mode === 'unbudgeted' ? null : undefined }), components: productComponents, maxClusters: 1000, maxActive: 1000 });
  const busy = mode === 'quiet' ? 0 : BUSY;
  const setup = performance.now();
  const busyClusters = Array.from({ length: busy }, () => host.createCluster({ workers: 3 }).cluster);
  for (const c of busyClusters) c.context.client.create(structuredClone(spinner));
  const ordinary = Array.from({ length: ORDINARY }, () => host.createCluster({ workers: 3 }).cluster);
  // Every busy loop running (and each cluster's image pulled once) before measuring.
  const running = (c: Cluster) => c.context.client.list(GR.pods, { namespace: 'default' }).filter((p) => ((p.status as { containerStatuses?: { state?: { running?: unknown } }[] } | undefined)?.containerStatuses ?? []).some((x) => x.state?.running)).length;
  while (busyClusters.some((c) => running(c) < 20)) await sleep(100);
  for (const [i, c] of ordinary.entries()) c.context.client.create(job(`warmup-${i}`));
  await sleep(3000);
  const setupMs = performance.now() - setup;

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const latencies: Promise<number>[] = [];
  let round = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    for (const [i, c] of ordinary.entries()) {
      const name = `job-${round}-${i}`;
      const started = firstPodRunning(c, name);
      c.context.client.create(job(name));
      latencies.push(started);
      await sleep(Math.max(1, Math.floor(4000 / ORDINARY)));
    }
    round++;
  }
  const measured = await Promise.race([Promise.all(latencies), sleep(30_000).then(() => undefined)]);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  lag.disable();
  const xs = measured ?? [];
  console.log(
    `${mode.padEnd(10)} busy=${busy}×20 loops, ordinary=${ORDINARY}, ${xs.length} Jobs: pod start p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms;`
    + ` event loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms;`
    + ` CPU ${((100 * (cpu.user + cpu.system)) / 1000 / wall).toFixed(0)}% of a core; RSS peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`
    + `; setup ${(setupMs / 1000).toFixed(1)} s; load average ${os.loadavg()[0].toFixed(1)}`
    + (measured ? '' : ' (some Jobs never started within 30 s)'),
  );
  host.close();
}

const mode = process.argv[2] as Mode | undefined;
if (mode) {
  await run(mode);
  process.exit(0);
} else {
  console.log(`busy-neighbours: time scale ${SCALE}, ${SECONDS} s measured per run, per-cluster CPU budget ${DEFAULT_CLUSTER_BUDGET.stepsPerWallSecond} steps/wall s (burst ${DEFAULT_CLUSTER_BUDGET.burstSteps}), throttled clusters together ${HOST_STEPS_PER_WALL_SECOND}`);
  for (const m of ['quiet', 'budgeted', 'unbudgeted'] as const) {
    process.stdout.write(execFileSync(process.execPath, [...process.execArgv, process.argv[1], m], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  }
}
