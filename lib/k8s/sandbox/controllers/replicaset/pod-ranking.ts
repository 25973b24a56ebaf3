/**
 * Which pods a ReplicaSet deletes first when it has too many
 * (pkg/controller/replicaset/replica_set.go getPodsToDelete and
 * pkg/controller/controller_utils.go ActivePodsWithRanks.Less, LogarithmicScaleDown on):
 *  1. unassigned before assigned;
 *  2. Pending before Unknown before Running;
 *  3. not ready before ready;
 *  4. lower controller.kubernetes.io/pod-deletion-cost first;
 *  5. pods sharing their node with more related pods first ("doubled up");
 *  6. both ready: the more recently ready first, on a log2 scale of how long ago;
 *  7. more container restarts first;
 *  8. newer first, on a log2 scale of age.
 * Ties on the log2 scale are broken by UID, a pseudo-random but stable order.
 */
import type { KubeObject } from '../../types';
import { isPodActive, isPodReady, maxContainerRestarts, podNodeName, podPhase, podReadySince } from '../../core/pod-state';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The annotation as an int32; anything unparsable counts as 0, as GetDeletionCostFromPodAnnotations' callers do. */
export function deletionCost(pod: KubeObject): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw.trim())) return 0;
  const n = Number(raw.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** floor(log2(nanoseconds since t)), or -1 when t is not in the past. */
function logRank(tMs: number, nowMs: number): number {
  const d = (nowMs - tMs) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

interface Ranked {
  pod: KubeObject;
  /** Active related pods on the same node. */
  rank: number;
}

/** Negative when a should be deleted before b. */
function compareTimes(aMs: number | undefined, bMs: number | undefined, a: KubeObject, b: KubeObject, nowMs: number): number {
  if (aMs === bMs) return 0;
  // afterOrZero: a missing time sorts first, otherwise the later time.
  if (aMs === undefined || bMs === undefined) return aMs === undefined ? -1 : 1;
  const diff = logRank(aMs, nowMs) - logRank(bMs, nowMs);
  if (diff !== 0) return diff;
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function creationMs(pod: KubeObject): number | undefined {
  return pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : undefined;
}

export function compareForDeletion(a: Ranked, b: Ranked, nowMs: number): number {
  const na = podNodeName(a.pod);
  const nb = podNodeName(b.pod);
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const pa = PHASE_ORDINAL[podPhase(a.pod) ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[podPhase(b.pod) ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a.pod);
  const rb = isPodReady(b.pod);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a.pod);
  const cb = deletionCost(b.pod);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb) {
    const t = compareTimes(podReadySince(a.pod), podReadySince(b.pod), a.pod, b.pod, nowMs);
    if (t !== 0) return t;
  }
  const restarts = maxContainerRestarts(b.pod) - maxContainerRestarts(a.pod);
  if (restarts !== 0) return restarts;
  return compareTimes(creationMs(a.pod), creationMs(b.pod), a.pod, b.pod, nowMs);
}

/**
 * The diff pods to delete out of pods. related are the active pods of every ReplicaSet
 * with the same controlling owner (a Deployment's old and new sets), used for rule 5.
 */
export function podsToDelete(pods: KubeObject[], related: KubeObject[], diff: number, nowMs: number): KubeObject[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(podNodeName(p), (onNode.get(podNodeName(p)) ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(podNodeName(pod)) ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, nowMs));
  return ranked.slice(0, diff).map((r) => r.pod);
}
