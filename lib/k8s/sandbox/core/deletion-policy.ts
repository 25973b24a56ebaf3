/**
 * What a delete means, shared by the API server's DELETE and the garbage collector: the
 * propagation policy, the finalizers it becomes, and a pod's graceful-deletion period.
 */
import type { KubeObject } from '../types';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/**
 * The pod strategy's CheckGracefulDelete: a pod bound to a node and not finished is only
 * marked (deletionTimestamp = now + grace) so its kubelet can stop the containers; an
 * unscheduled or terminal pod goes at once.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const grace = requested ?? spec.terminationGracePeriodSeconds ?? 30;
  // A requested 0 deletes at once, as upstream's strategy does. It is kubectl, not the API
  // server, that sends 1 for --grace-period=0 without --force (so the kubelet still stops the
  // containers); with --force it sends 0.
  return Math.max(0, grace);
}
