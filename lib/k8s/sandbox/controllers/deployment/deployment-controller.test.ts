import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { computeHash } from '../history/hash';
import { ReplicaSetController } from '../replicaset/replicaset-controller';
import { DeploymentController } from './deployment-controller';
import { deploy, deployment, finishDeletions, podsOf, readyAll, replicaSetsOf, scalingEvents } from './deployment.testing';

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

function start(): SimCluster {
  return simCluster({ components: (ctx) => [new DeploymentController(ctx), new ReplicaSetController(ctx)] });
}

function edit(sim: SimCluster, name: string, change: (spec: Record<string, unknown>, d: KubeObject) => void): void {
  const d = deploy(sim, name);
  change(d.spec as Record<string, unknown>, d);
  sim.client.update(d);
}

const setImage = (sim: SimCluster, name: string, image: string) =>
  edit(sim, name, (spec) => { ((spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]).image = image; });

/** Runs the stand-in kubelet until the rollout settles: pods turn ready, deletions finish. */
async function rollOut(sim: SimCluster, name: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    readyAll(sim, name);
    finishDeletions(sim);
    await sim.settle();
    const s = deploy(sim, name).status as { updatedReplicas?: number; replicas?: number; availableReplicas?: number };
    const want = (deploy(sim, name).spec as { replicas: number }).replicas;
    if (s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want && sim.pods('default', `app=${name}`).every((p) => !p.metadata.deletionTimestamp)) return;
  }
  throw new Error(`rollout of ${name} did not finish`);
}

const progressing = (d: KubeObject) => (d.status as { conditions?: { type: string; reason: string }[] }).conditions?.find((c) => c.type === 'Progressing');
const counts = (sim: SimCluster, name: string) => replicaSetsOf(sim, name).map((rs) => `${rs.metadata.name}:${(rs.spec as { replicas: number }).replicas}/${podsOf(sim, rs).length}`);

describe('DeploymentController', () => {
  it('creates one ReplicaSet <deploy>-<pod-template-hash> with three pods and becomes Available', async () => {
    const sim = start();
    sim.apply(deployment('web', 3));
    await sim.settle();
    const d = deploy(sim, 'web');
    const hash = computeHash((d.spec as { template: unknown }).template);
    const rsName = `web-${hash}`;
    const [rs, ...more] = replicaSetsOf(sim, 'web');
    expect(more).toEqual([]);
    expect(rs.metadata).toMatchObject({
      name: rsName,
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(Object.keys(rs.metadata.annotations!)).toHaveLength(3);
    expect(rs.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } } } });
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });

    const pods = podsOf(sim, rs);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rsName}-${SUFFIX}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(sim.events(d)).toEqual([{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rsName} from 0 to 3`, count: 1, source: 'deployment-controller' }]);
    const t0 = '2025-01-01T00:00:00Z';
    expect(d.status).toEqual({
      observedGeneration: 1, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'False', lastUpdateTime: t0, lastTransitionTime: t0, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: t0, lastTransitionTime: t0, reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` },
      ],
    });

    await sim.run(5_000);
    readyAll(sim, 'web');
    await sim.settle();
    const t5 = '2025-01-01T00:00:05Z';
    expect(deploy(sim, 'web').status).toEqual({
      observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: t5, lastTransitionTime: t5, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: t5, lastTransitionTime: t0, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
      ],
    });
    expect(replicaSetsOf(sim, 'web')[0].status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    sim.close();
  });

  it('rolls a new image out one pod at a time with maxSurge 1 and maxUnavailable 0', async () => {
    const sim = start();
    sim.apply(deployment('web', 3, { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } }));
    await rollOut(sim, 'web');
    const [a] = replicaSetsOf(sim, 'web');
    const A = a.metadata.name!;
    setImage(sim, 'web', 'nginx:1.27');
    await sim.settle();
    const [, b] = replicaSetsOf(sim, 'web');
    const B = b.metadata.name!;
    expect(B).toBe(`web-${computeHash((deploy(sim, 'web').spec as { template: unknown }).template)}`);
    expect(b.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(deploy(sim, 'web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');

    const steps: string[][] = [counts(sim, 'web')];
    for (let i = 0; i < 3; i++) {
      // Never more than replicas + maxSurge pods, never fewer than replicas ready.
      expect(sim.pods('default', 'app=web').filter((p) => !p.metadata.deletionTimestamp).length).toBeLessThanOrEqual(4);
      readyAll(sim, 'web');
      finishDeletions(sim);
      await sim.settle();
      const ready = sim.pods('default', 'app=web').filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase === 'Running');
      expect(ready.length).toBeGreaterThanOrEqual(3);
      steps.push(counts(sim, 'web'));
    }
    expect(steps).toEqual([
      [`${A}:3/3`, `${B}:1/1`],
      [`${A}:2/2`, `${B}:2/2`],
      [`${A}:1/1`, `${B}:3/3`],
      [`${A}:0/0`, `${B}:3/3`],
    ]);
    expect(scalingEvents(sim, 'web')).toEqual([
      `Scaled up replica set ${A} from 0 to 3`,
      `Scaled up replica set ${B} from 0 to 1`,
      `Scaled down replica set ${A} from 3 to 2`,
      `Scaled up replica set ${B} from 1 to 2`,
      `Scaled down replica set ${A} from 2 to 1`,
      `Scaled up replica set ${B} from 2 to 3`,
      `Scaled down replica set ${A} from 1 to 0`,
    ]);
    expect(deploy(sim, 'web').status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(progressing(deploy(sim, 'web'))).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${B}" has successfully progressed.` });
    sim.close();
  });

  it('recreates: scales the old ReplicaSet to zero and creates the new one only once the old pods are gone', async () => {
    const sim = start();
    sim.apply(deployment('db', 2, { spec: { strategy: { type: 'Recreate' } } }));
    await rollOut(sim, 'db');
    const A = replicaSetsOf(sim, 'db')[0].metadata.name!;
    setImage(sim, 'db', 'nginx:1.27');
    await sim.settle();
    expect(replicaSetsOf(sim, 'db')).toHaveLength(1);
    expect(sim.pods('default', 'app=db').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    // Recreate allows no availability during the switch.
    expect((deploy(sim, 'db').status as { conditions: object[] }).conditions).toContainEqual(expect.objectContaining({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }));
    finishDeletions(sim);
    await sim.settle();
    const [, b] = replicaSetsOf(sim, 'db');
    expect(podsOf(sim, b)).toHaveLength(2);
    expect(scalingEvents(sim, 'db')).toEqual([
      `Scaled up replica set ${A} from 0 to 2`,
      `Scaled down replica set ${A} from 2 to 0`,
      `Scaled up replica set ${b.metadata.name} from 0 to 2`,
    ]);
    expect(b.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/max-replicas': '2' });
    sim.close();
  });

  it('scales down through the ReplicaSet, deleting the unscheduled pod, then the one with the lowest deletion cost', async () => {
    const sim = start();
    sim.apply(deployment('web', 3));
    await sim.settle();
    const [rs] = replicaSetsOf(sim, 'web');
    const [p1, p2, p3] = podsOf(sim, rs).map((p) => p.metadata.name!).sort();
    setPodStatus(sim, p1, { phase: 'Running', ready: true, node: 'worker-1' });
    setPodStatus(sim, p2, { phase: 'Running', ready: true, node: 'worker-2' });
    await sim.settle();
    edit(sim, 'web', (spec) => { spec.replicas = 2; });
    await sim.settle();
    expect(podsOf(sim, rs).map((p) => p.metadata.name).sort()).toEqual([p1, p2]);
    expect(sim.get(GR.pods, 'default', p3)).toBeUndefined();

    const cheap = sim.get(GR.pods, 'default', p2)!;
    cheap.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-1' };
    sim.client.update(cheap);
    edit(sim, 'web', (spec) => { spec.replicas = 1; });
    await sim.settle();
    expect(podsOf(sim, rs).map((p) => p.metadata.name)).toEqual([p1]);
    expect(scalingEvents(sim, 'web')).toEqual([
      `Scaled up replica set ${rs.metadata.name} from 0 to 3`,
      `Scaled down replica set ${rs.metadata.name} from 3 to 2`,
      `Scaled down replica set ${rs.metadata.name} from 2 to 1`,
    ]);
    expect(replicaSetsOf(sim, 'web')[0].metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2' });
    sim.close();
  });

  it('scales a stuck rollout proportionally: 10 to 15 replicas adds 3 to the old and 2 to the new ReplicaSet', async () => {
    const sim = start();
    sim.apply(deployment('web', 10, { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } } }));
    await rollOut(sim, 'web');
    setImage(sim, 'web', 'nginx:does-not-exist');
    await sim.settle();
    const [a, b] = replicaSetsOf(sim, 'web');
    expect(counts(sim, 'web')).toEqual([`${a.metadata.name}:8/8`, `${b.metadata.name}:5/5`]);
    edit(sim, 'web', (spec) => { spec.replicas = 15; });
    await sim.settle();
    expect(counts(sim, 'web')).toEqual([`${a.metadata.name}:11/11`, `${b.metadata.name}:7/7`]);
    expect(scalingEvents(sim, 'web').slice(-2)).toEqual([
      `Scaled up replica set ${a.metadata.name} from 8 to 11`,
      `Scaled up replica set ${b.metadata.name} from 5 to 7`,
    ]);
    for (const rs of replicaSetsOf(sim, 'web')) {
      expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    }
    sim.close();
  });

  it('reports ProgressDeadlineExceeded when no progress is made within progressDeadlineSeconds, and recovers', async () => {
    const sim = start();
    sim.apply(deployment('stuck', 2, { spec: { progressDeadlineSeconds: 60 } }));
    await sim.settle();
    const rsName = replicaSetsOf(sim, 'stuck')[0].metadata.name;
    await sim.run(60_000);
    expect(progressing(deploy(sim, 'stuck'))).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    await sim.run(1_000);
    expect(progressing(deploy(sim, 'stuck'))).toEqual({
      type: 'Progressing', status: 'False', lastUpdateTime: '2025-01-01T00:01:01Z', lastTransitionTime: '2025-01-01T00:01:01Z',
      reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
    await sim.run(600_000);
    expect(progressing(deploy(sim, 'stuck'))).toMatchObject({ reason: 'ProgressDeadlineExceeded', lastUpdateTime: '2025-01-01T00:01:01Z' });
    readyAll(sim, 'stuck');
    await sim.settle();
    expect(progressing(deploy(sim, 'stuck'))).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: '2025-01-01T00:11:01Z' });
    sim.close();
  });

  it('rolls back (kubectl rollout undo) by reusing the old ReplicaSet under a new revision with its revision history', async () => {
    const sim = start();
    sim.apply(deployment('web', 2));
    await rollOut(sim, 'web');
    setImage(sim, 'web', 'nginx:1.27');
    await rollOut(sim, 'web');
    const [a, b] = replicaSetsOf(sim, 'web');

    // What kubectl rollout undo sends: revision 1's template (without pod-template-hash) and its annotations.
    const template = structuredClone((a.spec as { template: { metadata: { labels: Record<string, string> } } }).template);
    delete template.metadata.labels['pod-template-hash'];
    edit(sim, 'web', (spec) => { spec.template = template; });
    await rollOut(sim, 'web');

    const rss = replicaSetsOf(sim, 'web');
    expect(rss.map((rs) => rs.metadata.name)).toEqual([b.metadata.name, a.metadata.name]);
    const reused = rss[1];
    expect(reused.metadata.uid).toBe(a.metadata.uid);
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(deploy(sim, 'web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(counts(sim, 'web')).toEqual([`${b.metadata.name}:0/0`, `${a.metadata.name}:2/2`]);
    expect(scalingEvents(sim, 'web').slice(-2)).toEqual([`Scaled up replica set ${a.metadata.name} from 1 to 2`, `Scaled down replica set ${b.metadata.name} from 1 to 0`]);
    sim.close();
  });

  it('restarts (kubectl rollout restart) through a new ReplicaSet whose pods carry restartedAt', async () => {
    const sim = start();
    sim.apply(deployment('web', 2));
    await rollOut(sim, 'web');
    edit(sim, 'web', (spec) => {
      const t = spec.template as { metadata: { annotations?: Record<string, string> } };
      t.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' };
    });
    await rollOut(sim, 'web');
    const [a, b] = replicaSetsOf(sim, 'web');
    expect(b.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(counts(sim, 'web')).toEqual([`${a.metadata.name}:0/0`, `${b.metadata.name}:2/2`]);
    for (const p of podsOf(sim, b)) expect(p.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' });
    sim.close();
  });

  it('pauses: a template change waits, scaling still applies, and resuming rolls out', async () => {
    const sim = start();
    sim.apply(deployment('web', 2));
    await rollOut(sim, 'web');
    const [a] = replicaSetsOf(sim, 'web');
    edit(sim, 'web', (spec) => { spec.paused = true; });
    await sim.settle();
    expect(progressing(deploy(sim, 'web'))).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(sim, 'web', 'nginx:1.27');
    edit(sim, 'web', (spec) => { spec.replicas = 3; });
    await sim.run(1_000);
    expect(replicaSetsOf(sim, 'web')).toHaveLength(1);
    expect(counts(sim, 'web')).toEqual([`${a.metadata.name}:3/3`]);
    // No ReplicaSet matches the paused template, so nothing is up to date (kubectl's UP-TO-DATE 0).
    expect(deploy(sim, 'web').status).toMatchObject({ observedGeneration: 4, replicas: 3 });
    expect((deploy(sim, 'web').status as { updatedReplicas?: number }).updatedReplicas).toBeUndefined();

    edit(sim, 'web', (spec) => { spec.paused = false; });
    await sim.settle();
    const events = sim.events(deploy(sim, 'web')).map((e) => e.message);
    expect(replicaSetsOf(sim, 'web')).toHaveLength(2);
    await rollOut(sim, 'web');
    const [, b] = replicaSetsOf(sim, 'web');
    expect(counts(sim, 'web')).toEqual([`${a.metadata.name}:0/0`, `${b.metadata.name}:3/3`]);
    expect(events).toContain(`Scaled up replica set ${a.metadata.name} from 2 to 3`);
    expect(progressing(deploy(sim, 'web'))).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    sim.close();
  });

  it('records DeploymentResumed when a paused Deployment is resumed', async () => {
    const sim = start();
    sim.apply(deployment('web', 1, { spec: { paused: true } }));
    await sim.settle();
    expect(replicaSetsOf(sim, 'web')).toEqual([]);
    expect(progressing(deploy(sim, 'web'))).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    const statuses: string[] = [];
    const w = sim.client.watch(GR.deployments, (e) => {
      const c = progressing(e.object);
      if (c) statuses.push(c.reason);
    });
    edit(sim, 'web', (spec) => { spec.paused = false; });
    await sim.settle();
    w.close();
    expect(statuses.filter((r, i) => r !== statuses[i - 1])).toEqual(['DeploymentPaused', 'DeploymentResumed', 'NewReplicaSetCreated', 'ReplicaSetUpdated']);
    sim.close();
  });

  it('keeps only revisionHistoryLimit old ReplicaSets, deleting the oldest scaled-down ones', async () => {
    const sim = start();
    sim.apply(deployment('web', 1, { spec: { revisionHistoryLimit: 1 } }));
    await rollOut(sim, 'web');
    for (const image of ['nginx:1.27', 'nginx:1.28', 'nginx:1.29']) {
      setImage(sim, 'web', image);
      await rollOut(sim, 'web');
    }
    await sim.settle();
    const rss = replicaSetsOf(sim, 'web');
    expect(rss.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'])).toEqual(['3', '4']);
    expect(counts(sim, 'web').map((c) => c.split(':')[1])).toEqual(['0/0', '1/1']);
    sim.close();
  });

  it('adopts an orphaned ReplicaSet its selector matches and takes it as its new ReplicaSet', async () => {
    const sim = start();
    sim.apply(deployment('web', 2));
    await rollOut(sim, 'web');
    const [rs] = replicaSetsOf(sim, 'web');
    sim.client.delete(GR.deployments, 'default', 'web', { propagation: 'Orphan' });
    await sim.settle();
    expect(sim.get(GR.replicasets, 'default', rs.metadata.name!)!.metadata.ownerReferences).toBeUndefined();
    sim.apply(deployment('web', 2));
    await sim.settle();
    const again = replicaSetsOf(sim, 'web');
    expect(again.map((x) => x.metadata.uid)).toEqual([rs.metadata.uid]);
    expect(podsOf(sim, again[0])).toHaveLength(2);
    expect(progressing(deploy(sim, 'web'))).toMatchObject({ reason: 'NewReplicaSetAvailable' });
    sim.close();
  });

  it('shows the ReplicaSet FailedCreate as a ReplicaFailure condition while the pod cap refuses pods', async () => {
    const sim = start();
    sim.cluster.api.limits.maxPods = 2;
    sim.apply(deployment('web', 3));
    await sim.run(1_000);
    const conditions = (deploy(sim, 'web').status as { conditions: { type: string }[] }).conditions;
    expect(conditions.find((c) => c.type === 'ReplicaFailure')).toEqual({
      type: 'ReplicaFailure', status: 'True', lastUpdateTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z',
      reason: 'FailedCreate', message: "exceeded the sandbox cluster's pod limit (2)",
    });
    sim.cluster.api.limits.maxPods = 1500;
    await sim.run(60_000);
    expect((deploy(sim, 'web').status as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(deploy(sim, 'web').status).toMatchObject({ replicas: 3 });
    sim.close();
  });
});
