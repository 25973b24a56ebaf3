import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { PersistentVolumeController } from '../volume/pv-controller';
import { StatefulSetController } from './statefulset-controller';

const set = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
};

/** Plays the scheduler: binds the pod and records the node on its claim, as volume binding does. */
async function schedule(sim: SimCluster, pod: string, node: string): Promise<void> {
  const claim = sim.get(GR.pvcs, 'default', `www-${pod}`)!;
  claim.metadata.annotations = { ...(claim.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': node };
  sim.client.update(claim);
  sim.client.bind('default', pod, node);
  await sim.settle();
  setPodStatus(sim, pod, { phase: 'Running' });
  await sim.settle();
}

describe('StatefulSet with the PersistentVolume controller', () => {
  it('each ordinal gets its own provisioned volume on its node, and whenDeleted: Delete removes claims and volumes with the set', async () => {
    const sim = simCluster({ components: (ctx) => [new StatefulSetController(ctx), new PersistentVolumeController(ctx)] });
    sim.apply(set);
    await sim.settle();
    const claim0 = sim.get(GR.pvcs, 'default', 'www-web-0')!;
    expect(claim0.status).toEqual({ phase: 'Pending' });
    expect(sim.events(claim0).map((e) => e.reason)).toEqual(['WaitForFirstConsumer']);

    await schedule(sim, 'web-0', 'worker-1');
    await schedule(sim, 'web-1', 'worker-3');
    const bound = sim.list(GR.pvcs, { namespace: 'default' }).map((c) => [c.metadata.name, (c.status as { phase: string }).phase, (c.spec as { volumeName: string }).volumeName]);
    expect(bound).toEqual([
      ['www-web-0', 'Bound', `pvc-${claim0.metadata.uid}`],
      ['www-web-1', 'Bound', expect.stringMatching(/^pvc-/)],
    ]);
    const nodes = sim.list(GR.pvs).map((pv) => (pv.spec as { nodeAffinity: { required: { nodeSelectorTerms: { matchExpressions: { values: string[] }[] }[] } } }).nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]);
    expect(nodes.sort()).toEqual(['worker-1', 'worker-3']);

    sim.client.delete(GR.statefulsets, 'default', 'web');
    await sim.settle();
    // The kubelet would remove the pods once their containers stop.
    for (const p of sim.pods()) sim.client.delete(GR.pods, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
    await sim.settle();
    expect(sim.list(GR.pvcs, { namespace: 'default' })).toEqual([]);
    expect(sim.list(GR.pvs)).toEqual([]);
    sim.close();
  });
});
