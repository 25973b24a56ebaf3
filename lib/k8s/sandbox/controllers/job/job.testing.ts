/** Job controller test helpers. */
import { setPodStatus } from '../../testing/pod-status';
import type { SimCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';

/** Plays the kubelet for pods the controller deleted: they stop (Failed) and go away. */
export function kubeletFinishesTerminatingPods(sim: SimCluster): void {
  for (const p of sim.pods()) {
    if (!p.metadata.deletionTimestamp) continue;
    setPodStatus(sim, p, { phase: 'Failed', exitCode: 137 });
    if (sim.get(GR.pods, 'default', p.metadata.name!)) sim.client.delete(GR.pods, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
  }
}
