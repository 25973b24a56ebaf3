/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go): the pod's
 * requests plus those already counted on the node must stay within allocatable cpu,
 * memory and pod count. Every shortage is a reason of its own; one the node could not
 * meet even empty is unresolvable, so preemption skips it.
 *
 * Scores: LeastAllocated (the default scoring strategy) and BalancedAllocation.
 */
import type { KubeObject } from '../../types';
import { nodeAllocatable, nodeRequested, podRequests, requestsNothing } from '../resources';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeInfo, type Rejection, type ScorePlugin } from '../types';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export function filterNodeResourcesFit(pod: KubeObject, info: NodeInfo): Rejection | undefined {
  const alloc = nodeAllocatable(info.node);
  const reasons: string[] = [];
  let unresolvableShortage = false;
  if (info.pods.length + 1 > alloc.pods) reasons.push('Too many pods');
  if (!requestsNothing(pod)) {
    const want = podRequests(pod);
    const used = nodeRequested(info);
    if (want.milliCpu > 0 && want.milliCpu > alloc.milliCpu - used.milliCpu) {
      reasons.push('Insufficient cpu');
      unresolvableShortage ||= want.milliCpu > alloc.milliCpu;
    }
    if (want.memory > 0 && want.memory > alloc.memory - used.memory) {
      reasons.push('Insufficient memory');
      unresolvableShortage ||= want.memory > alloc.memory;
    }
  }
  if (reasons.length === 0) return undefined;
  return { code: unresolvableShortage ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons };
}

/** leastRequestedScore per resource: the free share after placing the pod, 0..100. */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated with cpu and memory weighted 1 each; requests use the non-zero defaults. */
export function leastAllocatedScore(pod: KubeObject, info: NodeInfo): number {
  const alloc = nodeAllocatable(info.node);
  const used = nodeRequested(info, true);
  const want = podRequests(pod, true);
  const cpu = leastRequested(used.milliCpu + want.milliCpu, alloc.milliCpu);
  const mem = leastRequested(used.memory + want.memory, alloc.memory);
  return Math.trunc((cpu + mem) / 2);
}

/**
 * balancedResourceScorer: 100 × (1 − the standard deviation of the requested fractions); for
 * two resources that is |cpu − memory| / 2. A pod requesting nothing is skipped (all 0).
 */
export function balancedAllocationScore(pod: KubeObject, info: NodeInfo): number {
  if (requestsNothing(pod)) return 0;
  const alloc = nodeAllocatable(info.node);
  const used = nodeRequested(info);
  const want = podRequests(pod);
  const fraction = (req: number, cap: number) => (cap === 0 ? 0 : Math.min(1, req / cap));
  const cpu = fraction(used.milliCpu + want.milliCpu, alloc.milliCpu);
  const mem = fraction(used.memory + want.memory, alloc.memory);
  const std = Math.abs(cpu - mem) / 2;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const nodeResourcesFitPlugin: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  filter: (pod, info) => filterNodeResourcesFit(pod, info),
};

export const leastAllocatedScorePlugin: ScorePlugin = {
  name: NODE_RESOURCES_FIT,
  weight: 1,
  score: (pod, feasible) => feasible.map((i) => leastAllocatedScore(pod, i)),
};

export const balancedAllocationScorePlugin: ScorePlugin = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,
  weight: 1,
  score: (pod, feasible) => feasible.map((i) => balancedAllocationScore(pod, i)),
};
