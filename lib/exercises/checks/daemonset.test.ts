import { describe, expect, it } from 'vitest';
import { GR } from '../../k8s/sandbox/controllers/framework/client';
import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { applyResource, simView, type Sim } from '../testing';
import { daemonKeepsPodsOnCordonedNodes, daemonOnEveryEligibleNode, daemonOnlyOnLabelled, daemonRunsImage } from './daemonset';

const FILE = 'workload-types/daemonset-examples.yaml';
const logCollector = { namespace: 'default', name: 'log-collector' };
const withoutTolerations = (o: KubeObject) => {
  if (o.metadata.name === 'log-collector') delete (o.spec as { template: { spec: { tolerations?: unknown } } }).template.spec.tolerations;
  return true;
};

function label(sim: Sim, node: string, labels: Record<string, string>) {
  const n = sim.get(GR.nodes, undefined, node)!;
  n.metadata.labels = { ...n.metadata.labels, ...labels };
  sim.client.update(n);
}

describe('DaemonSet checks', () => {
  it('the cordon step does not tick right after Apply, only once a node is cordoned and keeps its Ready collector', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(60_000);
    const before = await daemonKeepsPodsOnCordonedNodes(logCollector)(simView(sim));
    expect(before).toEqual({ passed: false, saw: 'no node is cordoned yet (kubectl cordon worker-3), so there is nothing to see' });
    const node = sim.get(GR.nodes, undefined, 'worker-3')!;
    sim.client.update({ ...node, spec: { ...(node.spec as object), unschedulable: true } });
    await sim.run(10_000);
    const after = await daemonKeepsPodsOnCordonedNodes(logCollector)(simView(sim));
    expect(after).toMatchObject({ passed: true, saw: 'worker-3 is cordoned and still runs its Ready log-collector pod' });
    sim.close();
  });

  it('log-collector on every node passes once each of the four nodes has one Ready pod', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(1000);
    const early = await daemonOnEveryEligibleNode(logCollector, { allNodes: true })(simView(sim));
    expect(early.passed).toBe(false);
    await sim.run(60_000);
    const r = await daemonOnEveryEligibleNode(logCollector, { allNodes: true })(simView(sim));
    expect(r).toMatchObject({ passed: true, saw: 'one Ready log-collector pod on each of the 4 nodes: control-plane, worker-1, worker-2 and worker-3' });
    sim.close();
  });

  it('log-collector without the toleration fails naming the control plane\'s taint and the tolerations field', async () => {
    const sim = productSim();
    applyResource(sim, FILE, withoutTolerations);
    await sim.run(60_000);
    const r = await daemonOnEveryEligibleNode(logCollector, { allNodes: true })(simView(sim));
    expect(r).toEqual({
      passed: false,
      saw: '3 of 4 nodes have a Ready log-collector pod; control-plane has none: its taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated',
      field: 'spec.template.spec.tolerations',
      object: { kind: 'DaemonSet', name: 'log-collector', namespace: 'default' },
      observed: 'worker-1, worker-2 and worker-3',
    });
    sim.close();
  });

  it('log-collector with an image that does not exist fails on the image field of the container the YAML lists first', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.metadata.name === 'log-collector') (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'fluentd:v9.99-404';
      return true;
    });
    await sim.run(60_000);
    const r = await daemonOnEveryEligibleNode(logCollector, { allNodes: true })(simView(sim));
    expect(r).toMatchObject({ passed: false, field: 'spec.template.spec.containers[0].image', object: { kind: 'DaemonSet', name: 'log-collector', namespace: 'default' } });
    expect(r.saw).toMatch(/^0 of 4 nodes have a Ready log-collector pod; control-plane's pod log-collector-\w+ is not Ready yet \((ErrImagePull|ImagePullBackOff)\)/);
    sim.close();
  });

  it('says which worker has no pod when a pod is missing', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(60_000);
    const pod = sim.pods('default', 'app=log-collector').find((p) => (p.spec as { nodeName: string }).nodeName === 'worker-3')!;
    // The pod is gone and (until the controller notices) worker-3 has none.
    sim.client.delete(GR.pods, 'default', pod.metadata.name!, { gracePeriodSeconds: 0 });
    const r = await daemonOnEveryEligibleNode(logCollector, { allNodes: true })(simView(sim));
    expect(r.passed).toBe(false);
    expect(r.saw).toBe('3 of 4 nodes have a Ready log-collector pod; worker-3 has none');
    sim.close();
  });

  it('the fluentd update check passes only after every pod runs v1.15-1', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(60_000);
    const check = daemonRunsImage(logCollector, 'fluentd', 'fluentd:v1.15-1');
    expect(await check(simView(sim))).toEqual({ passed: false, saw: "the DaemonSet's fluentd container still asks for fluentd:v1.14-1, not fluentd:v1.15-1", field: 'spec.template.spec.containers[0].image', object: { kind: 'DaemonSet', name: 'log-collector', namespace: 'default' } });
    const ds = sim.get(GR.daemonsets, 'default', 'log-collector')!;
    (ds.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'fluentd:v1.15-1';
    sim.client.update(ds);
    await sim.run(2000);
    const mid = await check(simView(sim));
    expect(mid.passed).toBe(false);
    expect(mid.saw).toMatch(/^the rollout is not finished: /);
    await sim.run(180_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'all 4 log-collector pods run fluentd:v1.15-1 and are Ready' });
    sim.close();
  });

  it('production-monitor without its nodeSelector fails on that field', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.metadata.name === 'production-monitor') delete (o.spec as { template: { spec: { nodeSelector?: unknown } } }).template.spec.nodeSelector;
      return true;
    });
    const r = await daemonOnlyOnLabelled({ namespace: 'default', name: 'production-monitor' }, 'environment', 'production')(simView(sim));
    expect(r).toEqual({
      passed: false,
      saw: 'the template has no nodeSelector environment: production',
      field: 'spec.template.spec.nodeSelector',
      object: { kind: 'DaemonSet', name: 'production-monitor', namespace: 'default' },
    });
    sim.close();
  });

  it('production-monitor fails while no node is labelled and passes once worker-1 is', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(30_000);
    const check = daemonOnlyOnLabelled({ namespace: 'default', name: 'production-monitor' }, 'environment', 'production');
    expect((await check(simView(sim))).saw).toBe('no node is labelled environment=production yet, so production-monitor has nothing to run on (kubectl label node worker-1 environment=production)');
    label(sim, 'worker-1', { environment: 'production' });
    await sim.run(30_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'production-monitor runs only on worker-1, the node labelled environment=production' });
    sim.close();
  });
});
