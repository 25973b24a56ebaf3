import { describe, expect, it } from 'vitest';
import { simCluster } from './testing/sim-cluster';
import { productComponents } from './components';
import { GR } from './controllers/framework/client';
import type { KubeObject } from './types';
import { addNode, failNode, NodeOperationError, recoverNode, removeNode, setCordoned } from './node-operations';

const ready = (n: KubeObject) => ((n.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')!.status);
const taints = (n: KubeObject) => (((n.spec as { taints?: { key: string; effect: string }[] }).taints ?? []).map((t) => `${t.key}:${t.effect}`));

describe('node operations', () => {
  it('adds the next worker in the next zone and removes it again', async () => {
    const sim = simCluster({ components: productComponents });
    expect(addNode(sim.cluster)).toBe('worker-4');
    expect(sim.get(GR.nodes, undefined, 'worker-4')?.metadata.labels?.['topology.kubernetes.io/zone']).toBe('zone-a');
    removeNode(sim.cluster, 'worker-4');
    expect(sim.get(GR.nodes, undefined, 'worker-4')).toBeUndefined();
    expect(() => removeNode(sim.cluster, 'control-plane')).toThrow(NodeOperationError);
    sim.close();
  });

  it('fails a node: Unknown after the 40s grace period, tainted unreachable; recovery clears it', async () => {
    const sim = simCluster({ components: productComponents });
    failNode(sim.cluster, 'worker-2');
    await sim.run(39_000);
    expect(ready(sim.get(GR.nodes, undefined, 'worker-2')!)).toBe('True');
    await sim.run(2_000);
    const failed = sim.get(GR.nodes, undefined, 'worker-2')!;
    expect(ready(failed)).toBe('Unknown');
    expect(taints(failed)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    recoverNode(sim.cluster, 'worker-2');
    await sim.run(1_000);
    const back = sim.get(GR.nodes, undefined, 'worker-2')!;
    expect(ready(back)).toBe('True');
    expect(taints(back)).toEqual([]);
    sim.close();
  });

  it('cordons with the unschedulable taint, as kubectl cordon does', async () => {
    const sim = simCluster({ components: productComponents });
    setCordoned(sim.cluster, 'worker-1', true);
    await sim.run(100);
    const n = sim.get(GR.nodes, undefined, 'worker-1')!;
    expect((n.spec as { unschedulable?: boolean }).unschedulable).toBe(true);
    expect(taints(n)).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
    setCordoned(sim.cluster, 'worker-1', false);
    await sim.run(100);
    expect(taints(sim.get(GR.nodes, undefined, 'worker-1')!)).toEqual([]);
    sim.close();
  });
});
