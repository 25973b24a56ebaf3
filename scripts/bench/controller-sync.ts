/**
 * The CPU of one sync of the StatefulSet, DaemonSet and ReplicaSet controllers, which run at
 * every change of one of their pods: a simulated cluster (ManualClock, 3 workers) holding a
 * 3-replica StatefulSet, a DaemonSet and a 3-replica ReplicaSet in one namespace, each with a
 * status written by its controller; then SYNCS syncs (default 5,000) of each, one controller
 * after the other, timed with process.cpuUsage
 * after a warm-up. Nothing else runs, so the figure is the syncs' own; run two versions of
 * the code alternately (each in its own checkout) to compare them on a busy machine.
 *
 * Usage: npx tsx scripts/bench/controller-sync.ts    Env: SYNCS, RUNS (default 5).
 */
import { DaemonSetController } from '../../lib/k8s/sandbox/controllers/daemonset/daemonset-controller';
import { ReplicaSetController } from '../../lib/k8s/sandbox/controllers/replicaset/replicaset-controller';
import { StatefulSetController } from '../../lib/k8s/sandbox/controllers/statefulset/statefulset-controller';
import { simCluster } from '../../lib/k8s/sandbox/testing/sim-cluster';
import type { KubeObject } from '../../lib/k8s/sandbox/types';
import { median, cpuUs } from './support/stats.mjs';

const SYNCS = Number(process.env.SYNCS ?? 5000);
const RUNS = Number(process.env.RUNS ?? 5);


const statefulSet: KubeObject = {
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' },
  spec: { serviceName: 'web', replicas: 3, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
};
const daemonSet: KubeObject = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', '36000'] }] } } },
};

const replicaSet: KubeObject = {
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx:1.27' }] } } },
};

async function main(): Promise<void> {
  let sts!: StatefulSetController;
  let ds!: DaemonSetController;
  let rs!: ReplicaSetController;
  const sim = simCluster({ workers: 3, components: (ctx) => [(sts = new StatefulSetController(ctx)), (ds = new DaemonSetController(ctx)), (rs = new ReplicaSetController(ctx))] });
  sim.apply(statefulSet);
  sim.apply(daemonSet);
  sim.apply(replicaSet);
  await sim.settle();
  const per: { sts: number[]; ds: number[]; rs: number[] } = { sts: [], ds: [], rs: [] };
  for (let run = 0; run <= RUNS; run++) {
    for (const [name, c, key] of [['sts', sts, 'default/web'], ['ds', ds, 'default/agent'], ['rs', rs, 'default/api']] as const) {
      const start = cpuUs();
      for (let i = 0; i < SYNCS; i++) c.sync(key);
      // Run 0 warms the code up.
      if (run > 0) per[name].push((cpuUs() - start) / SYNCS);
      await sim.settle();
    }
  }
  console.log(`${SYNCS} syncs a run, ${RUNS} runs: StatefulSet (3 pods) median ${median(per.sts).toFixed(1)} µs a sync (${per.sts.map((x) => x.toFixed(1)).join(', ')}); DaemonSet (3 pods) median ${median(per.ds).toFixed(1)} µs (${per.ds.map((x) => x.toFixed(1)).join(', ')}); ReplicaSet (3 pods, 9 in the namespace) median ${median(per.rs).toFixed(1)} µs (${per.rs.map((x) => x.toFixed(1)).join(', ')})`);
  sim.close();
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
