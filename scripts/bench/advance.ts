/**
 * "Skip ahead" on a product cluster: what the lab bench's +1 h button costs. The cluster runs
 * every controller, the scheduler, the kubelets and the container runtime (as `npm start`
 * does, in memory; BENCH_PERSIST=1 adds SQLite as server.ts does), with the module's hello-cron
 * (a CronJob every minute, history 3/1, from the resource library) and a pod whose container
 * exits 1 at once (CrashLoopBackOff). Cluster.advance steps through the skipped span, so every
 * run and every restart happens. Prints the CPU (process.cpuUsage, user+system) of three
 * successive hours and then of a day.
 * Run: npx tsx scripts/bench/advance.ts (--record: writes its figures to scripts/bench/RESULTS.md)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { parseManifests } from '../../lib/k8s/manifests/parse';
import type { KubeObject } from '../../lib/k8s/sandbox/types';
import { benchResults } from './support/record.mjs';

const helloCron = parseManifests(fs.readFileSync(path.join(process.cwd(), 'content/module-05/resources/workload-types/cronjob-examples.yaml'), 'utf8'))
  .map((d) => d.object as KubeObject)
  .find((o) => o?.kind === 'CronJob' && o.metadata.name === 'hello-cron')!;

const crashLoop: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'crashy', namespace: 'default' },
  spec: { containers: [{ name: 'crashy', image: 'busybox:1.36', command: ['sh', '-c', 'echo starting; exit 1'] }] },
};

async function main(): Promise<void> {
  const dir = process.env.BENCH_PERSIST ? fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-advance-bench-')) : undefined;
  const storeFile = dir ? new SqliteStoreFile(dir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS }) : undefined;
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, storeFile }), components: productComponents });
  const { cluster } = host.createCluster();
  const results = benchResults(process.env.BENCH_PERSIST ? 'advance (BENCH_PERSIST=1)' : 'advance');
  const client = cluster.context.client;
  let jobsCreated = 0;
  client.watch(GR.jobs, (e) => {
    if (e.type === 'ADDED') jobsCreated++;
  });
  client.create({ ...structuredClone(helloCron), metadata: { ...helloCron.metadata, namespace: 'default' } });
  client.create(structuredClone(crashLoop));
  await cluster.settle();

  const restarts = () => ((client.peek(GR.pods, 'default', 'crashy')?.status as { containerStatuses?: { restartCount: number }[] } | undefined)?.containerStatuses?.[0]?.restartCount ?? 0);
  const span = async (label: string, seconds: number) => {
    const jobs0 = jobsCreated;
    const restarts0 = restarts();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const run = await cluster.advance(seconds);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    const kept = client.list(GR.jobs, { namespace: 'default' }).length;
    results.add(`${label}: CPU`, `${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (${run.steps} timer stops, ${jobsCreated - jobs0} Jobs, ${restarts() - restarts0} restarts${run.truncated ? '; truncated: the rest was jumped' : ''})`);
    console.log(`advance ${label}: CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, wall ${wall.toFixed(0)} ms; ${run.steps} timer stops${run.truncated ? ' (truncated)' : ''}, ${jobsCreated - jobs0} Jobs created (${kept} kept), crashy restarted ${restarts() - restarts0} times`);
  };
  // The first hour in a new process includes V8 compiling the sandbox's code.
  await span('+1 h (first, new process)', 3600);
  await span('+1 h (second)', 3600);
  await span('+1 h (third)', 3600);
  await span('+24 h', 24 * 3600);
  results.save();
  host.close();
  storeFile?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

void main();
