import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { StatefulSetController } from './statefulset-controller';

function web(spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', ports: [{ containerPort: 80, name: 'web' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

async function start(set: KubeObject): Promise<SimCluster> {
  const sim = simCluster({ components: (ctx) => [new StatefulSetController(ctx)] });
  sim.apply(set);
  await sim.settle();
  return sim;
}

const names = (sim: SimCluster) => sim.pods().map((p) => p.metadata.name).sort();
const sts = (sim: SimCluster) => sim.get(GR.statefulsets, 'default', 'web')!;

async function ready(sim: SimCluster, ...pods: string[]): Promise<void> {
  for (const p of pods) setPodStatus(sim, p, { phase: 'Running', node: 'worker-1' });
  await sim.settle();
}

/** Plays the kubelet: a gracefully deleted pod disappears once its containers stop. */
async function finishTermination(sim: SimCluster): Promise<string[]> {
  const gone = sim.pods().filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name!);
  for (const p of gone) sim.client.delete(GR.pods, 'default', p, { gracePeriodSeconds: 0 });
  await sim.settle();
  return gone;
}

async function scaleUpToThree(set = web()): Promise<SimCluster> {
  const sim = await start(set);
  await ready(sim, 'web-0');
  await ready(sim, 'web-1');
  await ready(sim, 'web-2');
  return sim;
}

/** The spec fields these tests change. */
interface EditableSpec {
  replicas: number;
  template: { spec: { containers: { image: string }[] } };
  updateStrategy: { type: string; rollingUpdate: { partition: number } };
}

async function patchSpec(sim: SimCluster, change: (spec: EditableSpec) => void): Promise<void> {
  const live = sts(sim);
  change(live.spec as EditableSpec);
  sim.client.update(live);
  await sim.settle();
}

describe('StatefulSet controller: OrderedReady scaling', () => {
  it('creates web-0 first, and web-1 only once web-0 is Running and Ready', async () => {
    const sim = await start(web());
    expect(names(sim)).toEqual(['web-0']);
    await sim.run(60_000);
    expect(names(sim)).toEqual(['web-0']);

    setPodStatus(sim, 'web-0', { phase: 'Running', ready: false, node: 'worker-1' });
    await sim.settle();
    expect(names(sim)).toEqual(['web-0']);

    await ready(sim, 'web-0');
    expect(names(sim)).toEqual(['web-0', 'web-1']);
    await ready(sim, 'web-1');
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2']);
    await ready(sim, 'web-2');
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2']);
    sim.close();
  });

  it('gives each pod its identity: hostname, subdomain, labels, owner and its claim volume', async () => {
    const sim = await start(web());
    const set = sts(sim);
    const pod = sim.get(GR.pods, 'default', 'web-0')!;
    const revision = (set.status as { updateRevision: string }).updateRevision;
    expect(revision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(pod.metadata).toMatchObject({
      name: 'web-0',
      generateName: 'web-',
      labels: { app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(pod.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
    expect((pod.spec as { volumes: unknown[] }).volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    const rev = sim.get(GR.controllerrevisions, 'default', revision)!;
    expect(rev).toMatchObject({ revision: 1, metadata: { labels: { app: 'nginx' }, ownerReferences: [{ kind: 'StatefulSet', name: 'web', controller: true }] } });
    sim.close();
  });

  it('creates each claim before its pod, labelled with the selector, without owner under Retain', async () => {
    const sim = await scaleUpToThree();
    const claims = sim.list(GR.pvcs, { namespace: 'default' });
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    const c0 = sim.get(GR.pvcs, 'default', 'www-web-0')!;
    expect(c0.metadata.labels).toEqual({ app: 'nginx' });
    expect(c0.metadata.ownerReferences).toBeUndefined();
    expect(c0.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' });
    expect(sim.events(sts(sim)).map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual([
      'Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'Normal SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-1 in StatefulSet web successful',
      'Normal SuccessfulCreate create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ]);
    expect(sim.events(sts(sim)).every((e) => e.source === 'statefulset-controller')).toBe(true);
    sim.close();
  });

  it('reports replicas, ready and available counts and revisions in status', async () => {
    const sim = await start(web());
    const rev = (sts(sim).status as { updateRevision: string }).updateRevision;
    expect(sts(sim).status).toEqual({
      observedGeneration: 1, replicas: 1, currentReplicas: 1, updatedReplicas: 1,
      currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 0,
    });
    await ready(sim, 'web-0');
    await ready(sim, 'web-1');
    await ready(sim, 'web-2');
    expect(sts(sim).status).toEqual({
      observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
      currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 3,
    });
    sim.close();
  });

  it('scales 3 to 1 from the highest ordinal down, waiting for each pod to terminate', async () => {
    const sim = await scaleUpToThree();
    await patchSpec(sim, (s) => { s.replicas = 1; });
    expect(sim.get(GR.pods, 'default', 'web-2')!.metadata.deletionTimestamp).toBeDefined();
    expect(sim.get(GR.pods, 'default', 'web-1')!.metadata.deletionTimestamp).toBeUndefined();
    expect(await finishTermination(sim)).toEqual(['web-2']);
    expect(sim.get(GR.pods, 'default', 'web-1')!.metadata.deletionTimestamp).toBeDefined();
    expect(await finishTermination(sim)).toEqual(['web-1']);
    expect(names(sim)).toEqual(['web-0']);
    const deletes = sim.events(sts(sim)).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deletes).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    expect(sim.list(GR.pvcs, { namespace: 'default' })).toHaveLength(3);
    expect(sts(sim).status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
    sim.close();
  });

  it('waits minReadySeconds after Ready before creating the next pod', async () => {
    const sim = await start(web({ minReadySeconds: 10 }));
    await ready(sim, 'web-0');
    expect(names(sim)).toEqual(['web-0']);
    expect(sts(sim).status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    await sim.run(9_000);
    expect(names(sim)).toEqual(['web-0']);
    await sim.run(2_000);
    expect(names(sim)).toEqual(['web-0', 'web-1']);
    expect(sts(sim).status).toMatchObject({ availableReplicas: 1 });
    sim.close();
  });

  it('recreates a Failed pod under the same name with the same claim', async () => {
    const sim = await scaleUpToThree();
    const before = sim.get(GR.pods, 'default', 'web-1')!;
    setPodStatus(sim, 'web-1', { phase: 'Failed' });
    await sim.settle();
    const after = sim.get(GR.pods, 'default', 'web-1')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect((after.spec as { volumes: unknown[] }).volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(sim.list(GR.pvcs, { namespace: 'default' })).toHaveLength(3);
    // The second "create Pod web-1" folds into the first Event, as client-go's correlator does.
    const events = sim.events(sts(sim));
    expect(events.find((e) => e.message === 'delete Pod web-1 in StatefulSet web successful')).toMatchObject({ type: 'Normal', reason: 'SuccessfulDelete', count: 1 });
    expect(events.find((e) => e.message === 'create Pod web-1 in StatefulSet web successful')).toMatchObject({ reason: 'SuccessfulCreate', count: 2 });
    sim.close();
  });

  it('brings a deleted pod back with the same name once it is gone', async () => {
    const sim = await scaleUpToThree();
    sim.client.delete(GR.pods, 'default', 'web-0');
    await sim.settle();
    expect(sim.get(GR.pods, 'default', 'web-0')!.metadata.deletionTimestamp).toBeDefined();
    await finishTermination(sim);
    const back = sim.get(GR.pods, 'default', 'web-0')!;
    expect(back.metadata.deletionTimestamp).toBeUndefined();
    expect(back.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
    expect((back.spec as { volumes: unknown[] }).volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    sim.close();
  });

  it('starts at spec.ordinals.start', async () => {
    const sim = await start(web({ replicas: 2, ordinals: { start: 5 } }));
    await ready(sim, 'web-5');
    expect(names(sim)).toEqual(['web-5', 'web-6']);
    sim.close();
  });
});

describe('StatefulSet controller: Parallel', () => {
  it('creates every pod at once and deletes every condemned pod at once', async () => {
    const sim = await start(web({ podManagementPolicy: 'Parallel' }));
    expect(names(sim)).toEqual(['web-0', 'web-1', 'web-2']);
    await patchSpec(sim, (s) => { s.replicas = 0; });
    expect(sim.pods().filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    expect(names(sim)).toEqual([]);
    sim.close();
  });
});

describe('StatefulSet controller: updates', () => {
  const newImage = (s: EditableSpec) => { s.template.spec.containers[0].image = 'registry.k8s.io/nginx-slim:0.24'; };
  const image = (sim: SimCluster, pod: string) => (sim.get(GR.pods, 'default', pod)!.spec as { containers: { image: string }[] }).containers[0].image;

  it('rolls web-2 then web-1 with partition 1, each after its successor is healthy, and web-0 once the partition drops', async () => {
    const sim = await scaleUpToThree();
    const oldRev = (sts(sim).status as { currentRevision: string }).currentRevision;
    await patchSpec(sim, (s) => { newImage(s); s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }; });
    const newRev = (sts(sim).status as { updateRevision: string }).updateRevision;
    expect(newRev).not.toBe(oldRev);
    expect(sim.get(GR.pods, 'default', 'web-2')!.metadata.deletionTimestamp).toBeDefined();
    expect(sts(sim).status).toEqual({
      observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 2,
      currentRevision: oldRev, updateRevision: newRev, collisionCount: 0, availableReplicas: 3,
    });

    await finishTermination(sim);
    expect(sim.get(GR.pods, 'default', 'web-2')!.metadata.labels!['controller-revision-hash']).toBe(newRev);
    expect(image(sim, 'web-2')).toBe('registry.k8s.io/nginx-slim:0.24');
    // web-1 waits until the new web-2 is Running and Ready.
    expect(sim.pods().some((p) => p.metadata.deletionTimestamp)).toBe(false);
    await ready(sim, 'web-2');
    expect(sim.get(GR.pods, 'default', 'web-1')!.metadata.deletionTimestamp).toBeDefined();
    expect(sts(sim).status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 1, updatedReplicas: 1 });
    expect(await finishTermination(sim)).toEqual(['web-1']);
    await ready(sim, 'web-1');
    // web-0 is below the partition and keeps the old template.
    expect(sim.pods().some((p) => p.metadata.deletionTimestamp)).toBe(false);
    expect(image(sim, 'web-0')).toBe('registry.k8s.io/nginx-slim:0.21');
    expect(sts(sim).status).toEqual({
      observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 1, updatedReplicas: 2,
      currentRevision: oldRev, updateRevision: newRev, collisionCount: 0, availableReplicas: 3,
    });

    // Lowering the partition lets the rollout finish, and the update revision becomes current.
    await patchSpec(sim, (s) => { s.updateStrategy.rollingUpdate.partition = 0; });
    expect(await finishTermination(sim)).toEqual(['web-0']);
    await ready(sim, 'web-0');
    expect(sts(sim).status).toEqual({
      observedGeneration: 3, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
      currentRevision: newRev, updateRevision: newRev, collisionCount: 0, availableReplicas: 3,
    });
    expect(sim.events(sts(sim)).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message)).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
      'delete Pod web-0 in StatefulSet web successful',
    ]);
    const revisions = sim.list(GR.controllerrevisions, { namespace: 'default' }).map((r) => [r.metadata.name, r.revision]);
    expect(revisions.sort()).toEqual([[oldRev, 1], [newRev, 2]].sort());
    sim.close();
  });

  it('keeps pods below the partition at the current revision when they are recreated', async () => {
    const sim = await scaleUpToThree(web({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    const oldRev = (sts(sim).status as { currentRevision: string }).currentRevision;
    await patchSpec(sim, newImage);
    await finishTermination(sim);
    await ready(sim, 'web-2');
    sim.client.delete(GR.pods, 'default', 'web-0');
    await sim.settle();
    await finishTermination(sim);
    expect(sim.get(GR.pods, 'default', 'web-0')!.metadata.labels!['controller-revision-hash']).toBe(oldRev);
    expect(image(sim, 'web-0')).toBe('registry.k8s.io/nginx-slim:0.21');
    sim.close();
  });

  it('OnDelete leaves pods alone until the user deletes them, which come back updated', async () => {
    const sim = await scaleUpToThree(web({ updateStrategy: { type: 'OnDelete' } }));
    await patchSpec(sim, newImage);
    await sim.run(60_000);
    expect(sim.pods().some((p) => p.metadata.deletionTimestamp)).toBe(false);
    const newRev = (sts(sim).status as { updateRevision: string }).updateRevision;
    expect(sts(sim).status).toMatchObject({ currentReplicas: 3 });
    // Zero counters are omitted on the wire, as Go's omitempty does.
    expect(sts(sim).status).not.toHaveProperty('updatedReplicas');
    sim.client.delete(GR.pods, 'default', 'web-1');
    await sim.settle();
    await finishTermination(sim);
    expect(sim.get(GR.pods, 'default', 'web-1')!.metadata.labels!['controller-revision-hash']).toBe(newRev);
    expect(image(sim, 'web-0')).toBe('registry.k8s.io/nginx-slim:0.21');
    sim.close();
  });

  it('keeps at most revisionHistoryLimit unused revisions', async () => {
    const sim = await start(web({ replicas: 1, revisionHistoryLimit: 1 }));
    for (const tag of ['0.22', '0.23', '0.24']) {
      await ready(sim, 'web-0');
      await patchSpec(sim, (s) => { s.template.spec.containers[0].image = `registry.k8s.io/nginx-slim:${tag}`; });
      await finishTermination(sim);
    }
    await ready(sim, 'web-0');
    const revs = sim.list(GR.controllerrevisions, { namespace: 'default' }).map((r) => r.revision as number).sort();
    expect(revs).toEqual([3, 4]);
    sim.close();
  });
});

describe('StatefulSet controller: PVC retention policy', () => {
  it('whenDeleted: Delete makes the set own the claims, so they go with the set', async () => {
    const sim = await scaleUpToThree(web({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
    const set = sts(sim);
    expect(sim.get(GR.pvcs, 'default', 'www-web-0')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    sim.client.delete(GR.statefulsets, 'default', 'web');
    await sim.settle();
    await finishTermination(sim);
    expect(sim.list(GR.pvcs, { namespace: 'default' })).toEqual([]);
    sim.close();
  });

  it('whenScaled: Delete hands a scaled-down pod its claims, so they go with the pod', async () => {
    const sim = await scaleUpToThree(web({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
    expect(sim.get(GR.pvcs, 'default', 'www-web-2')!.metadata.ownerReferences).toBeUndefined();
    await patchSpec(sim, (s) => { s.replicas = 2; });
    const pod = sim.get(GR.pods, 'default', 'web-2')!;
    expect(sim.get(GR.pvcs, 'default', 'www-web-2')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: 'web-2', uid: pod.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    await finishTermination(sim);
    expect(sim.list(GR.pvcs, { namespace: 'default' }).map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1']);
    sim.close();
  });
});
