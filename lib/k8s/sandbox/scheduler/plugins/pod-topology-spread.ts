/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread).
 *
 * Filter (DoNotSchedule): for each constraint, count the pods matching its selector in the
 * pod's namespace per topology domain, over the nodes the pod could go to (its node
 * affinity honoured, taints ignored by default) that carry every constraint's key. Placing
 * the pod must keep `count(domain) + self − min(count)` within maxSkew (min is 0 while fewer
 * than minDomains domains exist). A node without a key is unresolvable.
 *
 * Score (ScheduleAnyway, or the system defaults when the pod declares no constraints:
 * zone maxSkew 5 and hostname maxSkew 3 over the selector of its Service/ReplicaSet/
 * StatefulSet): fewer matching pods in the node's domain scores higher.
 */
import type { KubeObject } from '../../types';
import { matchesRequiredPlacement } from '../../controllers/daemonset/node-affinity';
import { findUntoleratedTaint } from '../../controllers/nodelifecycle/tolerations';
import { metaSelectorMatches, type MetaLabelSelector } from '../../store/label-selector';
import {
  MAX_NODE_SCORE, nodeSpec, podSpec, unresolvable, unschedulable,
  type FilterPlugin, type NodeInfo, type Rejection, type ScorePlugin, type Snapshot, type TopologySpreadConstraint,
} from '../types';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** The constraint's selector with matchLabelKeys folded in as In requirements on the pod's own values. */
export function constraintSelector(pod: KubeObject, c: TopologySpreadConstraint): MetaLabelSelector | undefined {
  if (!c.labelSelector) return undefined;
  const labels = pod.metadata.labels ?? {};
  const extra = (c.matchLabelKeys ?? []).filter((k) => k in labels).map((k) => ({ key: k, operator: 'In', values: [labels[k]] }));
  return extra.length ? { ...c.labelSelector, matchExpressions: [...(c.labelSelector.matchExpressions ?? []), ...extra] } : c.labelSelector;
}

function nodeIncluded(pod: KubeObject, node: KubeObject, c: TopologySpreadConstraint): boolean {
  if ((c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && !matchesRequiredPlacement(podSpec(pod), node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(nodeSpec(node).taints, podSpec(pod).tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return false;
  return true;
}

function countMatching(pod: KubeObject, info: NodeInfo, selector: MetaLabelSelector | undefined): number {
  return info.pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.namespace === pod.metadata.namespace && metaSelectorMatches(selector, p.metadata.labels)).length;
}

const hasKeys = (node: KubeObject, cs: readonly TopologySpreadConstraint[]) => cs.every((c) => node.metadata.labels?.[c.topologyKey] !== undefined);

/** Matching pods per domain of c's key, over the nodes eligible for c. */
export function domainCounts(pod: KubeObject, c: TopologySpreadConstraint, all: readonly TopologySpreadConstraint[], snap: Snapshot): Map<string, number> {
  const selector = constraintSelector(pod, c);
  const counts = new Map<string, number>();
  for (const info of snap.nodes) {
    if (!hasKeys(info.node, all) || !nodeIncluded(pod, info.node, c)) continue;
    const domain = info.node.metadata.labels![c.topologyKey];
    counts.set(domain, (counts.get(domain) ?? 0) + countMatching(pod, info, selector));
  }
  return counts;
}

export function hardConstraints(pod: KubeObject): TopologySpreadConstraint[] {
  return (podSpec(pod).topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
}

export function filterTopologySpread(pod: KubeObject, info: NodeInfo, snap: Snapshot): Rejection | undefined {
  const cs = hardConstraints(pod);
  if (cs.length === 0) return undefined;
  if (!hasKeys(info.node, cs)) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
  for (const c of cs) {
    const counts = domainCounts(pod, c, cs, snap);
    let min = counts.size ? Math.min(...counts.values()) : 0;
    if ((c.minDomains ?? 1) > counts.size) min = 0;
    const self = metaSelectorMatches(constraintSelector(pod, c), pod.metadata.labels) ? 1 : 0;
    const here = counts.get(info.node.metadata.labels![c.topologyKey]) ?? 0;
    if (here + self - min > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return undefined;
}

/** The soft constraints scored for the pod: its ScheduleAnyway ones, or the system defaults. */
export function softConstraints(pod: KubeObject, snap: Snapshot): TopologySpreadConstraint[] {
  const declared = podSpec(pod).topologySpreadConstraints ?? [];
  if (declared.length) return declared.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
  const selector = snap.defaultSpreadSelector(pod);
  if (!selector) return [];
  return [
    { maxSkew: 3, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    { maxSkew: 5, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
  ];
}

/** Raw score per feasible node (lower is better), undefined for nodes missing a key. */
export function rawSpreadScores(pod: KubeObject, feasible: readonly NodeInfo[], snap: Snapshot): (number | undefined)[] {
  const cs = softConstraints(pod, snap);
  if (cs.length === 0) return feasible.map(() => 0);
  const perConstraint = cs.map((c) => {
    const domains = new Set(feasible.filter((i) => hasKeys(i.node, cs)).map((i) => i.node.metadata.labels![c.topologyKey]));
    const weight = Math.log(domains.size + 2);
    const counts = domainCounts(pod, c, cs, snap);
    return { c, weight, counts };
  });
  return feasible.map((info) => {
    if (!hasKeys(info.node, cs)) return undefined;
    let s = 0;
    for (const { c, weight, counts } of perConstraint) {
      const domain = info.node.metadata.labels![c.topologyKey];
      const cnt = c.topologyKey === HOSTNAME ? countMatching(pod, info, constraintSelector(pod, c)) : (counts.get(domain) ?? 0);
      s += cnt * weight + (c.maxSkew - 1);
    }
    return Math.round(s);
  });
}

/** NormalizeScore: 100 × (max + min − s) / max; nodes missing a key score 0. */
export function normalizeSpread(raw: (number | undefined)[]): number[] {
  const valid = raw.filter((s): s is number => s !== undefined);
  const min = valid.length ? Math.min(...valid) : 0;
  const max = valid.length ? Math.max(...valid) : 0;
  return raw.map((s) => {
    if (s === undefined) return 0;
    if (max === 0) return MAX_NODE_SCORE;
    return Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max);
  });
}

export const podTopologySpreadPlugin: FilterPlugin = {
  name: POD_TOPOLOGY_SPREAD,
  filter: (pod, info, snap) => filterTopologySpread(pod, info, snap),
};

export const podTopologySpreadScore: ScorePlugin = {
  name: POD_TOPOLOGY_SPREAD,
  weight: 2,
  score: (pod, feasible, snap) => normalizeSpread(rawSpreadScores(pod, feasible, snap)),
};
