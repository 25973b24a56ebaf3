/**
 * The parts of kube-controller-manager, the scheduler and the kubelets that run inside
 * every product cluster, in one list. Tests build clusters with only the parts they study;
 * the portal and `npm run sandbox` use productComponents.
 */
import type { ClusterComponent, ComponentContext } from './cluster';
import { CronJobController } from './controllers/cronjob/cronjob-controller';
import { DaemonSetController } from './controllers/daemonset/daemonset-controller';
import { DeploymentController } from './controllers/deployment/deployment-controller';
import { ReplicaSetController } from './controllers/replicaset/replicaset-controller';
import { EventTtl } from './controllers/eventttl/event-ttl';
import { JobController } from './controllers/job/job-controller';
import { NamespaceController } from './controllers/namespace/namespace-controller';
import { NodeLifecycleController } from './controllers/nodelifecycle/node-lifecycle-controller';
import { OrphanedPodCollector } from './controllers/nodelifecycle/orphaned-pod-collector';
import { TaintEvictionController } from './controllers/nodelifecycle/taint-eviction-controller';
import { StatefulSetController } from './controllers/statefulset/statefulset-controller';
import { TtlAfterFinishedController } from './controllers/ttlafterfinished/ttl-after-finished-controller';
import { PersistentVolumeController } from './controllers/volume/pv-controller';
import { Scheduler } from './scheduler/scheduler';
import { KubeletSet } from './kubelet/kubelet-set';
import type { ClusterNetwork } from './network/types';
import { EndpointsController } from './controllers/endpoints/endpoints-controller';
import { EndpointSliceController } from './controllers/endpoints/endpointslice-controller';
import { DisruptionController } from './controllers/disruption/disruption-controller';
import { SimulatedMetrics } from './kubelet/metrics';
import { GR } from './controllers/framework/client';

/** Handles the node operations need (see node-operations.ts). */
export interface ProductHandles {
  nodeLifecycle: NodeLifecycleController;
  /** Per-node filter results of the last failed attempt: the bench's "why pending". */
  scheduler: Scheduler;
  /** The kubelets (absent when the cluster has no container runtime). */
  kubelets?: KubeletSet;
}

export function productComponents(ctx: ComponentContext): ClusterComponent[] {
  const nodeLifecycle = new NodeLifecycleController(ctx);
  const scheduler = new Scheduler(ctx);
  const kubelets = ctx.runtime ? new KubeletSet(ctx) : undefined;
  const handles: ProductHandles = { nodeLifecycle, scheduler, kubelets };
  // kubectl exec reaches containers through their node's kubelet.
  if (kubelets) ctx.cluster.api.setExecutor(kubelets.executor());
  // kubectl top reads what the kubelets' containers really used.
  if (kubelets) {
    ctx.cluster.api.setMetrics(
      new SimulatedMetrics({
        pods: (namespace) => ctx.client.peekList(GR.pods, namespace ? { namespace } : undefined),
        nodes: () => ctx.client.peekList(GR.nodes),
        usageOf: (node, namespace, pod, container) => kubelets.containerUsage(node, namespace, pod, container),
        now: () => ctx.clock.now(),
      }),
    );
  }
  // kubectl port-forward reaches the servers listening in pods through the runtime's network.
  const network = (ctx.runtime as { network?: ClusterNetwork } | undefined)?.network;
  if (network) ctx.cluster.api.setNetwork(network);
  ctx.cluster.productHandles = handles;
  return [
    new EventTtl(ctx),
    scheduler,
    ...(kubelets ? [kubelets] : []),
    new EndpointsController(ctx),
    new EndpointSliceController(ctx),
    new NamespaceController(ctx),
    nodeLifecycle,
    new TaintEvictionController(ctx),
    new OrphanedPodCollector(ctx),
    new PersistentVolumeController(ctx),
    new JobController(ctx),
    new CronJobController(ctx),
    new TtlAfterFinishedController(ctx),
    new DeploymentController(ctx),
    new ReplicaSetController(ctx),
    new DaemonSetController(ctx),
    new StatefulSetController(ctx),
    new DisruptionController(ctx),
  ];
}
