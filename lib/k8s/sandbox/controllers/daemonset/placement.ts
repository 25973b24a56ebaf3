/**
 * NodeShouldRunDaemonPod (pkg/controller/daemon/daemon_controller.go): whether a node should
 * get a daemon pod, and whether an existing one may keep running. Failing only NoSchedule
 * taints keeps an existing pod; an untolerated NoExecute taint or a node that no longer
 * matches the selector/affinity does not.
 */
import type { KubeObject } from '../../types';
import { findUntoleratedTaint, type Taint, type Toleration } from '../nodelifecycle/tolerations';
import { templateSpecWithTolerations, type DaemonSetLike } from './daemon-pod';
import { matchesRequiredPlacement, type PodPlacementSpec } from './node-affinity';

export interface Placement {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(node: KubeObject, ds: DaemonSetLike): Placement {
  const spec = templateSpecWithTolerations(ds) as PodPlacementSpec & { nodeName?: string; tolerations?: Toleration[] };
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
