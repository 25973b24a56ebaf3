/**
 * The controller reference and the ControllerRefManager (pkg/controller/controller_ref_manager.go),
 * once for every controller that owns objects (ReplicaSet and DaemonSet, StatefulSet and Job
 * pods; Deployment ReplicaSets): a controller claims the objects it owns that still match it,
 * adopts matching orphans and releases owned objects it no longer matches.
 */
import { StatusError } from '../../errors';
import { findKind } from '../../registry';
import type { GroupResource, KubeObject, OwnerReference } from '../../types';
import type { ClusterClient } from './client';
import { controllerOf } from './controller';

/** The kind a controller manages, as upstream's controllerKind (e.g. apps/v1 ReplicaSet). */
export interface ControllerKind {
  apiVersion: string;
  kind: string;
}

export interface ControllerReference extends OwnerReference {
  controller: true;
  blockOwnerDeletion: true;
}

/**
 * metav1.NewControllerRef: the ownerReference that makes owner the controller of an object,
 * blocking the owner's foreground deletion until the object is gone.
 */
export function newControllerRef(owner: { metadata?: { name?: string; uid?: string } }, kind: ControllerKind): ControllerReference {
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

export interface ClaimOptions {
  client: ClusterClient;
  /** What is claimed (pods, replicasets). */
  gr: GroupResource;
  /** The controller; its own apiVersion and kind are the controllerKind. */
  owner: KubeObject;
  /** Whether an object belongs to owner (its selector, and e.g. a StatefulSet's name rule). */
  match(obj: KubeObject): boolean;
  /** NewPodControllerRefManager's finalizers: added on adoption (the Job's tracking finalizer). */
  finalizers?: readonly string[];
  /**
   * Owned objects that stopped matching are still returned while owner is being deleted (the
   * Job controller still has to take its tracking finalizer off them); upstream skips them.
   */
  keepUnmatchedWhileOwnerDeleting?: boolean;
}

/** NotFound or Conflict: the object went away or changed meanwhile; its watch event brings the controller back. */
function changedMeanwhile(err: unknown): boolean {
  return err instanceof StatusError && (err.code === 404 || err.code === 409);
}

/**
 * ClaimObject over candidates: what owner controls after adoption and release. An orphan is
 * adopted only if owner is not being deleted, the orphan is not being deleted, and owner,
 * re-read once (canAdopt: RecheckDeletionTimestamp), still exists with the same uid and is
 * not being deleted either. An owned object that stopped matching is released unless owner
 * is being deleted.
 */
export function claimObjects(opts: ClaimOptions, candidates: readonly KubeObject[]): KubeObject[] {
  const { owner } = opts;
  const deleting = Boolean(owner.metadata.deletionTimestamp);
  const claimed: KubeObject[] = [];
  let canAdopt: boolean | undefined;
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (opts.match(obj)) claimed.push(obj);
      else if (deleting) {
        if (opts.keepUnmatchedWhileOwnerDeleting) claimed.push(obj);
      } else releaseObject(opts, obj);
      continue;
    }
    if (deleting || obj.metadata.deletionTimestamp || obj.metadata.namespace !== owner.metadata.namespace || !opts.match(obj)) continue;
    canAdopt ??= ownerCanAdopt(opts);
    if (!canAdopt) continue;
    const adopted = adoptObject(opts, obj);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** RecheckDeletionTimestamp: the owner read fresh, not from the caller's possibly stale copy. */
function ownerCanAdopt({ client, owner }: ClaimOptions): boolean {
  const def = findKind(owner.apiVersion, owner.kind);
  if (!def) return false;
  const fresh = client.peek({ group: def.group, resource: def.plural }, owner.metadata.namespace, owner.metadata.name!);
  return Boolean(fresh && fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp);
}

/**
 * AdoptPod / AdoptReplicaSet: adds owner's controller reference (and the finalizers) to the
 * live object, if it is still the same orphan and not being deleted. Undefined when it is not
 * (or changed meanwhile).
 */
export function adoptObject(opts: ClaimOptions, obj: KubeObject): KubeObject | undefined {
  const { client, gr, owner } = opts;
  // A copy (get, not peek): admission may write defaults into the update.
  const live = client.get(gr, obj.metadata.namespace, obj.metadata.name!);
  if (!live || live.metadata.uid !== obj.metadata.uid || controllerOf(live) || live.metadata.deletionTimestamp) return undefined;
  live.metadata.ownerReferences = [...(live.metadata.ownerReferences ?? []), newControllerRef(owner, owner)];
  const missing = (opts.finalizers ?? []).filter((f) => !live.metadata.finalizers?.includes(f));
  if (missing.length) live.metadata.finalizers = [...(live.metadata.finalizers ?? []), ...missing];
  try {
    return client.update(live);
  } catch (err) {
    if (changedMeanwhile(err)) return undefined;
    throw err;
  }
}

/** ReleasePod / ReleaseReplicaSet: removes owner's reference from the live object. */
export function releaseObject({ client, gr, owner }: Pick<ClaimOptions, 'client' | 'gr' | 'owner'>, obj: KubeObject): void {
  const live = client.get(gr, obj.metadata.namespace, obj.metadata.name!);
  if (!live || live.metadata.uid !== obj.metadata.uid) return;
  const refs = (live.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
  if (refs.length) live.metadata.ownerReferences = refs;
  else delete live.metadata.ownerReferences;
  try {
    client.update(live);
  } catch (err) {
    if (!changedMeanwhile(err)) throw err;
  }
}
