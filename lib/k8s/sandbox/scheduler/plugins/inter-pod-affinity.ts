/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity). Two nodes are in the
 * same domain when they carry the same value for a term's topologyKey. A term selects pods
 * by labelSelector in its namespaces (namespaces ∪ namespaceSelector; the pod's own
 * namespace when both are empty).
 *
 * Filter, in upstream order:
 *  1. required affinity: every term needs a matching pod in the node's domain, except for
 *     the first pod of a group (nothing matches anywhere and the pod matches its own terms);
 *  2. required anti-affinity: no term may have a matching pod in the node's domain;
 *  3. existing pods' required anti-affinity that selects the incoming pod keeps it out of
 *     their domains (the symmetric rule).
 * Score: preferred terms of the pod and of existing pods, weighted, min-max normalised.
 */
import type { KubeObject } from '../../types';
import { metaSelectorMatches } from '../../store/label-selector';
import {
  MAX_NODE_SCORE, podSpec, unresolvable, unschedulable,
  type FilterPlugin, type NodeInfo, type PodAffinityTerm, type Rejection, type ScorePlugin, type Snapshot,
} from '../types';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
/** hardPodAffinityWeight: what an existing pod's required affinity adds to the score. */
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Whether target is selected by term, the term belonging to owner (for its namespace default). */
export function termMatches(term: PodAffinityTerm, owner: KubeObject, target: KubeObject, snap: Pick<Snapshot, 'namespaceLabels'>): boolean {
  const ns = target.metadata.namespace!;
  const listed = term.namespaces ?? [];
  const nsSelector = term.namespaceSelector;
  let inNamespace: boolean;
  if (listed.length === 0 && !nsSelector) inNamespace = ns === owner.metadata.namespace;
  else inNamespace = listed.includes(ns) || (!!nsSelector && metaSelectorMatches(nsSelector, snap.namespaceLabels(ns) ?? {}));
  return inNamespace && metaSelectorMatches(term.labelSelector, target.metadata.labels);
}

const requiredAffinity = (p: KubeObject) => podSpec(p).affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
const requiredAntiAffinity = (p: KubeObject) => podSpec(p).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];

const sameDomain = (a: KubeObject, b: KubeObject, key: string) => {
  const v = a.metadata.labels?.[key];
  return v !== undefined && b.metadata.labels?.[key] === v;
};

function anyPodInDomain(snap: Snapshot, node: KubeObject, key: string, match: (p: KubeObject) => boolean): boolean {
  return snap.nodes.some((i) => sameDomain(i.node, node, key) && i.pods.some(match));
}

export function filterInterPodAffinity(pod: KubeObject, info: NodeInfo, snap: Snapshot): Rejection | undefined {
  const node = info.node;
  const affinity = requiredAffinity(pod);
  if (affinity.length) {
    const fits = affinity.every((t) => anyPodInDomain(snap, node, t.topologyKey, (p) => termMatches(t, pod, p, snap)));
    if (!fits) {
      const anyMatchAnywhere = snap.nodes.some((i) => i.pods.some((p) => affinity.some((t) => termMatches(t, pod, p, snap))));
      const selfMatch = affinity.every((t) => termMatches(t, pod, pod, snap));
      if (anyMatchAnywhere || !selfMatch) return unresolvable(ERR_REASON_AFFINITY);
    }
  }
  for (const t of requiredAntiAffinity(pod)) {
    if (anyPodInDomain(snap, node, t.topologyKey, (p) => termMatches(t, pod, p, snap))) return unschedulable(ERR_REASON_ANTI_AFFINITY);
  }
  for (const other of snap.nodes) {
    for (const existing of other.pods) {
      for (const t of requiredAntiAffinity(existing)) {
        if (sameDomain(other.node, node, t.topologyKey) && termMatches(t, existing, pod, snap)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
      }
    }
  }
  return undefined;
}

/** Raw preferred (anti-)affinity score per feasible node; may be negative. */
export function rawAffinityScores(pod: KubeObject, feasible: readonly NodeInfo[], snap: Snapshot): number[] {
  const spec = podSpec(pod);
  const preferred = spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const preferredAnti = spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const scores = feasible.map(() => 0);
  const credit = (from: KubeObject, key: string, weight: number) => {
    feasible.forEach((i, idx) => {
      if (sameDomain(i.node, from, key)) scores[idx] += weight;
    });
  };
  for (const other of snap.nodes) {
    for (const existing of other.pods) {
      for (const w of preferred) if (termMatches(w.podAffinityTerm, pod, existing, snap)) credit(other.node, w.podAffinityTerm.topologyKey, w.weight);
      for (const w of preferredAnti) if (termMatches(w.podAffinityTerm, pod, existing, snap)) credit(other.node, w.podAffinityTerm.topologyKey, -w.weight);
      const es = podSpec(existing).affinity;
      for (const t of es?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) if (termMatches(t, existing, pod, snap)) credit(other.node, t.topologyKey, HARD_POD_AFFINITY_WEIGHT);
      for (const w of es?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (termMatches(w.podAffinityTerm, existing, pod, snap)) credit(other.node, w.podAffinityTerm.topologyKey, w.weight);
      for (const w of es?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (termMatches(w.podAffinityTerm, existing, pod, snap)) credit(other.node, w.podAffinityTerm.topologyKey, -w.weight);
    }
  }
  return scores;
}

/** NormalizeScore: 100 × (s − min) / (max − min), 0 for all when they are equal. */
export function normalizeMinMax(raw: number[]): number[] {
  if (raw.length === 0) return [];
  const min = Math.min(...raw);
  const diff = Math.max(...raw) - min;
  return raw.map((s) => (diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s - min)) / diff) : 0));
}

export const interPodAffinityPlugin: FilterPlugin = {
  name: INTER_POD_AFFINITY,
  filter: (pod, info, snap) => filterInterPodAffinity(pod, info, snap),
};

export const interPodAffinityScore: ScorePlugin = {
  name: INTER_POD_AFFINITY,
  weight: 2,
  score: (pod, feasible, snap) => normalizeMinMax(rawAffinityScores(pod, feasible, snap)),
};
