import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { ReplicaSetController } from './replicaset-controller';

const NAME_RE = (rs: string) => new RegExp(`^${rs}-[bcdfghjklmnpqrstvwxz2456789]{5}$`);

function replicaSet(name: string, replicas: number, spec: object = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      ...spec,
    },
  };
}

function start(): SimCluster {
  return simCluster({ components: (ctx) => [new ReplicaSetController(ctx)] });
}

const rsOf = (sim: SimCluster, name: string) => sim.get(GR.replicasets, 'default', name)!;
const alive = (sim: SimCluster, label: string) => sim.pods('default', label).filter((p) => !p.metadata.deletionTimestamp);
const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name!).sort();
const scale = (sim: SimCluster, name: string, replicas: number) => {
  const rs = rsOf(sim, name);
  (rs.spec as { replicas: number }).replicas = replicas;
  sim.client.update(rs);
};

describe('ReplicaSetController', () => {
  it('creates the replicas as <rs>-xxxxx pods with the template labels and a controller reference, then counts them ready', async () => {
    const sim = start();
    sim.apply(replicaSet('web', 3));
    await sim.settle();
    const rs = rsOf(sim, 'web');
    const pods = alive(sim, 'app=web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(NAME_RE('web'));
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(sim.events(rs).map((e) => `${e.type} ${e.reason}: ${e.message} (${e.source})`).sort()).toEqual(
      names(pods).map((n) => `Normal SuccessfulCreate: Created pod: ${n} (replicaset-controller)`),
    );
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });

    for (const p of pods) setPodStatus(sim, p, { phase: 'Running', ready: true });
    await sim.settle();
    expect(rsOf(sim, 'web').status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    sim.close();
  });

  it('counts a ready pod available only once it has been ready for longer than minReadySeconds', async () => {
    const sim = start();
    sim.apply(replicaSet('slow', 1, { minReadySeconds: 10 }));
    await sim.settle();
    setPodStatus(sim, alive(sim, 'app=slow')[0], { phase: 'Running', ready: true });
    await sim.run(10_000);
    expect(rsOf(sim, 'slow').status).toMatchObject({ readyReplicas: 1 });
    expect((rsOf(sim, 'slow').status as { availableReplicas?: number }).availableReplicas).toBeUndefined();
    await sim.run(1_000);
    expect(rsOf(sim, 'slow').status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    sim.close();
  });

  it('replaces a pod that is being deleted without deleting it again', async () => {
    const sim = start();
    sim.apply(replicaSet('web', 2));
    await sim.settle();
    const [victim, survivor] = alive(sim, 'app=web');
    setPodStatus(sim, victim, { phase: 'Running', ready: true });
    setPodStatus(sim, survivor, { phase: 'Running', ready: true });
    await sim.settle();
    sim.client.delete(GR.pods, 'default', victim.metadata.name!);
    await sim.settle();
    const terminating = sim.get(GR.pods, 'default', victim.metadata.name!)!;
    expect(terminating.metadata.deletionTimestamp).toBe('2025-01-01T00:00:30Z');
    const now = alive(sim, 'app=web');
    expect(now).toHaveLength(2);
    const replacement = now.find((p) => p.metadata.name !== survivor.metadata.name)!;
    expect(replacement.metadata.name).toMatch(NAME_RE('web'));
    expect(rsOf(sim, 'web').status).toMatchObject({ replicas: 2, readyReplicas: 1 });
    const events = sim.events(rsOf(sim, 'web')).map((e) => `${e.reason}: ${e.message}`);
    expect(events.filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([]);
    expect(events.at(-1)).toBe(`SuccessfulCreate: Created pod: ${replacement.metadata.name}`);
    sim.close();
  });

  it('adopts a matching orphan instead of creating a pod, and releases a pod relabelled out of its selector', async () => {
    const sim = start();
    const orphan = sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    sim.apply(replicaSet('web', 2));
    await sim.settle();
    const rs = rsOf(sim, 'web');
    expect(sim.get(GR.pods, 'default', 'stray')!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(alive(sim, 'app=web')).toHaveLength(2);
    // The adopted pod lacks the template's tier label.
    expect(rs.status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });

    const stray = sim.get(GR.pods, 'default', orphan.metadata.name!)!;
    stray.metadata.labels = { app: 'debug' };
    sim.client.update(stray);
    await sim.settle();
    expect(sim.get(GR.pods, 'default', 'stray')!.metadata.ownerReferences).toBeUndefined();
    const owned = alive(sim, 'app=web');
    expect(owned).toHaveLength(2);
    expect(owned.every((p) => p.metadata.ownerReferences?.[0].uid === rs.metadata.uid)).toBe(true);
    expect(rsOf(sim, 'web').status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 2 });
    sim.close();
  });

  it('scales down the unassigned, then the pending, then the not-ready pod before any running ready one', async () => {
    const sim = start();
    sim.apply(replicaSet('web', 5));
    await sim.settle();
    const [unassigned, pending, notReady, cheap, ready] = names(alive(sim, 'app=web'));
    setPodStatus(sim, pending, { phase: 'Pending', node: 'worker-1' });
    setPodStatus(sim, notReady, { phase: 'Running', ready: false, node: 'worker-2' });
    setPodStatus(sim, cheap, { phase: 'Running', ready: true, node: 'worker-3' });
    setPodStatus(sim, ready, { phase: 'Running', ready: true, node: 'worker-1' });
    const live = sim.get(GR.pods, 'default', cheap)!;
    live.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-10' };
    sim.client.update(live);
    await sim.settle();

    scale(sim, 'web', 4);
    await sim.settle();
    expect(names(alive(sim, 'app=web'))).toEqual([pending, notReady, cheap, ready].sort());
    expect(sim.get(GR.pods, 'default', unassigned)).toBeUndefined();
    scale(sim, 'web', 2);
    await sim.settle();
    expect(names(alive(sim, 'app=web'))).toEqual([cheap, ready].sort());
    scale(sim, 'web', 1);
    await sim.settle();
    expect(names(alive(sim, 'app=web'))).toEqual([ready]);
    const deletes = sim.events(rsOf(sim, 'web')).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message);
    expect(deletes[0]).toBe(`Deleted pod: ${unassigned}`);
    expect(deletes.slice(1, 3).sort()).toEqual([`Deleted pod: ${pending}`, `Deleted pod: ${notReady}`].sort());
    expect(deletes[3]).toBe(`Deleted pod: ${cheap}`);
    expect(rsOf(sim, 'web').status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    sim.close();
  });

  it('among equally healthy pods deletes the one with more restarts, then the newer one', async () => {
    const sim = start();
    sim.apply(replicaSet('web', 1));
    await sim.settle();
    const [oldest] = names(alive(sim, 'app=web'));
    await sim.run(100_000);
    scale(sim, 'web', 3);
    await sim.settle();
    const [a, b] = names(alive(sim, 'app=web')).filter((n) => n !== oldest);
    // Ready at the same second, so the ready-time rule ties.
    setPodStatus(sim, oldest, { phase: 'Running', ready: true });
    setPodStatus(sim, a, { phase: 'Running', ready: true, restartCount: 2 });
    setPodStatus(sim, b, { phase: 'Running', ready: true });
    await sim.run(10_000);
    scale(sim, 'web', 2);
    await sim.settle();
    expect(names(alive(sim, 'app=web'))).toEqual([oldest, b].sort());
    scale(sim, 'web', 1);
    await sim.settle();
    expect(names(alive(sim, 'app=web'))).toEqual([oldest]);
    sim.close();
  });

  it('reports FailedCreate and a ReplicaFailure condition when the pod cap refuses, creating in slow-start batches', async () => {
    const sim = start();
    sim.cluster.api.limits.maxPods = sim.pods('default').length + 3;
    sim.apply(replicaSet('big', 6));
    await sim.settle();
    // Batches of 1 and 2 succeed; in the batch of 3 every create fails, and nothing more is tried.
    expect(alive(sim, 'app=big')).toHaveLength(3);
    const rs = rsOf(sim, 'big');
    const events = sim.events(rs);
    expect(events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    const failed = events.filter((e) => e.reason === 'FailedCreate');
    expect(failed.map(({ count: _count, ...e }) => e)).toEqual([
      { type: 'Warning', reason: 'FailedCreate', message: "Error creating: exceeded the sandbox cluster's pod limit (3)", source: 'replicaset-controller' },
    ]);
    // Three in the failed batch, then one more per resync (each stops after its first batch of 1).
    expect(failed[0].count).toBeGreaterThanOrEqual(3);
    // Resyncs (pod events, retries with backoff) count the pods that exist and keep the condition.
    expect(rs.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
      conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'FailedCreate', message: "exceeded the sandbox cluster's pod limit (3)" }],
    });
    await sim.run(1_000);
    expect(rsOf(sim, 'big').status).toMatchObject({ replicas: 3, conditions: [{ type: 'ReplicaFailure', reason: 'FailedCreate', lastTransitionTime: '2025-01-01T00:00:00Z' }] });

    sim.cluster.api.limits.maxPods = 1500;
    await sim.run(60_000);
    expect(alive(sim, 'app=big')).toHaveLength(6);
    expect(rsOf(sim, 'big').status).toEqual({ replicas: 6, fullyLabeledReplicas: 6, observedGeneration: 1 });
    sim.close();
  });
});
