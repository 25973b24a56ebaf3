import { describe, expect, it } from 'vitest';
import { simCluster } from '../testing/sim-cluster';
import { GR } from '../controllers/framework/client';
import { PersistentVolumeController } from '../controllers/volume';
import type { KubeObject } from '../types';
import { Scheduler } from './scheduler';

const claim: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
const dbPod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'db', image: 'postgres:16' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } });

describe('Scheduler with the PersistentVolume controller', () => {
  it('schedules a pod with a WaitForFirstConsumer claim after local-path provisioning, and a later pod of the claim to the same node', async () => {
    const sim = simCluster({ components: (ctx) => [new Scheduler(ctx), new PersistentVolumeController(ctx)] });
    sim.apply(claim);
    const first = sim.apply(dbPod('db-a'));
    await sim.run(10_000);
    const pvc = sim.get(GR.pvcs, 'default', 'data')!;
    expect(pvc.status).toMatchObject({ phase: 'Bound' });
    const node = (sim.get(GR.pods, 'default', 'db-a')!.spec as { nodeName?: string }).nodeName;
    expect(node).toBe(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']);
    expect(sim.events(first).map((e) => e.reason)).toEqual(['Scheduled']);

    sim.client.delete(GR.pods, 'default', 'db-a', { gracePeriodSeconds: 0 });
    for (let i = 0; i < 4; i++) sim.apply(dbPod(`db-${i}`));
    await sim.run(1_000);
    for (let i = 0; i < 4; i++) expect((sim.get(GR.pods, 'default', `db-${i}`)!.spec as { nodeName?: string }).nodeName).toBe(node);
    sim.close();
  });
});
