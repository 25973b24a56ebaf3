/**
 * NodeShouldRunDaemonPod (pkg/controller/daemon/daemon_controller.go): whether a node should
 * get a daemon pod, and whether an existing one may keep running. Failing only NoSchedule
 * taints keeps an existing pod; an untolerated NoExecute taint or a node that no longer
 * matches the selector/affinity does not.
 */
import type { KubeObject } from '../../types';
import { findUntoleratedTaint, type Taint, type Toleration } from '../nodelifecycle/tolerations';
import { withDaemonTolerations, type DaemonSetLike } from './daemon-pod';
import { matchesRequiredPlacement, type PodPlacementSpec } from './node-affinity';

export interface Placement {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

type PlacementSpec = PodPlacementSpec & { nodeName?: string; tolerations?: Toleration[] };

/**
 * The template's pod spec as NewPod sees it for placement (templateSpecWithTolerations), for
 * reading only: the template's fields with the daemon tolerations, no deep copy. A sync asks
 * for every node, several times (manage, surge, rolling update, status), and a deep copy of
 * the template each time was most of a DaemonSet sync. A stored (frozen) template's view is
 * kept beside it for the next syncs.
 */
const placementSpecs = new WeakMap<object, PlacementSpec>();

function placementSpec(ds: DaemonSetLike): PlacementSpec {
  const template = ((ds.spec as Record<string, unknown> | undefined)?.template ?? {}) as { spec?: Record<string, unknown> };
  const podSpec = template.spec ?? {};
  const known = placementSpecs.get(podSpec);
  if (known) return known;
  const spec = { ...podSpec, tolerations: withDaemonTolerations(podSpec.tolerations as Toleration[] | undefined, podSpec.hostNetwork === true) } as PlacementSpec;
  if (Object.isFrozen(podSpec)) placementSpecs.set(podSpec, spec);
  return spec;
}

export function nodeShouldRunDaemonPod(node: KubeObject, ds: DaemonSetLike): Placement {
  const spec = placementSpec(ds);
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredPlacement(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []);
  const blocking = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (blocking) {
    const evicting = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !evicting };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
