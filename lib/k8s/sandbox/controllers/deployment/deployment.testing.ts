/** Scenario helpers for the Deployment controller tests: objects and a stand-in kubelet. */
import type { KubeObject } from '../../types';
import type { SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { controllerOf } from '../framework/controller';

export function deployment(name: string, replicas: number, extra: { image?: string; spec?: object } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: extra.image ?? 'nginx:1.26' }] } },
      ...extra.spec,
    },
  };
}

export const deploy = (sim: SimCluster, name: string): KubeObject => sim.get(GR.deployments, 'default', name)!;

/** The Deployment's ReplicaSets, oldest first. */
export function replicaSetsOf(sim: SimCluster, name: string): KubeObject[] {
  const d = deploy(sim, name);
  return sim.list(GR.replicasets, { namespace: 'default' })
    .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
    .sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));
}

/** Live (not terminating) pods controlled by rs. */
export function podsOf(sim: SimCluster, rs: KubeObject): KubeObject[] {
  return sim.pods('default').filter((p) => controllerOf(p)?.uid === rs.metadata.uid && !p.metadata.deletionTimestamp);
}

/** Plays scheduler and kubelet: every live pod of the app not yet ready runs and turns Ready. */
export function readyAll(sim: SimCluster, app: string): void {
  let i = 0;
  for (const p of sim.pods('default', `app=${app}`)) {
    if (p.metadata.deletionTimestamp) continue;
    const ready = (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    if (!ready) setPodStatus(sim, p, { phase: 'Running', ready: true, node: `worker-${(i++ % 3) + 1}` });
  }
}

/** Plays the kubelet finishing graceful deletions. */
export function finishDeletions(sim: SimCluster): void {
  for (const p of sim.pods('default')) if (p.metadata.deletionTimestamp) sim.client.delete(GR.pods, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
}

/** `Scaled up replica set x from a to b` events on the Deployment, in order. */
export function scalingEvents(sim: SimCluster, name: string): string[] {
  return sim.events(deploy(sim, name)).filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
}
