import { describe, expect, it } from 'vitest';
import { simCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { GR } from '../framework/client';
import { OrphanedPodCollector } from './orphaned-pod-collector';

describe('OrphanedPodCollector', () => {
  it('removes the pods of a deleted node after the 40s quarantine', async () => {
    const sim = simCluster({ components: (ctx) => [new OrphanedPodCollector(ctx)] });
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    setPodStatus(sim, 'web', { phase: 'Running', node: 'worker-3' });
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    setPodStatus(sim, 'other', { phase: 'Running', node: 'worker-2' });
    const seen: string[] = [];
    sim.client.watch(GR.pods, (e) => {
      const status = e.object.status as { phase: string; conditions: { type: string; reason?: string; message?: string }[] };
      const target = status.conditions.find((c) => c.type === 'DisruptionTarget');
      if (e.object.metadata.name === 'web') seen.push(`${e.type} ${status.phase} ${target?.reason}: ${target?.message}`);
    });
    sim.client.delete(GR.nodes, undefined, 'worker-3');
    await sim.run(39_000);
    expect(sim.get(GR.pods, 'default', 'web')).toBeDefined();
    await sim.run(1_000);
    expect(sim.get(GR.pods, 'default', 'web')).toBeUndefined();
    expect(seen).toEqual(['MODIFIED Failed DeletionByPodGC: PodGC: node no longer exists', 'DELETED Failed DeletionByPodGC: PodGC: node no longer exists']);
    expect(sim.get(GR.pods, 'default', 'other')).toBeDefined();
    sim.close();
  });
});
