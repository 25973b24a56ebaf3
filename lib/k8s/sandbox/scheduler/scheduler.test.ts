import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from '../testing/sim-cluster';
import { GR } from '../controllers/framework/client';
import type { KubeObject } from '../types';
import { Scheduler } from './scheduler';

function setup(workers = 3): { sim: SimCluster; scheduler: Scheduler } {
  let scheduler!: Scheduler;
  const sim = simCluster({ workers, components: (ctx) => [(scheduler = new Scheduler(ctx))] });
  return { sim, scheduler };
}

function podManifest(name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(labels ? { labels } : {}) }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec } };
}

const withCpu = (cpu: string, spec: Record<string, unknown> = {}) => ({ ...spec, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu } } }] });
const nodeOf = (sim: SimCluster, name: string) => (sim.get(GR.pods, 'default', name)?.spec as { nodeName?: string }).nodeName;
const condition = (sim: SimCluster, name: string, type: string) => ((sim.get(GR.pods, 'default', name)?.status as { conditions?: Record<string, unknown>[] }).conditions ?? []).find((c) => c.type === type);
const cpTaint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

describe('Scheduler', () => {
  it('binds a pod to a worker, never to the tainted control plane, and records Scheduled', async () => {
    const { sim } = setup();
    const pod = sim.apply(podManifest('web'));
    await sim.run(0);
    expect(nodeOf(sim, 'web')).toMatch(/^worker-[123]$/);
    expect(condition(sim, 'web', 'PodScheduled')).toMatchObject({ status: 'True' });
    expect(sim.events(pod)).toEqual([{ type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/web to ${nodeOf(sim, 'web')}`, count: 1, source: 'default-scheduler' }]);
    sim.close();
  });

  it('places a pod tolerating the control-plane taint and selecting it there', async () => {
    const { sim } = setup();
    sim.apply(podManifest('cp', {
      nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    }));
    await sim.run(0);
    expect(nodeOf(sim, 'cp')).toBe('control-plane');
    sim.close();
  });

  it('honours nodeSelector and required node affinity, and prefers the weighted node', async () => {
    const { sim } = setup();
    sim.apply(podManifest('zoned', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-b' } }));
    sim.apply(podManifest('named', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-3'] }] }] } } } }));
    sim.apply(podManifest('preferring', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-a'] }] } }] } } }));
    await sim.run(0);
    expect(nodeOf(sim, 'zoned')).toBe('worker-2');
    expect(nodeOf(sim, 'named')).toBe('worker-3');
    expect(nodeOf(sim, 'preferring')).toBe('worker-1');
    sim.close();
  });

  it('leaves a pod whose node selector matches nothing Pending with the affinity message', async () => {
    const { sim, scheduler } = setup();
    const pod = sim.apply(podManifest('nowhere', { nodeSelector: { disktype: 'ssd' } }));
    await sim.run(0);
    const message = `0/4 nodes are available: 1 ${cpTaint}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.`;
    expect(condition(sim, 'nowhere', 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    expect(sim.events(pod)).toEqual([{ type: 'Warning', reason: 'FailedScheduling', message, count: 1, source: 'default-scheduler' }]);
    expect(scheduler.diagnosis(pod.metadata.uid!)).toEqual({
      message,
      nodes: [
        { node: 'control-plane', plugin: 'TaintToleration', reasons: [cpTaint] },
        { node: 'worker-1', plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
        { node: 'worker-2', plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
        { node: 'worker-3', plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
      ],
    });
    sim.close();
  });

  it('keeps pods off tainted workers unless they tolerate the taint', async () => {
    const { sim } = setup();
    for (const name of ['worker-1', 'worker-2', 'worker-3']) {
      const node = sim.get(GR.nodes, undefined, name)!;
      (node.spec as Record<string, unknown>).taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
      sim.client.update(node);
    }
    sim.apply(podManifest('plain'));
    sim.apply(podManifest('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }));
    await sim.run(0);
    expect(nodeOf(sim, 'plain')).toBeUndefined();
    expect(condition(sim, 'plain', 'PodScheduled')?.message).toBe(`0/4 nodes are available: 1 ${cpTaint}, 3 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.`);
    expect(nodeOf(sim, 'tolerant')).toMatch(/^worker-/);
    sim.close();
  });

  it('fills workers by cpu and reports the exact FailedScheduling message for 4 nodes', async () => {
    const { sim } = setup();
    for (let i = 1; i <= 3; i++) sim.apply(podManifest(`big-${i}`, withCpu('3')));
    await sim.run(0);
    expect(new Set([1, 2, 3].map((i) => nodeOf(sim, `big-${i}`)))).toEqual(new Set(['worker-1', 'worker-2', 'worker-3']));
    const extra = sim.apply(podManifest('extra', withCpu('2')));
    await sim.run(0);
    const message = `0/4 nodes are available: 1 ${cpTaint}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`;
    expect(condition(sim, 'extra', 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    expect(sim.events(extra)).toEqual([{ type: 'Warning', reason: 'FailedScheduling', message, count: 1, source: 'default-scheduler' }]);
    sim.close();
  });

  it('retries an unschedulable pod when a pod finishes and frees its room', async () => {
    const { sim } = setup(1);
    sim.apply(podManifest('first', withCpu('3')));
    await sim.run(0);
    sim.apply(podManifest('second', withCpu('3')));
    await sim.run(0);
    expect(nodeOf(sim, 'second')).toBeUndefined();
    sim.client.delete(GR.pods, 'default', 'first', { gracePeriodSeconds: 0 });
    await sim.run(1_000);
    expect(nodeOf(sim, 'second')).toBe('worker-1');
    sim.close();
  });

  it('does not schedule onto a cordoned worker and schedules there once it is uncordoned', async () => {
    const { sim } = setup(1);
    const node = sim.get(GR.nodes, undefined, 'worker-1')!;
    (node.spec as Record<string, unknown>).unschedulable = true;
    sim.client.update(node);
    sim.apply(podManifest('waiting'));
    await sim.run(0);
    expect(condition(sim, 'waiting', 'PodScheduled')?.message).toBe(`0/2 nodes are available: 1 ${cpTaint}, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.`);
    const again = sim.get(GR.nodes, undefined, 'worker-1')!;
    delete (again.spec as Record<string, unknown>).unschedulable;
    sim.client.update(again);
    await sim.run(1_000);
    expect(nodeOf(sim, 'waiting')).toBe('worker-1');
    sim.close();
  });

  it('spreads 3 anti-affine replicas over the 3 workers and leaves a 4th Pending', async () => {
    const { sim } = setup();
    const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' }] } } };
    for (let i = 0; i < 4; i++) sim.apply(podManifest(`cache-${i}`, anti, { app: 'cache' }));
    await sim.run(0);
    expect(new Set([0, 1, 2].map((i) => nodeOf(sim, `cache-${i}`)))).toEqual(new Set(['worker-1', 'worker-2', 'worker-3']));
    expect(nodeOf(sim, 'cache-3')).toBeUndefined();
    expect(condition(sim, 'cache-3', 'PodScheduled')?.message).toBe(`0/4 nodes are available: 1 ${cpTaint}, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`);
    sim.close();
  });

  it('keeps a pod out of a zone whose pods are anti-affine to it (existing pods anti-affinity)', async () => {
    const { sim } = setup();
    sim.apply(podManifest('loner', { nodeName: undefined, nodeSelector: { 'kubernetes.io/hostname': 'worker-1' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'noisy' } }, topologyKey: 'kubernetes.io/hostname' }] } } }));
    await sim.run(0);
    sim.apply(podManifest('noisy', { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } }, { app: 'noisy' }));
    await sim.run(0);
    expect(condition(sim, 'noisy', 'PodScheduled')?.message).toBe(`0/4 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules, 1 ${cpTaint}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.`);
    sim.close();
  });

  it('spreads replicas across zones with a DoNotSchedule topology spread constraint', async () => {
    const { sim } = setup();
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] };
    // worker-1..3 are in zone-a, zone-b, zone-c; the control plane (zone-a) is tainted.
    sim.apply(podManifest('pin', { nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } }, { app: 'web' }));
    await sim.run(0);
    sim.apply(podManifest('web-1', spread, { app: 'web' }));
    sim.apply(podManifest('web-2', spread, { app: 'web' }));
    await sim.run(0);
    expect(new Set([nodeOf(sim, 'web-1'), nodeOf(sim, 'web-2')])).toEqual(new Set(['worker-2', 'worker-3']));
    sim.close();
  });

  it('leaves a pod Pending when placing it would exceed maxSkew', async () => {
    const { sim } = setup();
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] };
    sim.apply(podManifest('bound-1', { nodeName: 'worker-1' }, { app: 'web' }));
    sim.apply(podManifest('bound-2', { nodeName: 'worker-1' }, { app: 'web' }));
    for (const name of ['worker-2', 'worker-3']) {
      const node = sim.get(GR.nodes, undefined, name)!;
      (node.spec as Record<string, unknown>).unschedulable = true;
      sim.client.update(node);
    }
    sim.apply(podManifest('web', spread, { app: 'web' }));
    await sim.run(0);
    expect(condition(sim, 'web', 'PodScheduled')?.message).toBe(`0/4 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 ${cpTaint}, 2 node(s) were unschedulable. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.`);
    sim.close();
  });

  it('refuses a second pod wanting the same hostPort on a single worker', async () => {
    const { sim } = setup(1);
    const hostPort = { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, hostPort: 8080 }] }] };
    sim.apply(podManifest('a', hostPort));
    sim.apply(podManifest('b', hostPort));
    await sim.run(0);
    expect(nodeOf(sim, 'a')).toBe('worker-1');
    expect(condition(sim, 'b', 'PodScheduled')?.message).toBe(`0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 ${cpTaint}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.`);
    sim.close();
  });

  it('preempts a low-priority pod for a high-priority one, which binds once the victim is gone', async () => {
    const { sim } = setup(1);
    sim.apply({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    const low = sim.apply(podManifest('low', withCpu('3')));
    await sim.run(0);
    expect(nodeOf(sim, 'low')).toBe('worker-1');
    const high = sim.apply(podManifest('high', withCpu('3', { priorityClassName: 'high' })));
    await sim.run(0);
    const victim = sim.get(GR.pods, 'default', 'low')!;
    expect(victim.metadata.deletionTimestamp).toBeDefined();
    expect(condition(sim, 'low', 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    expect(sim.events(low).map((e) => [e.reason, e.message])).toContainEqual(['Preempted', `Preempted by pod ${high.metadata.uid} on node worker-1`]);
    expect((sim.get(GR.pods, 'default', 'high')!.status as { nominatedNodeName?: string }).nominatedNodeName).toBe('worker-1');
    expect(sim.events(high).at(-1)).toMatchObject({ reason: 'FailedScheduling', message: `0/2 nodes are available: 1 Insufficient cpu, 1 ${cpTaint}.` });
    // While the victim terminates the preemptor waits without preempting again.
    await sim.run(5_000);
    expect(nodeOf(sim, 'high')).toBeUndefined();
    // The kubelet's part: the victim's containers stop and the pod object goes.
    sim.client.delete(GR.pods, 'default', 'low', { gracePeriodSeconds: 0 });
    await sim.run(10_000);
    expect(nodeOf(sim, 'high')).toBe('worker-1');
    sim.close();
  });

  it('does not preempt for a pod with preemptionPolicy Never', async () => {
    const { sim } = setup(1);
    sim.apply({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 1000, preemptionPolicy: 'Never' });
    sim.apply(podManifest('low', withCpu('3')));
    await sim.run(0);
    sim.apply(podManifest('polite', withCpu('3', { priorityClassName: 'polite' })));
    await sim.run(0);
    expect(sim.get(GR.pods, 'default', 'low')!.metadata.deletionTimestamp).toBeUndefined();
    expect(condition(sim, 'polite', 'PodScheduled')?.message).toBe(`0/2 nodes are available: 1 Insufficient cpu, 1 ${cpTaint}. preemption: not eligible due to preemptionPolicy=Never.`);
    sim.close();
  });

  it('schedules a pending pod once a node is added', async () => {
    const { sim } = setup(0);
    const pod = sim.apply(podManifest('early'));
    await sim.run(0);
    expect(condition(sim, 'early', 'PodScheduled')?.message).toBe(`0/1 nodes are available: 1 ${cpTaint}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`);
    const worker = structuredClone(sim.get(GR.nodes, undefined, 'control-plane')!);
    worker.metadata = { name: 'worker-9', labels: { 'kubernetes.io/hostname': 'worker-9', 'kubernetes.io/os': 'linux' } };
    worker.spec = {};
    sim.client.create(worker);
    await sim.run(1_000);
    expect(nodeOf(sim, 'early')).toBe('worker-9');
    expect(sim.events(pod).map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled']);
    sim.close();
  });

  it('marks a gated pod SchedulingGated without an event and schedules it when the gate is removed', async () => {
    const { sim } = setup();
    const pod = sim.apply(podManifest('gated', { schedulingGates: [{ name: 'example.com/wait' }] }));
    await sim.run(0);
    expect(condition(sim, 'gated', 'PodScheduled')).toMatchObject({ status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
    expect(sim.events(pod)).toEqual([]);
    const live = sim.get(GR.pods, 'default', 'gated')!;
    (live.spec as Record<string, unknown>).schedulingGates = [];
    sim.client.update(live);
    await sim.run(0);
    expect(nodeOf(sim, 'gated')).toMatch(/^worker-/);
    sim.close();
  });

  it('ignores pods for another scheduler', async () => {
    const { sim } = setup();
    const pod = sim.apply(podManifest('other', { schedulerName: 'my-scheduler' }));
    await sim.run(0);
    expect(nodeOf(sim, 'other')).toBeUndefined();
    expect(sim.events(pod)).toEqual([]);
    sim.close();
  });

  it('schedules the higher-priority pod first when both are waiting', async () => {
    const { sim } = setup(1);
    sim.apply({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' });
    sim.apply(podManifest('low', withCpu('3')));
    sim.apply(podManifest('high', withCpu('3', { priorityClassName: 'high' })));
    await sim.run(0);
    expect(nodeOf(sim, 'high')).toBe('worker-1');
    expect(nodeOf(sim, 'low')).toBeUndefined();
    sim.close();
  });

  it('binds a DaemonSet-style pod pinned by matchFields to its node, and counts the other nodes as left out', async () => {
    const { sim } = setup();
    const pinned = (node: string) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } } });
    sim.apply(podManifest('agent', pinned('worker-2')));
    sim.apply(podManifest('huge-agent', withCpu('5', pinned('worker-3'))));
    await sim.run(0);
    expect(nodeOf(sim, 'agent')).toBe('worker-2');
    expect(condition(sim, 'huge-agent', 'PodScheduled')?.message).toBe("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
    sim.close();
  });

  it('reports a missing claim and an unbound Immediate claim instead of the node histogram', async () => {
    const { sim } = setup();
    sim.apply({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast', volumeBindingMode: 'Immediate' });
    sim.apply({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'quick' }, spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const volume = (claimName: string) => ({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] });
    sim.apply(podManifest('missing', volume('nope')));
    sim.apply(podManifest('immediate', volume('quick')));
    await sim.run(0);
    expect(condition(sim, 'missing', 'PodScheduled')?.message).toBe('0/4 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
    expect(condition(sim, 'immediate', 'PodScheduled')?.message).toBe('0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
    sim.close();
  });

  it('names the chosen node on a WaitForFirstConsumer claim and binds the pod once the claim is bound', async () => {
    const { sim } = setup();
    sim.apply({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const pod = sim.apply(podManifest('db', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }));
    await sim.run(0);
    const pvc = sim.get(GR.pvcs, 'default', 'data')!;
    const selected = pvc.metadata.annotations?.['volume.kubernetes.io/selected-node'];
    expect(selected).toMatch(/^worker-[123]$/);
    expect(nodeOf(sim, 'db')).toBeUndefined();
    // The PV controller's part: provision and bind the claim.
    sim.client.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pvc-${pvc.metadata.uid}` }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'standard', hostPath: { path: '/var/local-path/data' }, claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: pvc.metadata.uid } } });
    (pvc.spec as Record<string, unknown>).volumeName = `pvc-${pvc.metadata.uid}`;
    const updated = sim.client.update(pvc);
    sim.client.updateStatus({ ...updated, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } });
    await sim.run(0);
    expect(nodeOf(sim, 'db')).toBe(selected);
    expect(sim.events(pod).map((e) => e.reason)).toEqual(['Scheduled']);
    sim.close();
  });

  it('retries an unschedulable pod a minute later without any change, folding the repeated event', async () => {
    const { sim } = setup();
    const pod = sim.apply(podManifest('nowhere', { nodeSelector: { disktype: 'ssd' } }));
    await sim.run(0);
    await sim.run(60_000);
    expect(sim.events(pod).map((e) => [e.reason, e.count])).toEqual([['FailedScheduling', 2]]);
    sim.close();
  });

  it('ignores a node that is being deleted', async () => {
    const { sim } = setup();
    const doomed = structuredClone(sim.get(GR.nodes, undefined, 'worker-3')!);
    doomed.metadata = { name: 'doomed', labels: { 'kubernetes.io/hostname': 'doomed' }, finalizers: ['example.com/hold'] };
    sim.client.create(doomed);
    sim.client.delete(GR.nodes, undefined, 'doomed');
    expect(sim.get(GR.nodes, undefined, 'doomed')?.metadata.deletionTimestamp).toBeDefined();
    sim.apply(podManifest('there', { nodeSelector: { 'kubernetes.io/hostname': 'doomed' } }));
    await sim.run(0);
    expect(nodeOf(sim, 'there')).toBeUndefined();
    expect(condition(sim, 'there', 'PodScheduled')?.message).toBe(`0/4 nodes are available: 1 ${cpTaint}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.`);
    sim.close();
  });
});
