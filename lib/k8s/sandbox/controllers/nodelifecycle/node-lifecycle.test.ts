import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { NodeLifecycleController } from './node-lifecycle-controller';
import { TaintEvictionController } from './taint-eviction-controller';

function start(): { sim: SimCluster; nodes: NodeLifecycleController } {
  let nodes!: NodeLifecycleController;
  const sim = simCluster({ components: (ctx) => [(nodes = new NodeLifecycleController(ctx)), new TaintEvictionController(ctx)] });
  return { sim, nodes };
}

function runPod(sim: SimCluster, name: string, node: string, tolerations?: object[]): KubeObject {
  sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...(tolerations ? { tolerations } : {}) } });
  return setPodStatus(sim, name, { phase: 'Running', ready: true, node });
}

const node = (sim: SimCluster, name: string) => sim.get(GR.nodes, undefined, name)!;
const taintsOf = (sim: SimCluster, name: string) => (node(sim, name).spec as { taints?: object[] }).taints;
const pod = (sim: SimCluster, name: string) => sim.get(GR.pods, 'default', name);
const condition = (p: KubeObject | undefined, type: string) => ((p?.status as { conditions?: { type: string }[] }).conditions ?? []).find((c) => c.type === type);

describe('NodeLifecycleController', () => {
  it('marks a silent node Unknown after the grace period, taints it unreachable and marks its pods not ready', async () => {
    const { sim, nodes } = start();
    runPod(sim, 'web', 'worker-1');
    await sim.settle();
    nodes.nodeStoppedPosting('worker-1');
    await sim.run(39_000);
    expect(taintsOf(sim, 'worker-1')).toBeUndefined();
    await sim.run(1_000);
    const conds = (node(sim, 'worker-1').status as { conditions: { type: string; status: string; reason: string; message: string; lastTransitionTime: string }[] }).conditions;
    for (const c of conds) {
      expect(c).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2025-01-01T00:00:40Z' });
    }
    expect(taintsOf(sim, 'worker-1')).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:40Z' },
    ]);
    expect(sim.events(node(sim, 'worker-1'))).toEqual([{ type: 'Normal', reason: 'NodeNotReady', message: 'Node worker-1 status is now: NodeNotReady', count: 1, source: 'node-controller' }]);
    expect(condition(pod(sim, 'web'), 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: '2025-01-01T00:00:40Z' });
    expect(sim.events(pod(sim, 'web'))).toEqual([{ type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready', count: 1, source: 'node-controller' }]);
    sim.close();
  });

  it('evicts pods with the default 300s toleration five minutes after the node became unreachable', async () => {
    const { sim, nodes } = start();
    runPod(sim, 'web', 'worker-1');
    runPod(sim, 'forever', 'worker-1', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    nodes.nodeStoppedPosting('worker-1');
    await sim.run(40_000 + 299_000);
    expect(pod(sim, 'web')!.metadata.deletionTimestamp).toBeUndefined();
    await sim.run(1_000);
    const web = pod(sim, 'web')!;
    expect(web.metadata.deletionTimestamp).toBe('2025-01-01T00:06:10Z');
    expect(condition(web, 'DisruptionTarget')).toEqual({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:05:40Z', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    expect(sim.events(web).filter((e) => e.source === 'taint-eviction-controller')).toEqual([{ type: 'Normal', reason: 'TaintManagerEviction', message: 'Marking for deletion Pod default/web', count: 1, source: 'taint-eviction-controller' }]);
    expect(pod(sim, 'forever')!.metadata.deletionTimestamp).toBeUndefined();
    sim.close();
  });

  it('cancels the eviction and removes the taints when the kubelet posts again', async () => {
    const { sim, nodes } = start();
    runPod(sim, 'web', 'worker-2');
    nodes.nodeStoppedPosting('worker-2');
    await sim.run(100_000);
    nodes.nodeResumedPosting('worker-2');
    await sim.settle();
    expect(taintsOf(sim, 'worker-2')).toBeUndefined();
    expect((node(sim, 'worker-2').status as { conditions: { type: string; status: string; reason: string }[] }).conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    await sim.run(600_000);
    expect(pod(sim, 'web')!.metadata.deletionTimestamp).toBeUndefined();
    expect(sim.events(pod(sim, 'web')).map((e) => `${e.reason}: ${e.message}`)).toEqual(['NodeNotReady: Node is not ready', 'TaintManagerEviction: Cancelling deletion of Pod default/web']);
    expect(sim.events(node(sim, 'worker-2')).map((e) => `${e.source} ${e.reason}: ${e.message}`)).toEqual([
      'node-controller NodeNotReady: Node worker-2 status is now: NodeNotReady',
      'kubelet NodeReady: Node worker-2 status is now: NodeReady',
    ]);
    sim.close();
  });

  it('taints a NotReady node not-ready and a cordoned node unschedulable', async () => {
    const { sim } = start();
    const n = node(sim, 'worker-3');
    (n.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')!.status = 'False';
    sim.client.updateStatus(n);
    const cordoned = node(sim, 'worker-1');
    (cordoned.spec as { unschedulable?: boolean }).unschedulable = true;
    sim.client.update(cordoned);
    await sim.settle();
    expect(taintsOf(sim, 'worker-3')).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' },
    ]);
    expect(taintsOf(sim, 'worker-1')).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    const uncordoned = node(sim, 'worker-1');
    delete (uncordoned.spec as { unschedulable?: boolean }).unschedulable;
    sim.client.update(uncordoned);
    await sim.settle();
    expect(taintsOf(sim, 'worker-1')).toBeUndefined();
    sim.close();
  });
});

describe('TaintEvictionController', () => {
  it('evicts non-tolerating pods at once when a NoExecute taint is added, and tolerating ones after tolerationSeconds', async () => {
    const { sim } = start();
    runPod(sim, 'plain', 'worker-1');
    runPod(sim, 'patient', 'worker-1', [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
    runPod(sim, 'stubborn', 'worker-1', [{ key: 'maintenance', operator: 'Equal', value: 'yes', effect: 'NoExecute' }]);
    runPod(sim, 'elsewhere', 'worker-2');
    await sim.settle();
    // kubectl taint nodes worker-1 maintenance=yes:NoExecute
    const n = node(sim, 'worker-1');
    (n.spec as { taints?: object[] }).taints = [{ key: 'maintenance', value: 'yes', effect: 'NoExecute' }];
    sim.client.update(n);
    await sim.settle();
    expect(pod(sim, 'plain')!.metadata.deletionTimestamp).toBe('2025-01-01T00:00:30Z');
    expect(condition(pod(sim, 'plain'), 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    expect(sim.events(pod(sim, 'plain'))).toEqual([{ type: 'Normal', reason: 'TaintManagerEviction', message: 'Marking for deletion Pod default/plain', count: 1, source: 'taint-eviction-controller' }]);
    expect(pod(sim, 'patient')!.metadata.deletionTimestamp).toBeUndefined();
    await sim.run(60_000);
    expect(pod(sim, 'patient')!.metadata.deletionTimestamp).toBe('2025-01-01T00:01:30Z');
    expect(pod(sim, 'stubborn')!.metadata.deletionTimestamp).toBeUndefined();
    expect(pod(sim, 'elsewhere')!.metadata.deletionTimestamp).toBeUndefined();
    sim.close();
  });

  it('does not evict when the taint is removed before tolerationSeconds run out', async () => {
    const { sim } = start();
    runPod(sim, 'patient', 'worker-1', [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
    const n = node(sim, 'worker-1');
    (n.spec as { taints?: object[] }).taints = [{ key: 'maintenance', effect: 'NoExecute' }];
    sim.client.update(n);
    await sim.run(30_000);
    const again = node(sim, 'worker-1');
    delete (again.spec as { taints?: object[] }).taints;
    sim.client.update(again);
    await sim.run(120_000);
    expect(pod(sim, 'patient')!.metadata.deletionTimestamp).toBeUndefined();
    sim.close();
  });
});
