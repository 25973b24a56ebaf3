/**
 * DELETE semantics on top of the store: propagationPolicy becomes the orphan or
 * foregroundDeletion finalizer (the garbage collector finishes the job), preconditions,
 * dryRun, and namespaces that take their content with them.
 */
import { errors } from '../errors';
import { ALL_KINDS, type ResourceDef } from '../registry';
import type { KubeObject } from '../types';
import type { StorePort } from './ports';
import type { ClockPort } from '../core/clock-port';
import { GR } from '../registry/group-resources';
import { jsonClone } from '../store/json-value';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, podGracePeriod, type PropagationPolicy } from '../core/deletion-policy';

export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export interface DeleteRequest {
  propagation?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
  /** DeleteOptions.gracePeriodSeconds; pods only (others are removed at once). */
  gracePeriodSeconds?: number;
  /** The caller only reads the result (an in-process client): the store's frozen object, not a copy. */
  sharedResult?: boolean;
}

export function deleteObject(
  store: StorePort,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  req: DeleteRequest,
  clock: ClockPort,
): { object: KubeObject; removed: boolean } {
  const gr = { group: def.group, resource: def.plural };
  // Only read here (the store copies what it returns), so the stored object itself will do.
  const live = store.peek ? store.peek(gr, namespace, name) : store.get(gr, namespace, name);
  if (!live) throw errors.notFound(def.plural, def.group, name);
  if (req.preconditions?.uid && req.preconditions.uid !== live.metadata.uid) {
    throw errors.conflict(def.plural, def.group, name, `Precondition failed: UID in precondition: ${req.preconditions.uid}, UID in object meta: ${live.metadata.uid}`);
  }
  const propagation = req.propagation ?? def.defaultPropagation ?? 'Background';

  if (def.group === '' && def.plural === 'namespaces') {
    // The NamespaceLifecycle admission plugin's immortal namespaces.
    if (IMMORTAL_NAMESPACES.has(name)) throw errors.forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
    if (req.dryRun) return { object: jsonClone(live), removed: false };
    return deleteNamespace(store, jsonClone(live), clock, req.preconditions);
  }
  if (req.dryRun) return { object: jsonClone(live), removed: false };

  const finalizer = propagation === 'Orphan' ? ORPHAN_FINALIZER : propagation === 'Foreground' ? FOREGROUND_FINALIZER : undefined;
  const hasDependents = finalizer !== undefined && hasDependentsOf(store, live);
  if (finalizer && hasDependents && !(live.metadata.finalizers ?? []).includes(finalizer)) {
    const withFinalizer = jsonClone(live);
    withFinalizer.metadata.finalizers = [...(live.metadata.finalizers ?? []), finalizer];
    store.update(gr, withFinalizer);
  }
  if (def.group === '' && def.plural === 'pods') {
    const grace = podGracePeriod(live, req.gracePeriodSeconds);
    if (grace > 0 || live.metadata.deletionTimestamp) {
      return store.delete(gr, namespace, name, { preconditions: req.preconditions, gracePeriodSeconds: grace, sharedResult: req.sharedResult });
    }
  }
  return store.delete(gr, namespace, name, { preconditions: req.preconditions, sharedResult: req.sharedResult });
}

/** True when any object names `owner` in its ownerReferences. */
export function hasDependentsOf(store: StorePort, owner: KubeObject): boolean {
  const uid = owner.metadata.uid;
  for (const d of ALL_KINDS) {
    if (!d.namespaced) continue;
    const items = store.list({ group: d.group, resource: d.plural }, owner.metadata.namespace ? { namespace: owner.metadata.namespace } : {}).items;
    if (items.some((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid))) return true;
  }
  return false;
}

/**
 * Namespace deletion as the namespace registry does it (pkg/registry/core/namespace/storage):
 * the first DELETE sets deletionTimestamp and status.phase Terminating and keeps the
 * namespace while spec.finalizers holds "kubernetes"; the namespace controller then deletes
 * the content and removes the finalizer, which removes the namespace. Without spec
 * finalizers the namespace goes at once.
 */
function deleteNamespace(store: StorePort, ns: KubeObject, _clock: ClockPort, preconditions?: DeleteRequest['preconditions']): { object: KubeObject; removed: boolean } {
  const gr = GR.namespaces;
  const name = ns.metadata.name!;
  if (ns.metadata.deletionTimestamp) return { object: ns, removed: false };
  const result = store.delete(gr, undefined, name, { preconditions });
  if (result.removed) return result;
  const status = (result.object.status ?? {}) as Record<string, unknown>;
  if (status.phase === 'Terminating') return result;
  const updated = store.update(gr, { ...result.object, status: { ...status, phase: 'Terminating' } }, { subresource: 'status' });
  return { object: updated, removed: false };
}
