/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): a cordoned node
 * (spec.unschedulable) takes only pods tolerating node.kubernetes.io/unschedulable:NoSchedule,
 * which DaemonSet pods do.
 */
import type { KubeObject } from '../../types';
import { toleratesTaint } from '../../controllers/nodelifecycle/tolerations';
import { nodeSpec, podSpec, unresolvable, type FilterPlugin, type Rejection } from '../types';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

export function filterNodeUnschedulable(pod: KubeObject, node: KubeObject): Rejection | undefined {
  if (!nodeSpec(node).unschedulable) return undefined;
  const tolerated = (podSpec(pod).tolerations ?? []).some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT));
  return tolerated ? undefined : unresolvable(ERR_REASON_UNSCHEDULABLE);
}

export const nodeUnschedulablePlugin: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  filter: (pod, info) => filterNodeUnschedulable(pod, info.node),
};
