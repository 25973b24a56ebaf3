/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity): nodeSelector and required
 * nodeSelectorTerms must match (the DaemonSet's matchFields metadata.name pin included);
 * matching preferred terms add their weights to the score.
 *
 * PreFilter narrows the nodes when every required term pins metadata.name In [...]: the
 * others are not even filtered and report `node(s) didn't satisfy plugin(s) [NodeAffinity]`.
 */
import type { KubeObject } from '../../types';
import { matchesRequiredPlacement, matchesTerm } from '../../controllers/daemonset/node-affinity';
import { podSpec, unresolvable, type FilterPlugin, type Rejection, type ScorePlugin } from '../types';
import { normalizeByMax } from './normalize';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

export function filterNodeAffinity(pod: KubeObject, node: KubeObject): Rejection | undefined {
  return matchesRequiredPlacement(podSpec(pod), node) ? undefined : unresolvable(ERR_REASON_POD);
}

/** The node names the required terms pin, or undefined when any term leaves every node open. */
export function pinnedNodeNames(pod: KubeObject): Set<string> | undefined {
  const terms = podSpec(pod).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}

export function preferredAffinityScore(pod: KubeObject, node: KubeObject): number {
  const preferred = podSpec(pod).affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.reduce((sum, p) => (p.weight && matchesTerm(p.preference, node) ? sum + p.weight : sum), 0);
}

export const nodeAffinityPlugin: FilterPlugin = {
  name: NODE_AFFINITY,
  filter: (pod, info) => filterNodeAffinity(pod, info.node),
};

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: 2,
  score: (pod, feasible) => normalizeByMax(feasible.map((i) => preferredAffinityScore(pod, i.node))),
};
