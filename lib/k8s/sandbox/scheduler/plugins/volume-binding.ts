/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding): the pod's claims must
 * exist; an unbound claim of an Immediate class blocks the pod at PreFilter (the PV
 * controller binds it first); a bound claim's volume must allow the node (local-path
 * volumes are pinned to theirs); an unbound WaitForFirstConsumer claim needs a matching
 * Available volume there or a provisioner. After a node is chosen, its name goes on each
 * such claim as volume.kubernetes.io/selected-node, which the PV controller provisions for.
 */
import type { KubeObject } from '../../types';
import { claimClass, claimSpec, phaseOf } from '../../controllers/volume/volume-types';
import { findBestMatch, nodeAffinityAllows } from '../../controllers/volume/matching';
import { podSpec, unresolvable, type ClusterLookup, type FilterPlugin, type Rejection } from '../types';

export const VOLUME_BINDING = 'VolumeBinding';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

export interface PodClaims {
  bound: KubeObject[];
  /** Unbound claims of WaitForFirstConsumer classes: the scheduler picks their node. */
  delayed: KubeObject[];
}

export function isClaimBound(pvc: KubeObject): boolean {
  return !!claimSpec(pvc).volumeName && phaseOf(pvc) === 'Bound';
}

function isDelayBinding(pvc: KubeObject, lookup: ClusterLookup): boolean {
  const name = claimClass(pvc);
  if (!name) return false;
  return lookup.storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

export function claimNames(pod: KubeObject): string[] {
  return (podSpec(pod).volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

/** PreFilter: the pod's claims sorted by how they bind, or the rejection for the whole pod. */
export function podClaims(pod: KubeObject, lookup: ClusterLookup): PodClaims | Rejection {
  const out: PodClaims = { bound: [], delayed: [] };
  let unboundImmediate = false;
  for (const name of claimNames(pod)) {
    const pvc = lookup.pvc(pod.metadata.namespace!, name);
    if (!pvc) return unresolvable(`persistentvolumeclaim "${name}" not found`);
    if (pvc.metadata.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
    if (isClaimBound(pvc)) out.bound.push(pvc);
    else if (isDelayBinding(pvc, lookup)) out.delayed.push(pvc);
    else unboundImmediate = true;
  }
  return unboundImmediate ? unresolvable(ERR_REASON_UNBOUND_IMMEDIATE) : out;
}

const isRejection = (x: PodClaims | Rejection): x is Rejection => 'reasons' in x;

export function filterVolumeBinding(claims: PodClaims, node: KubeObject, lookup: ClusterLookup): Rejection | undefined {
  const reasons: string[] = [];
  const pvs = claims.bound.length + claims.delayed.length > 0 ? lookup.pvs() : [];
  for (const pvc of claims.bound) {
    const pv = pvs.find((v) => v.metadata.name === claimSpec(pvc).volumeName);
    if (pv && !nodeAffinityAllows(pv, node)) {
      reasons.push(ERR_REASON_NODE_CONFLICT);
      break;
    }
  }
  for (const pvc of claims.delayed) {
    if (findBestMatch(pvc, pvs, { delayBinding: true, node })) continue;
    const provisioner = lookup.storageClass(claimClass(pvc))?.provisioner;
    if (typeof provisioner === 'string' && provisioner !== NO_PROVISIONER) continue;
    reasons.push(ERR_REASON_BIND_CONFLICT);
    break;
  }
  return reasons.length ? unresolvable(...reasons) : undefined;
}

export const volumeBindingPlugin: FilterPlugin = {
  name: VOLUME_BINDING,
  preFilter(pod, snap) {
    const c = podClaims(pod, snap);
    return isRejection(c) ? c : undefined;
  },
  filter(pod, info, snap) {
    const c = podClaims(pod, snap);
    return isRejection(c) ? c : filterVolumeBinding(c, info.node, snap);
  },
};
