import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';
import { PersistentVolumeController } from './pv-controller';

function claim(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

function storageClass(name: string, extra: Record<string, unknown>): KubeObject {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'rancher.io/local-path', ...extra };
}

async function start(): Promise<SimCluster> {
  const sim = simCluster({ components: (ctx) => [new PersistentVolumeController(ctx)] });
  await sim.settle();
  return sim;
}

const pvc = (sim: SimCluster, name: string) => sim.get(GR.pvcs, 'default', name);
const pv = (sim: SimCluster, name: string) => sim.get(GR.pvs, undefined, name);
const events = (sim: SimCluster, obj: KubeObject) => sim.events(obj).map((e) => `${e.type} ${e.reason} ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
const PROVISIONER_SOURCE = /^rancher\.io\/local-path_local-path-provisioner-[a-z0-9]{10}-[a-z0-9]{5}_[0-9a-f-]{36}$/;

/** Plays the scheduler's volume binding: it records the node chosen for the claim's pod. */
async function selectNode(sim: SimCluster, name: string, node: string): Promise<void> {
  const live = pvc(sim, name)!;
  live.metadata.annotations = { ...(live.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': node };
  sim.client.update(live);
  await sim.settle();
}

const EXTERNAL = "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.";

describe('PersistentVolume controller: dynamic provisioning with local-path', () => {
  it('keeps a WaitForFirstConsumer claim Pending until a node is selected, then provisions and binds it', async () => {
    const sim = await start();
    sim.apply(claim('data'));
    await sim.settle();
    let c = pvc(sim, 'data')!;
    expect(c.status).toEqual({ phase: 'Pending' });
    expect(c.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(sim.list(GR.pvs)).toEqual([]);
    expect(events(sim, c)).toEqual(['Normal WaitForFirstConsumer waiting for first consumer to be created before binding']);
    await sim.run(15_000);
    expect(events(sim, c)).toEqual(['Normal WaitForFirstConsumer waiting for first consumer to be created before binding (x2)']);

    await selectNode(sim, 'data', 'worker-2');
    c = pvc(sim, 'data')!;
    const uid = c.metadata.uid!;
    expect(c.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/selected-node': 'worker-2',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    });
    expect(c.spec).toMatchObject({ volumeName: `pvc-${uid}`, storageClassName: 'standard' });
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });

    const v = pv(sim, `pvc-${uid}`)!;
    expect(v.metadata.annotations).toEqual({ 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' });
    expect(v.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(v.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'data', namespace: 'default', uid, resourceVersion: expect.any(String) },
      hostPath: { path: `/var/local-path-provisioner/pvc-${uid}_default_data`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-2'] }] }] } },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    });
    expect(v.status).toEqual({ phase: 'Bound', lastPhaseTransitionTime: '2025-01-01T00:00:15Z' });

    expect(events(sim, c)).toEqual([
      'Normal WaitForFirstConsumer waiting for first consumer to be created before binding (x2)',
      EXTERNAL,
      'Normal Provisioning External provisioner is provisioning volume for claim "default/data"',
      `Normal ProvisioningSucceeded Successfully provisioned volume pvc-${uid}`,
    ]);
    const sources = sim.events(c).map((e) => e.source);
    expect(sources.slice(0, 2)).toEqual(['persistentvolume-controller', 'persistentvolume-controller']);
    expect(sources[2]).toMatch(PROVISIONER_SOURCE);
    sim.close();
  });

  it('says which unscheduled pod a WaitForFirstConsumer claim is waiting for', async () => {
    const sim = await start();
    sim.apply(claim('data'));
    await sim.settle();
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } });
    await sim.run(15_000);
    expect(events(sim, pvc(sim, 'data')!)).toEqual([
      'Normal WaitForFirstConsumer waiting for first consumer to be created before binding',
      'Normal WaitForPodScheduled waiting for pod app to be scheduled',
    ]);
    sim.close();
  });

  it('hands an Immediate claim to the provisioner at once, which local-path refuses without a node', async () => {
    const sim = await start();
    sim.apply(storageClass('local-immediate', { volumeBindingMode: 'Immediate' }));
    sim.apply(claim('now', { storageClassName: 'local-immediate' }));
    await sim.settle();
    const c = pvc(sim, 'now')!;
    expect(c.status).toEqual({ phase: 'Pending' });
    expect(c.metadata.annotations).toMatchObject({ 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' });
    // The provisioner annotations are a change of their own, so the claim is synced (and the
    // wait reported) twice, like the "(x2 over 5s)" a real cluster shows.
    expect(events(sim, c)).toEqual([
      `${EXTERNAL} (x2)`,
      'Normal Provisioning External provisioner is provisioning volume for claim "default/now"',
      'Warning ProvisioningFailed failed to provision volume with StorageClass "local-immediate": configuration error, no node was specified',
    ]);
    expect(sim.list(GR.pvs)).toEqual([]);
    // The provisioner retries after 15 s, then backs off exponentially.
    await sim.run(15_000);
    const failed = () => sim.events(c).find((e) => e.reason === 'ProvisioningFailed')!.count;
    expect(failed()).toBe(2);
    await sim.run(29_000);
    expect(failed()).toBe(2);
    await sim.run(1_000);
    expect(failed()).toBe(3);
    sim.close();
  });

  it('provisions an Immediate claim that already names its node without waiting for a consumer', async () => {
    const sim = await start();
    sim.apply(storageClass('local-immediate', { volumeBindingMode: 'Immediate' }));
    sim.apply({ ...claim('pinned', { storageClassName: 'local-immediate' }), metadata: { name: 'pinned', annotations: { 'volume.kubernetes.io/selected-node': 'worker-1' } } });
    await sim.settle();
    const c = pvc(sim, 'pinned')!;
    expect(c.status).toMatchObject({ phase: 'Bound' });
    expect(events(sim, c).map((e) => e.split(' ')[1])).toEqual(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']);
    sim.close();
  });
});

describe('PersistentVolume controller: reclaiming', () => {
  async function boundClaim(sim: SimCluster, name: string, className?: string): Promise<string> {
    sim.apply(claim(name, className ? { storageClassName: className } : {}));
    await sim.settle();
    await selectNode(sim, name, 'worker-1');
    return claimSpecVolume(pvc(sim, name)!);
  }
  const claimSpecVolume = (c: KubeObject) => (c.spec as { volumeName: string }).volumeName;

  it('deletes a Delete-policy volume once its claim is gone', async () => {
    const sim = await start();
    const volume = await boundClaim(sim, 'data');
    sim.client.delete(GR.pvcs, 'default', 'data');
    await sim.settle();
    expect(pvc(sim, 'data')).toBeUndefined();
    expect(pv(sim, volume)).toBeUndefined();
    sim.close();
  });

  it('keeps a Retain-policy volume Released with its claimRef', async () => {
    const sim = await start();
    sim.apply(storageClass('keep', { reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' }));
    const volume = await boundClaim(sim, 'data', 'keep');
    sim.client.delete(GR.pvcs, 'default', 'data');
    await sim.run(60_000);
    const v = pv(sim, volume)!;
    expect(v.status).toMatchObject({ phase: 'Released' });
    expect(v.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', claimRef: { name: 'data', namespace: 'default' } });
    sim.close();
  });

  it('keeps a claim Terminating while a scheduled pod uses it', async () => {
    const sim = await start();
    await boundClaim(sim, 'data');
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' }, spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'busybox:1.36' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } });
    sim.client.delete(GR.pvcs, 'default', 'data');
    await sim.run(30_000);
    expect(pvc(sim, 'data')!.metadata.deletionTimestamp).toBeDefined();
    expect(pvc(sim, 'data')!.status).toMatchObject({ phase: 'Bound' });
    sim.client.delete(GR.pods, 'default', 'app', { gracePeriodSeconds: 0 });
    await sim.settle();
    expect(pvc(sim, 'data')).toBeUndefined();
    expect(sim.list(GR.pvs)).toEqual([]);
    sim.close();
  });
});

describe('PersistentVolume controller: static binding', () => {
  const manualPv = (name: string, storage: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
    spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/srv/${name}` }, ...extra },
  });

  it('marks a new volume Available and binds a class-less claim to the smallest fitting one', async () => {
    const sim = await start();
    sim.apply(manualPv('pv-big', '5Gi'));
    sim.apply(manualPv('pv-manual', '100Mi'));
    await sim.settle();
    expect(pv(sim, 'pv-manual')!.status).toEqual({ phase: 'Available', lastPhaseTransitionTime: '2025-01-01T00:00:00Z' });
    const created = sim.apply(claim('manual-claim', { storageClassName: '', resources: { requests: { storage: '50Mi' } } }));
    await sim.settle();
    const c = pvc(sim, 'manual-claim')!;
    expect(c.spec).toMatchObject({ volumeName: 'pv-manual' });
    expect(c.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '100Mi' } });
    const v = pv(sim, 'pv-manual')!;
    expect(v.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(v.spec).toMatchObject({ claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'manual-claim', uid: created.metadata.uid, apiVersion: 'v1' } });
    expect(v.status).toMatchObject({ phase: 'Bound' });
    expect(pv(sim, 'pv-big')!.status).toMatchObject({ phase: 'Available' });
    sim.close();
  });

  it('reports FailedBinding for a class-less claim nothing fits', async () => {
    const sim = await start();
    sim.apply(manualPv('pv-manual', '100Mi'));
    sim.apply(claim('too-big', { storageClassName: '' }));
    await sim.settle();
    const c = pvc(sim, 'too-big')!;
    expect(c.status).toEqual({ phase: 'Pending' });
    expect(events(sim, c)).toEqual(['Normal FailedBinding no persistent volumes available for this claim and no storage class is set']);
    sim.close();
  });

  it('binds a claim to the volume it names, and a volume pre-bound to a claim', async () => {
    const sim = await start();
    sim.apply(manualPv('wanted', '1Gi', { storageClassName: 'standard' }));
    sim.apply(manualPv('reserved', '1Gi', { storageClassName: 'standard', claimRef: { namespace: 'default', name: 'mine' } }));
    sim.apply(claim('named', { volumeName: 'wanted' }));
    sim.apply(claim('mine'));
    await sim.settle();
    expect(pvc(sim, 'named')!.status).toMatchObject({ phase: 'Bound' });
    expect(pvc(sim, 'named')!.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes' });
    expect(pvc(sim, 'mine')!.spec).toMatchObject({ volumeName: 'reserved' });
    expect(pv(sim, 'reserved')!.status).toMatchObject({ phase: 'Bound' });
    sim.close();
  });
});
