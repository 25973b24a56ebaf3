import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { nodeObject } from '../../bootstrap';
import { GR } from '../framework/client';
import { DaemonSetController } from './daemonset-controller';
import { OrphanedPodCollector } from '../nodelifecycle/orphaned-pod-collector';
import { targetNodeName } from './daemon-pod';

function daemonSet(name: string, extra: { podSpec?: object; spec?: object; image?: string } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: extra.image ?? 'busybox:1.36' }], ...extra.podSpec } },
      ...extra.spec,
    },
  };
}

function start(): SimCluster {
  return simCluster({ components: (ctx) => [new DaemonSetController(ctx)] });
}

const ds = (sim: SimCluster, name: string) => sim.get(GR.daemonsets, 'default', name)!;
const live = (sim: SimCluster, name: string) => sim.pods('default', `app=${name}`).filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = (pods: KubeObject[]) => pods.map((p) => targetNodeName(p)).sort();

/** Plays scheduler and kubelet: binds every pending daemon pod to its pinned node and runs it. */
function runPods(sim: SimCluster, name: string): void {
  for (const p of live(sim, name)) {
    if (!(p.spec as { nodeName?: string }).nodeName) setPodStatus(sim, p, { phase: 'Running', ready: true, node: targetNodeName(p) });
  }
}

/** Plays the kubelet finishing graceful deletions. */
function finishDeletions(sim: SimCluster): void {
  for (const p of sim.pods('default')) if (p.metadata.deletionTimestamp) sim.client.delete(GR.pods, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
}

describe('DaemonSetController placement', () => {
  it('creates one pinned pod per worker and none on the tainted control plane', async () => {
    const sim = start();
    sim.apply(daemonSet('agent'));
    await sim.settle();
    const pods = live(sim, 'agent');
    expect(nodesOf(pods)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const revision = sim.list(GR.controllerrevisions, { namespace: 'default' });
    expect(revision).toHaveLength(1);
    const hash = revision[0].metadata.labels!['controller.kubernetes.io/hash'];
    expect(revision[0].metadata.name).toBe(`agent-${hash}`);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
      expect((p.spec as { nodeName?: string }).nodeName).toBeUndefined();
      // The daemon tolerations carry no tolerationSeconds, so admission adds no 300s defaults.
      expect((p.spec as { tolerations: { key: string; effect: string; tolerationSeconds?: number }[] }).tolerations.map((t) => `${t.key}:${t.effect}${t.tolerationSeconds ?? ''}`)).toEqual([
        'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
    }
    expect(ds(sim, 'agent').metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(sim.events(ds(sim, 'agent')).map((e) => `${e.reason}: ${e.message}`).sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(ds(sim, 'agent').status).toEqual({
      currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 0, updatedNumberScheduled: 3, numberAvailable: 0, numberUnavailable: 3, observedGeneration: 1,
    });
    runPods(sim, 'agent');
    await sim.settle();
    expect(ds(sim, 'agent').status).toMatchObject({ numberReady: 3, numberAvailable: 3, numberUnavailable: 0 });
    sim.close();
  });

  it('runs on the control plane too when the template tolerates its taint', async () => {
    const sim = start();
    sim.apply(daemonSet('everywhere', { podSpec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } }));
    await sim.settle();
    expect(nodesOf(live(sim, 'everywhere'))).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    expect(ds(sim, 'everywhere').status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4 });
    sim.close();
  });

  it('limits pods to nodes matching the nodeSelector and follows relabelling', async () => {
    const sim = start();
    for (const n of ['worker-1', 'worker-3']) {
      const node = sim.get(GR.nodes, undefined, n)!;
      node.metadata.labels = { ...node.metadata.labels, disk: 'ssd' };
      sim.client.update(node);
    }
    sim.apply(daemonSet('ssd', { podSpec: { nodeSelector: { disk: 'ssd' } } }));
    await sim.settle();
    expect(nodesOf(live(sim, 'ssd'))).toEqual(['worker-1', 'worker-3']);
    runPods(sim, 'ssd');
    const node = sim.get(GR.nodes, undefined, 'worker-3')!;
    delete node.metadata.labels!.disk;
    sim.client.update(node);
    await sim.settle();
    const deleting = sim.pods('default', 'app=ssd').filter((p) => p.metadata.deletionTimestamp);
    expect(nodesOf(deleting)).toEqual(['worker-3']);
    expect(sim.events(ds(sim, 'ssd')).at(-1)).toMatchObject({ reason: 'SuccessfulDelete', message: `Deleted pod: ${deleting[0].metadata.name}` });
    finishDeletions(sim);
    await sim.settle();
    expect(ds(sim, 'ssd').status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
    sim.close();
  });

  it('adds a pod for a new node and removes the unscheduled pod of a node that goes away', async () => {
    const sim = start();
    sim.apply(daemonSet('agent'));
    await sim.settle();
    sim.client.create(nodeObject('worker-4', 4, false, sim.clock.nowISO()));
    await sim.settle();
    expect(nodesOf(live(sim, 'agent'))).toEqual(['worker-1', 'worker-2', 'worker-3', 'worker-4']);
    expect(ds(sim, 'agent').status).toMatchObject({ desiredNumberScheduled: 4 });
    sim.client.delete(GR.nodes, undefined, 'worker-4');
    await sim.settle();
    expect(nodesOf(live(sim, 'agent'))).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(ds(sim, 'agent').status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3 });
    sim.close();
  });

  it('loses the running pod of a deleted node once the pod collector removes it', async () => {
    const sim = simCluster({ components: (ctx) => [new DaemonSetController(ctx), new OrphanedPodCollector(ctx)] });
    sim.apply(daemonSet('agent'));
    await sim.settle();
    runPods(sim, 'agent');
    await sim.settle();
    sim.client.delete(GR.nodes, undefined, 'worker-3');
    await sim.settle();
    expect(ds(sim, 'agent').status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 });
    await sim.run(40_000);
    expect(nodesOf(sim.pods('default', 'app=agent'))).toEqual(['worker-1', 'worker-2']);
    sim.close();
  });

  it('recreates a deleted daemon pod and deletes an extra one, keeping the oldest', async () => {
    const sim = start();
    sim.apply(daemonSet('agent'));
    await sim.settle();
    const onW1 = live(sim, 'agent').find((p) => targetNodeName(p) === 'worker-1')!;
    sim.client.delete(GR.pods, 'default', onW1.metadata.name!);
    await sim.settle();
    expect(nodesOf(live(sim, 'agent'))).toEqual(['worker-1', 'worker-2', 'worker-3']);
    await sim.run(5000);
    const keep = live(sim, 'agent').find((p) => targetNodeName(p) === 'worker-2')!;
    const extra = sim.apply({ ...keep, metadata: { name: 'agent-extra', labels: keep.metadata.labels, ownerReferences: keep.metadata.ownerReferences } });
    await sim.settle();
    expect(sim.get(GR.pods, 'default', extra.metadata.name!)).toBeUndefined();
    expect(sim.get(GR.pods, 'default', keep.metadata.name!)).toBeDefined();
    sim.close();
  });

  it('kills a failed daemon pod with a warning and backs off when it keeps failing', async () => {
    const sim = start();
    sim.apply(daemonSet('agent'));
    await sim.settle();
    runPods(sim, 'agent');
    const failed = live(sim, 'agent').find((p) => targetNodeName(p) === 'worker-2')!;
    setPodStatus(sim, failed, { phase: 'Failed', exitCode: 1 });
    await sim.settle();
    expect(sim.get(GR.pods, 'default', failed.metadata.name!)).toBeUndefined();
    const warnings = sim.events(ds(sim, 'agent')).filter((e) => e.type === 'Warning');
    expect(warnings).toEqual([{ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod default/${failed.metadata.name} on node worker-2, will try to kill it`, count: 1, source: 'daemonset-controller' }]);
    const replacement = live(sim, 'agent').find((p) => targetNodeName(p) === 'worker-2')!;
    expect(replacement.metadata.name).not.toBe(failed.metadata.name);
    // It fails again at once: the controller waits out the 1s backoff before killing it.
    setPodStatus(sim, replacement, { phase: 'Failed', exitCode: 1, node: 'worker-2' });
    await sim.settle();
    expect(sim.get(GR.pods, 'default', replacement.metadata.name!)).toBeDefined();
    await sim.run(1000);
    expect(sim.get(GR.pods, 'default', replacement.metadata.name!)).toBeUndefined();
    expect(sim.events(ds(sim, 'agent')).filter((e) => e.reason === 'FailedDaemonPod')).toHaveLength(2);
    sim.close();
  });

  it('warns SelectingAll for an empty selector and creates nothing', async () => {
    const sim = start();
    // Validation refuses an empty selector, so only a stored object from elsewhere can have one.
    const obj = daemonSet('all');
    obj.metadata.namespace = 'default';
    (obj.spec as { selector: object }).selector = {};
    sim.cluster.store.create(GR.daemonsets, obj);
    await sim.settle();
    expect(sim.events(ds(sim, 'all'))).toEqual([{ type: 'Warning', reason: 'SelectingAll', message: 'This daemon set is selecting all pods. A non-empty selector is required.', count: 1, source: 'daemonset-controller' }]);
    expect(sim.pods()).toEqual([]);
    sim.close();
  });
});

describe('DaemonSetController updates', () => {
  async function rolledOut(sim: SimCluster, name: string): Promise<void> {
    sim.apply(daemonSet(name));
    await sim.settle();
    runPods(sim, name);
    await sim.settle();
  }

  function changeImage(sim: SimCluster, name: string, image: string): void {
    const obj = ds(sim, name);
    (obj.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = image;
    sim.client.update(obj);
  }

  const statusOf = (sim: SimCluster, name: string) => {
    const s = ds(sim, name).status as Record<string, number>;
    return { updated: s.updatedNumberScheduled, available: s.numberAvailable, unavailable: s.numberUnavailable, current: s.currentNumberScheduled, observedGeneration: s.observedGeneration };
  };

  it('replaces one node at a time with maxUnavailable 1', async () => {
    const sim = start();
    await rolledOut(sim, 'agent');
    changeImage(sim, 'agent', 'busybox:1.37');
    await sim.settle();
    expect(ds(sim, 'agent').metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '2' });
    const steps: object[] = [];
    for (let step = 0; step < 3; step++) {
      const terminating = sim.pods('default', 'app=agent').filter((p) => p.metadata.deletionTimestamp);
      expect(terminating).toHaveLength(1);
      finishDeletions(sim);
      await sim.settle();
      steps.push(statusOf(sim, 'agent'));
      runPods(sim, 'agent');
      await sim.settle();
    }
    expect(steps).toEqual([
      { updated: 1, available: 2, unavailable: 1, current: 3, observedGeneration: 2 },
      { updated: 2, available: 2, unavailable: 1, current: 3, observedGeneration: 2 },
      { updated: 3, available: 2, unavailable: 1, current: 3, observedGeneration: 2 },
    ]);
    expect(statusOf(sim, 'agent')).toEqual({ updated: 3, available: 3, unavailable: 0, current: 3, observedGeneration: 2 });
    const revs = sim.list(GR.controllerrevisions, { namespace: 'default' }).map((r) => r.revision).sort();
    expect(revs).toEqual([1, 2]);
    for (const p of live(sim, 'agent')) expect(p.metadata.labels!['pod-template-generation']).toBe('2');
    sim.close();
  });

  it('surges a new pod next to the old one before deleting it with maxSurge 1', async () => {
    const sim = start();
    sim.apply(daemonSet('agent', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } } }));
    await sim.settle();
    runPods(sim, 'agent');
    await sim.settle();
    changeImage(sim, 'agent', 'busybox:1.37');
    await sim.settle();
    expect(live(sim, 'agent')).toHaveLength(4);
    expect(sim.pods('default', 'app=agent').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    runPods(sim, 'agent');
    await sim.settle();
    expect(sim.pods('default', 'app=agent').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    sim.close();
  });

  it('leaves old pods alone with OnDelete until they are deleted', async () => {
    const sim = start();
    sim.apply(daemonSet('agent', { spec: { updateStrategy: { type: 'OnDelete' } } }));
    await sim.settle();
    runPods(sim, 'agent');
    await sim.settle();
    changeImage(sim, 'agent', 'busybox:1.37');
    await sim.run(60_000);
    expect(sim.pods('default', 'app=agent').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    expect(statusOf(sim, 'agent')).toMatchObject({ updated: 0, available: 3 });
    const old = live(sim, 'agent').find((p) => targetNodeName(p) === 'worker-1')!;
    sim.client.delete(GR.pods, 'default', old.metadata.name!);
    finishDeletions(sim);
    await sim.settle();
    const fresh = live(sim, 'agent').find((p) => targetNodeName(p) === 'worker-1')!;
    expect((fresh.spec as { containers: { image: string }[] }).containers[0].image).toBe('busybox:1.37');
    expect(statusOf(sim, 'agent')).toMatchObject({ updated: 1 });
    sim.close();
  });
});
