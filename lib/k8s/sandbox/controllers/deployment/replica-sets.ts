/**
 * Pure views of a Deployment's ReplicaSets (pkg/controller/deployment/util/deployment_util.go,
 * pkg/controller/controller_utils.go sorters): which one is new, which are old, their counts,
 * and the arithmetic of rolling and proportional scaling.
 */
import type { KubeObject } from '../../types';
import { canonicalJson } from '../history/hash';
import { maxReplicasAnnotation, desiredReplicasAnnotation, revisionOf } from './annotations';
import { replicasOf, rsSpec, rsStatus, specOf, statusOf, type PodTemplate } from './deployment-types';
import { maxSurge, scaledValue } from './rolling-params';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** EqualIgnoreHash: templates equal once pod-template-hash is dropped (nil and empty maps alike). */
export function equalIgnoreHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  const strip = (t: PodTemplate | undefined): unknown => {
    const c = structuredClone(t ?? {}) as PodTemplate;
    c.metadata ??= {};
    if (c.metadata.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return dropEmpty(c);
  };
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

/** Semantic equality treats absent, null and empty maps/lists alike. */
function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const d = dropEmpty(val);
    if (d === null || d === undefined) continue;
    if (Array.isArray(d) && d.length === 0) continue;
    if (typeof d === 'object' && !Array.isArray(d) && Object.keys(d as object).length === 0) continue;
    out[k] = d;
  }
  return out;
}

function created(rs: KubeObject): number {
  return rs.metadata.creationTimestamp ? Date.parse(rs.metadata.creationTimestamp) : 0;
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  return created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);
}

/** ReplicaSetsBySizeOlder: larger first, then older first (scaling down). */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

/** ReplicaSetsBySizeNewer: larger first, then newer first (scaling up). */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** ReplicaSetsByRevision: lowest revision first, then oldest. */
export function byRevision(a: KubeObject, b: KubeObject): number {
  return (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreation(a, b);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rsSpec(rs).template, specOf(d).template));
}

/** FindOldReplicaSets' second result: every ReplicaSet but the new one. */
export function findOldReplicaSets(d: KubeObject, rsList: KubeObject[]): KubeObject[] {
  const fresh = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => rs.metadata.uid !== fresh?.metadata.uid);
}

export function filterActive(rss: (KubeObject | undefined)[]): KubeObject[] {
  return rss.filter((rs): rs is KubeObject => rs !== undefined && replicasOf(rs) > 0);
}

export const specReplicas = (rss: (KubeObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
export const actualReplicas = (rss: (KubeObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsStatus(rs).replicas ?? 0 : 0), 0);
export const readyReplicas = (rss: (KubeObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsStatus(rs).readyReplicas ?? 0 : 0), 0);
export const availableReplicas = (rss: (KubeObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsStatus(rs).availableReplicas ?? 0 : 0), 0);

/**
 * FindActiveOrLatest: the only ReplicaSet with replicas, or the newest one when none has
 * any; undefined when several are active (they are then scaled proportionally).
 */
export function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  return active.length === 1 ? active[0] : undefined;
}

/** IsSaturated: the new ReplicaSet runs all of the Deployment's replicas, available. */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  const replicas = replicasOf(d);
  return desired !== undefined && replicasOf(rs) === replicas && desired === replicas && (rsStatus(rs).availableReplicas ?? 0) === replicas;
}

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: KubeObject, allRSs: KubeObject[], newRS: KubeObject): number {
  const replicas = replicasOf(d);
  const spec = specOf(d);
  if ((spec.strategy?.type ?? 'RollingUpdate') === 'Recreate') return replicas;
  const surge = scaledValue(spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const current = specReplicas(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicas - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/** integer.RoundToInt32: half away from zero. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** getReplicaSetFraction: this ReplicaSet's share of a change in the Deployment's size. */
function replicaSetFraction(rs: KubeObject, d: KubeObject): number {
  const replicas = replicasOf(d);
  if (replicas === 0) return -replicasOf(rs);
  const deploymentMax = replicas + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (before === undefined || before === 0) {
    // Without the annotation, fall back to the Deployment's current size.
    before = statusOf(d).replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAway((replicasOf(rs) * deploymentMax) / before) - replicasOf(rs);
}

/** GetProportion: how many replicas to add to (or remove from) rs, bounded by what is left. */
export function proportion(rs: KubeObject, d: KubeObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The proportional part of scale(): new sizes for the active ReplicaSets when a rolling
 * Deployment is resized mid-rollout. The leftover of rounding goes to the first (largest).
 */
export function proportionalSizes(d: KubeObject, active: KubeObject[]): { rs: KubeObject; size: number }[] {
  const replicas = replicasOf(d);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(active);
  const sorted = [...active].sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  let added = 0;
  const sizes = sorted.map((rs) => {
    if (toAdd === 0) return { rs, size: replicasOf(rs) };
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return { rs, size: replicasOf(rs) + p };
  });
  if (toAdd !== 0 && sizes.length) sizes[0].size = Math.max(0, sizes[0].size + toAdd - added);
  return sizes;
}
