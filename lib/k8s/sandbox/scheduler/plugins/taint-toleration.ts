/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration): a NoSchedule or
 * NoExecute taint the pod does not tolerate rules the node out (the message shows the
 * taint's value, not its effect); each untolerated PreferNoSchedule taint lowers the score.
 */
import type { KubeObject } from '../../types';
import { findUntoleratedTaint, isTolerated } from '../../controllers/nodelifecycle/tolerations';
import { nodeSpec, podSpec, unresolvable, type FilterPlugin, type Rejection, type ScorePlugin } from '../types';
import { normalizeByMax } from './normalize';

export const TAINT_TOLERATION = 'TaintToleration';

export function filterTaintToleration(pod: KubeObject, node: KubeObject): Rejection | undefined {
  const taint = findUntoleratedTaint(nodeSpec(node).taints, podSpec(pod).tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return taint ? unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
}

/** How many PreferNoSchedule taints the pod does not tolerate (tolerations with effect PreferNoSchedule or empty count). */
export function countIntolerablePreferNoSchedule(pod: KubeObject, node: KubeObject): number {
  const tolerations = (podSpec(pod).tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return (nodeSpec(node).taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !isTolerated(t, tolerations)).length;
}

export const taintTolerationPlugin: FilterPlugin = {
  name: TAINT_TOLERATION,
  filter: (pod, info) => filterTaintToleration(pod, info.node),
};

export const taintTolerationScore: ScorePlugin = {
  name: TAINT_TOLERATION,
  weight: 3,
  score: (pod, feasible) => normalizeByMax(feasible.map((i) => countIntolerablePreferNoSchedule(pod, i.node)), true),
};
