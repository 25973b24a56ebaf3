/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go ClaimObject): a controller
 * claims the objects it owns that still match its selector, adopts matching orphans and
 * releases owned objects its selector no longer matches. Used by the ReplicaSet controller
 * for pods and by the Deployment controller for ReplicaSets.
 */
import { StatusError } from '../../errors';
import type { GroupResource, KubeObject } from '../../types';
import { metaSelectorMatches, type MetaLabelSelector } from '../../store/label-selector';
import type { ClusterClient } from '../framework/client';
import { controllerOf } from '../framework/controller';

export interface ControllerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: true;
  blockOwnerDeletion: true;
}

/** metav1.NewControllerRef. */
export function controllerRef(owner: KubeObject): ControllerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.code === 404;
}

export interface ClaimOptions {
  client: ClusterClient;
  gr: GroupResource;
  owner: KubeObject;
  selector: MetaLabelSelector | undefined;
}

/**
 * The candidates owner controls after adoption and release. An orphan is adopted only while
 * the owner (re-read, as RecheckDeletionTimestamp does) exists with the same UID and is not
 * being deleted, and only when the orphan itself is not being deleted.
 */
export function claimObjects(opts: ClaimOptions, candidates: KubeObject[]): KubeObject[] {
  const { owner, selector } = opts;
  const claimed: KubeObject[] = [];
  let canAdopt: boolean | undefined;
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const matches = metaSelectorMatches(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches) claimed.push(obj);
      else if (!owner.metadata.deletionTimestamp) release(opts, obj);
      continue;
    }
    if (!matches || owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) continue;
    canAdopt ??= ownerStillAdopts(opts);
    if (!canAdopt) continue;
    const adopted = adopt(opts, obj);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

function ownerStillAdopts({ client, owner }: ClaimOptions): boolean {
  const gr = owner.kind === 'Deployment' ? { group: 'apps', resource: 'deployments' } : { group: 'apps', resource: 'replicasets' };
  const fresh = client.get(gr, owner.metadata.namespace, owner.metadata.name!);
  return Boolean(fresh && fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp);
}

function adopt({ client, gr, owner }: ClaimOptions, obj: KubeObject): KubeObject | undefined {
  const live = client.get(gr, obj.metadata.namespace, obj.metadata.name!);
  if (!live || live.metadata.uid !== obj.metadata.uid || controllerOf(live) || live.metadata.deletionTimestamp) return undefined;
  live.metadata.ownerReferences = [...(live.metadata.ownerReferences ?? []), controllerRef(owner)];
  try {
    return client.update(live);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function release({ client, gr, owner }: ClaimOptions, obj: KubeObject): void {
  const live = client.get(gr, obj.metadata.namespace, obj.metadata.name!);
  if (!live || live.metadata.uid !== obj.metadata.uid) return;
  const refs = (live.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
  if (refs.length) live.metadata.ownerReferences = refs;
  else delete live.metadata.ownerReferences;
  try {
    client.update(live);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
