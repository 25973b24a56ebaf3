/**
 * persistentVolumeClaimRetentionPolicy as ownerReferences on the claims
 * (stateful_set_utils.go isClaimOwnerUpToDate / updateClaimOwnerRefForSetAndPod). The
 * garbage collector then does the deleting:
 *   Retain/Retain (whenDeleted/whenScaled): no owner reference;
 *   Delete/Retain: the set owns the claim, so it goes with the set;
 *   Retain/Delete: a scaled-down pod owns its claims, so they go with the pod;
 *   Delete/Delete: the set owns claims of pods in range, the pod owns those scaled down.
 */
import type { KubeObject, OwnerReference } from '../../types';
import { inOrdinalRange, STATEFULSET_KIND } from './identity';
import { newControllerRef } from '../framework/controller-ref-manager';
import { retentionPolicyOf } from './set-types';

type Ref = Pick<OwnerReference, 'apiVersion' | 'kind' | 'name' | 'uid'> & Partial<OwnerReference>;

function refs(obj: KubeObject): OwnerReference[] {
  return obj.metadata.ownerReferences ?? [];
}

function matchesRef(ref: Ref, obj: KubeObject, apiVersion: string, kind: string): boolean {
  return ref.apiVersion === apiVersion && ref.kind === kind && ref.name === obj.metadata.name;
}

const matchesSet = (ref: Ref, set: KubeObject) => matchesRef(ref, set, 'apps/v1', 'StatefulSet');
const matchesPod = (ref: Ref, pod: KubeObject) => matchesRef(ref, pod, 'v1', 'Pod');

export function hasOwnerRef(target: KubeObject, owner: KubeObject): boolean {
  return owner.metadata.uid !== undefined && refs(target).some((r) => r.uid === owner.metadata.uid);
}

/** A reference to an object of this name and kind but another uid: an earlier incarnation. */
export function hasStaleOwnerRef(claim: KubeObject, owner: KubeObject, apiVersion: string, kind: string): boolean {
  const ref = refs(claim).find((r) => matchesRef(r, owner, apiVersion, kind));
  return ref !== undefined && ref.uid !== owner.metadata.uid;
}

/** Another controller manages the claim (ignored under Retain/Retain, where nothing is deleted). */
export function hasUnexpectedController(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  const p = retentionPolicyOf(set);
  if (p.whenDeleted === 'Retain' && p.whenScaled === 'Retain') return false;
  for (const ref of refs(claim)) {
    if (matchesSet(ref, set)) {
      if (ref.uid !== set.metadata.uid) return true;
      continue;
    }
    if (matchesPod(ref, pod)) {
      if (ref.uid !== pod.metadata.uid) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  return refs(claim).some((r) => (r.uid === set.metadata.uid || (pod.metadata.uid !== undefined && r.uid === pod.metadata.uid)) && !r.controller);
}

export function claimOwnerUpToDate(claim: KubeObject, set: KubeObject, pod: KubeObject): boolean {
  if (hasStaleOwnerRef(claim, set, 'apps/v1', 'StatefulSet') || hasStaleOwnerRef(claim, pod, 'v1', 'Pod')) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const p = retentionPolicyOf(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (p.whenScaled === 'Delete' && p.whenDeleted === 'Delete') {
    return scaledDown !== hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  }
  if (p.whenScaled === 'Delete') return !hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (p.whenDeleted === 'Delete') return hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
  return !hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
}


/** The claim's ownerReferences after applying the policy (ours scrubbed, then re-added). */
export function claimOwnerRefsFor(claim: KubeObject, set: KubeObject, pod: KubeObject): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let out = refs(claim).filter((r) => !matchesSet(r, set) && !matchesPod(r, pod));
  if (unexpected) return out;
  const add = (ref: OwnerReference) => {
    if (ref.uid && !out.some((r) => r.uid === ref.uid)) out = [...out, ref];
  };
  const p = retentionPolicyOf(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (p.whenScaled === 'Delete' && scaledDown) add(newControllerRef(pod, { apiVersion: 'v1', kind: 'Pod' }));
  if (p.whenDeleted === 'Delete' && (p.whenScaled === 'Retain' || !scaledDown)) add(newControllerRef(set, STATEFULSET_KIND));
  return out;
}
