/**
 * A PodDisruptionBudget's status as upstream's disruption controller computes it
 * (pkg/controller/disruption/disruption.go: trySync, getExpectedPodCount, countHealthyPods,
 * buildDisruptedPodMap, updatePdbStatus; the condition from pdbhelper.UpdateDisruptionAllowedCondition).
 */
import type { KubeObject } from '../../types';
import { metaSelectorMatches } from '../../store/label-selector';
import { scaledValue } from '../deployment/rolling-params';
import { isPodReady } from '../../core/pod-state';
import { disruptionAllowedCondition, type PdbCondition } from '../../core/pdb-condition';

type Obj = Record<string, unknown>;

/** upstream DeletionTimeout: an eviction not followed by the pod's deletion within this is forgotten. */
export const DISRUPTED_POD_TIMEOUT_MS = 2 * 60 * 1000;

export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions: PdbCondition[];
}

/** Reads the replicas of a pod's controller (Deployment through its ReplicaSet, StatefulSet, ...). */
export interface ScaleLookup {
  /** The controller counted for this pod (uid) and its desired replicas; undefined for unmanaged pods. */
  controllerOf(pod: KubeObject): { uid: string; replicas: number } | undefined;
}

/** Pods a budget covers: its namespace, its selector (policy/v1: an empty selector selects all, none selects none). */
export function podsForPdb(pdb: KubeObject, pods: KubeObject[]): KubeObject[] {
  const selector = (pdb.spec as Obj | undefined)?.selector as Parameters<typeof metaSelectorMatches>[0];
  if (selector === undefined || selector === null) return [];
  return pods.filter((p) => p.metadata.namespace === pdb.metadata.namespace && metaSelectorMatches(selector, p.metadata.labels));
}

/** getExpectedScale: the sum of the distinct controllers' replicas (unmanaged pods add nothing). */
function expectedScale(pods: KubeObject[], scales: ScaleLookup): number {
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const c = scales.controllerOf(pod);
    if (c && !seen.has(c.uid)) seen.set(c.uid, c.replicas);
  }
  let sum = 0;
  for (const n of seen.values()) sum += n;
  return sum;
}

/** getExpectedPodCount: expected pods and the healthy pods the budget wants. */
export function expectedPodCount(pdb: KubeObject, pods: KubeObject[], scales: ScaleLookup): { expectedCount: number; desiredHealthy: number } {
  const spec = (pdb.spec ?? {}) as { maxUnavailable?: number | string; minAvailable?: number | string };
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expectedCount = expectedScale(pods, scales);
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number' || /^\d+$/.test(spec.minAvailable)) {
      return { expectedCount: pods.length, desiredHealthy: Number(spec.minAvailable) };
    }
    const expectedCount = expectedScale(pods, scales);
    return { expectedCount, desiredHealthy: scaledValue(spec.minAvailable, expectedCount, true) };
  }
  // Neither set: upstream defaults minAvailable to 1 at admission for policy/v1beta1 only; v1 leaves both unset.
  return { expectedCount: pods.length, desiredHealthy: 0 };
}

/**
 * buildDisruptedPodMap: the evicted pods still present, not yet being deleted and evicted
 * less than DISRUPTED_POD_TIMEOUT_MS ago; recheckAt is when the earliest of them expires.
 */
export function disruptedPodMap(pdb: KubeObject, pods: KubeObject[], now: number): { disrupted: Record<string, string>; recheckAt?: number } {
  const recorded = (((pdb.status ?? {}) as Obj).disruptedPods ?? {}) as Record<string, string>;
  const disrupted: Record<string, string> = {};
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata.name!;
    const at = recorded[name];
    if (at === undefined || pod.metadata.deletionTimestamp) continue;
    const expires = Date.parse(at) + DISRUPTED_POD_TIMEOUT_MS;
    if (expires < now) continue;
    disrupted[name] = at;
    if (recheckAt === undefined || expires < recheckAt) recheckAt = expires;
  }
  return { disrupted, recheckAt };
}

/** countHealthyPods: ready pods that are neither being deleted nor just evicted. */
export function countHealthyPods(pods: KubeObject[], disrupted: Record<string, string>): number {
  return pods.filter((p) => !p.metadata.deletionTimestamp && disrupted[p.metadata.name!] === undefined && isPodReady(p)).length;
}

/** trySync + updatePdbStatus: the status the controller writes for this budget now. */
export function computePdbStatus(pdb: KubeObject, allPods: KubeObject[], scales: ScaleLookup, now: number, nowISO: string): { status: PdbStatus; recheckAt?: number } {
  const pods = podsForPdb(pdb, allPods);
  const { expectedCount, desiredHealthy } = expectedPodCount(pdb, pods, scales);
  const { disrupted, recheckAt } = disruptedPodMap(pdb, pods, now);
  const currentHealthy = countHealthyPods(pods, disrupted);
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const generation = pdb.metadata.generation;
  const previous = ((pdb.status ?? {}) as { conditions?: PdbCondition[] }).conditions;
  const status: PdbStatus = {
    observedGeneration: generation,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    conditions: disruptionAllowedCondition(previous, disruptionsAllowed, generation, nowISO),
  };
  if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
  return { status, recheckAt };
}
