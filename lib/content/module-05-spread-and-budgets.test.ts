/**
 * The scheduling lesson's topology-spread and disruption-budget examples, taken from the lesson's
 * own YAML blocks and run on a sandbox cluster (three workers in zone-a, zone-b, zone-c): the
 * placement and the eviction answers are the ones the lesson's prose tells the learner to expect.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { handleEviction } from '../k8s/sandbox/apiserver/eviction';
import { setCordoned } from '../k8s/sandbox/node-operations';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../k8s/sandbox/types';
import { objectsOf, type Sim } from '../exercises/testing';

const LESSON = fs.readFileSync(path.join(process.cwd(), 'content/module-05/80-scheduling.mdx'), 'utf8');

/** The lesson's ```yaml block that declares `name: <name>`, so the test runs what the learner reads. */
function lessonYaml(name: string): KubeObject[] {
  const blocks = [...LESSON.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((b) => new RegExp(`^\\s*name: ${name}$`, 'm').test(b));
  if (!block) throw new Error(`the scheduling lesson has no yaml block named ${name}`);
  return objectsOf(block);
}

function pods(sim: Sim, app: string): KubeObject[] {
  return sim.list(GR.pods, { namespace: 'default' }).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
}

function zoneOf(sim: Sim, node: string): string {
  return sim.get(GR.nodes, undefined, node)!.metadata.labels!['topology.kubernetes.io/zone'];
}

function placement(sim: Sim, app: string): { zones: string[]; pending: KubeObject[] } {
  const all = pods(sim, app);
  const zones = all.filter((p) => (p.spec as { nodeName?: string }).nodeName).map((p) => zoneOf(sim, (p.spec as { nodeName: string }).nodeName)).sort();
  return { zones, pending: all.filter((p) => !(p.spec as { nodeName?: string }).nodeName) };
}

function scheduledMessage(p: KubeObject): string {
  return ((p.status as { conditions?: { type: string; message?: string }[] }).conditions ?? []).find((c) => c.type === 'PodScheduled')?.message ?? '';
}

function withWhenUnsatisfiable(objects: KubeObject[], value: string): KubeObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o);
    const spec = (copy.spec as { template: { spec: { topologySpreadConstraints: { whenUnsatisfiable: string }[] } } }).template.spec;
    spec.topologySpreadConstraints[0].whenUnsatisfiable = value;
    return copy;
  });
}

describe('topology spread in the scheduling lesson, on a sandbox cluster', () => {
  it('spreads six replicas two per zone with maxSkew 1', async () => {
    const sim = productSim();
    for (const o of lessonYaml('spread-demo')) sim.apply({ ...o, spec: { ...(o.spec as object), replicas: 6 } });
    await sim.run(20_000);
    expect(placement(sim, 'spread-demo').zones).toEqual(['zone-a', 'zone-a', 'zone-b', 'zone-b', 'zone-c', 'zone-c']);
    sim.close();
  });

  it('with zone-c cordoned, DoNotSchedule leaves the third replica Pending rather than put two in one zone', async () => {
    const sim = productSim();
    setCordoned(sim.cluster, 'worker-3', true);
    for (const o of lessonYaml('spread-demo')) sim.apply(o);
    await sim.run(20_000);
    const got = placement(sim, 'spread-demo');
    expect(got.zones).toEqual(['zone-a', 'zone-b']);
    expect(got.pending).toHaveLength(1);
    expect(scheduledMessage(got.pending[0])).toContain("didn't match pod topology spread constraints");
    setCordoned(sim.cluster, 'worker-3', false);
    await sim.run(60_000);
    expect(placement(sim, 'spread-demo')).toEqual({ zones: ['zone-a', 'zone-b', 'zone-c'], pending: [] });
    sim.close();
  });

  it('with zone-c cordoned, ScheduleAnyway places the third replica in zone-a or zone-b', async () => {
    const sim = productSim();
    setCordoned(sim.cluster, 'worker-3', true);
    for (const o of withWhenUnsatisfiable(lessonYaml('spread-demo'), 'ScheduleAnyway')) sim.apply(o);
    await sim.run(20_000);
    const got = placement(sim, 'spread-demo');
    expect(got.pending).toHaveLength(0);
    expect(got.zones).toHaveLength(3);
    expect(got.zones).not.toContain('zone-c');
    sim.close();
  });
});

function evict(sim: Sim, pod: KubeObject): void {
  handleEviction(sim.cluster.store, 'default', pod.metadata.name!, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name!, namespace: 'default' } }, sim.clock.nowISO());
}

function budgetStatus(sim: Sim): { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number } {
  return sim.get(GR.pdbs, 'default', 'budget-demo')!.status as never;
}

describe('the PodDisruptionBudget in the scheduling lesson, on a sandbox cluster', () => {
  it('allows one disruption with three Ready pods and minAvailable 2', async () => {
    const sim = productSim();
    for (const o of lessonYaml('budget-demo')) sim.apply(o);
    await sim.run(30_000);
    expect(budgetStatus(sim)).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    sim.close();
  });

  it('evicts one pod, refuses a second eviction with 429 until the replacement is Ready, then allows it', async () => {
    const sim = productSim();
    for (const o of lessonYaml('budget-demo')) sim.apply(o);
    await sim.run(30_000);
    const [first, second] = pods(sim, 'budget-demo');
    evict(sim, first);
    expect(() => evict(sim, second)).toThrow(expect.objectContaining({ code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget." }));
    await sim.run(60_000);
    expect(pods(sim, 'budget-demo')).toHaveLength(3);
    expect(budgetStatus(sim).disruptionsAllowed).toBe(1);
    expect(() => evict(sim, pods(sim, 'budget-demo').find((p) => p.metadata.name !== first.metadata.name)!)).not.toThrow();
    sim.close();
  });
});
