/**
 * The StatefulSet lesson's newer controls, taken from the lesson's own YAML and run on a sandbox
 * cluster: pods numbered from ordinals.start, each next pod waiting out minReadySeconds, claims
 * removed with a scale-down (whenScaled: Delete) and kept when the set is deleted (whenDeleted:
 * Retain), as the prose says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../k8s/sandbox/types';
import { objectsOf, type Sim } from '../exercises/testing';

const LESSON = fs.readFileSync(path.join(process.cwd(), 'content/module-05/30-statefulsets.mdx'), 'utf8');

/** The yaml block of the lesson that defines a StatefulSet with this name (all its documents). */
function lessonObjects(name: string): KubeObject[] {
  const block = [...LESSON.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => new RegExp(`^kind: StatefulSet\\nmetadata:\\n  name: ${name}$`, 'm').test(b));
  if (!block) throw new Error(`the StatefulSet lesson has no yaml block with StatefulSet ${name}`);
  return objectsOf(block);
}

const names = (sim: Sim, gr: typeof GR.pods) => sim.list(gr, { namespace: 'default' }).filter((o) => o.metadata.name!.includes('ledger')).map((o) => o.metadata.name!).sort();
const livePods = (sim: Sim) => sim.list(GR.pods, { namespace: 'default' }).filter((p) => p.metadata.labels?.app === 'ledger' && !p.metadata.deletionTimestamp).map((p) => p.metadata.name!).sort();

describe('the StatefulSet lesson\'s newer controls, on a sandbox cluster', () => {
  it('numbers pods and claims from ordinals.start and starts each next pod only after minReadySeconds', async () => {
    const sim = productSim();
    for (const o of lessonObjects('ledger')) sim.apply(o);
    let readyAt: number | undefined;
    let secondAt: number | undefined;
    for (let t = 0; t < 60_000 && secondAt === undefined; t += 500) {
      await sim.run(500);
      const first = sim.get(GR.pods, 'default', 'ledger-1');
      const ready = (first?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      if (ready && readyAt === undefined) readyAt = sim.clock.now();
      if (sim.get(GR.pods, 'default', 'ledger-2')) secondAt = sim.clock.now();
    }
    expect(readyAt).toBeDefined();
    expect(secondAt! - readyAt!).toBeGreaterThanOrEqual(10_000);
    expect(secondAt! - readyAt!).toBeLessThanOrEqual(12_000);
    await sim.run(60_000);
    expect(livePods(sim)).toEqual(['ledger-1', 'ledger-2', 'ledger-3']);
    expect(names(sim, GR.pvcs)).toEqual(['data-ledger-1', 'data-ledger-2', 'data-ledger-3']);
    expect(sim.get(GR.statefulsets, 'default', 'ledger')!.status).toMatchObject({ availableReplicas: 3 });
    sim.close();
  });

  it('whenScaled Delete: a scale-down to one removes the claims of ledger-3 and ledger-2; whenDeleted Retain keeps data-ledger-1 after the set is deleted', async () => {
    const sim = productSim();
    for (const o of lessonObjects('ledger')) sim.apply(o);
    await sim.run(90_000);
    expect(livePods(sim)).toEqual(['ledger-1', 'ledger-2', 'ledger-3']);
    const set = sim.get(GR.statefulsets, 'default', 'ledger')!;
    sim.client.update({ ...set, spec: { ...(set.spec as object), replicas: 1 } });
    await sim.run(120_000);
    expect(livePods(sim)).toEqual(['ledger-1']);
    expect(sim.list(GR.pvcs, { namespace: 'default', labelSelector: 'app=ledger' }).map((c) => c.metadata.name)).toEqual(['data-ledger-1']);
    sim.client.delete(GR.statefulsets, 'default', 'ledger', { propagation: 'Background' });
    await sim.run(60_000);
    expect(livePods(sim)).toEqual([]);
    expect(names(sim, GR.pvcs)).toEqual(['data-ledger-1']);
    sim.close();
  });
});
