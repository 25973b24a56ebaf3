/**
 * A whole product cluster on a ManualClock for scenario tests: every controller, the
 * scheduler, the kubelets and the real container runtime (shell, images, volumes, network).
 */
import { productComponents } from '../components';
import { createClusterNetwork } from '../network/cluster-network';
import { SandboxRuntime } from '../runtime/sandbox-runtime';
import { simCluster, type SimCluster, type SimClusterOptions } from '../testing/sim-cluster';

export function productSim(opts: Pick<SimClusterOptions, 'workers' | 'seed' | 'eagerManagedFields' | 'persistence'> = {}): SimCluster & { runtime(): SandboxRuntime } {
  let runtime: SandboxRuntime | undefined;
  const sim = simCluster({
    ...opts,
    components: productComponents,
    runtime: ({ client, clock }) => (runtime = new SandboxRuntime({ clock, net: createClusterNetwork(client), random: () => 0.5 })),
  });
  return Object.assign(sim, { runtime: () => runtime! });
}
