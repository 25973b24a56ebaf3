/**
 * Ownership for non-apply writes (create, update, patch): the fields a manager changed become
 * its own under operation Update and leave their previous owners, so a later apply conflicts
 * with `kubectl edit` or a controller's write.
 *
 * Same result as trackUpdateByPaths (the reference, path by path), computed for the cost of
 * what the write touches: before and after are walked together and only where they differ
 * (field-diff.ts), and each owner's FieldsV1 tree is walked beside the object, edited only where
 * the write took something from it (owned-prune.ts), instead of being parsed and rebuilt whole.
 * Controllers write status many times over objects whose spec ownership is large, so this is
 * most of an update's cost.
 */
import type { KubeObject } from '../../types';
import { jsonClone } from '../../store/json-value';
import { changedLeaves } from './field-diff';
import { addLeaves, addPath, hasPath, isNormalFieldSet } from './field-set';
import { isObject, type JsonObject } from './json-value';
import { apiVersionOf, sameSlot, type ManagedEntry } from './managed-fields';
import { rootFields } from './merge-keys';
import { Pruner } from './owned-prune';
import { trackUpdateByPaths, type TrackUpdateArgs } from './track-update-by-paths';

export type { TrackUpdateArgs } from './track-update-by-paths';

/** The written scope of an object: status for the status subresource, the rest otherwise. */
function scopeOf(o: KubeObject, subresource: string | undefined): JsonObject {
  const obj = o as unknown as JsonObject;
  if (subresource === 'status') return obj.status === undefined ? {} : { status: obj.status };
  const { status: _status, ...rest } = obj;
  return rest;
}

export function trackUpdate(args: TrackUpdateArgs): KubeObject {
  return trackUpdateByTrees(args) ?? trackUpdateByPaths(args);
}

/** The fast route; undefined for the inputs it leaves to the reference. */
export function trackUpdateByTrees(args: TrackUpdateArgs): KubeObject | undefined {
  const { before, after, manager, gvk, time, subresource } = args;
  const fields = rootFields(gvk);
  const apiVersion = apiVersionOf(gvk);
  const sent = (after.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!before && (!Array.isArray(sent) || !sent.some(isObject))) {
    // A create with no ownership yet: every field is the writer's.
    const tree: JsonObject = {};
    const managedFields = addLeaves(tree, scopeOf(after, subresource), fields)
      ? [{ manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: tree, ...(subresource ? { subresource } : {}) }]
      : [];
    return { ...after, metadata: { ...after.metadata, managedFields } } as KubeObject;
  }
  const afterScope = scopeOf(after, subresource);
  const changed = changedLeaves(before ? scopeOf(before, subresource) : undefined, afterScope, fields);
  if (!changed) return undefined;

  // Ownership is read from `before`: the client may not rewrite managedFields through an update.
  const raw = ((before ?? after).metadata as { managedFields?: unknown } | undefined)?.managedFields;
  const entries = Array.isArray(raw) ? raw.filter(isObject) : [];
  const owners: { entry: ManagedEntry; tree: JsonObject }[] = [];
  for (const e of entries) {
    const tree = isObject(e.fieldsV1) ? e.fieldsV1 : {};
    if (!isNormalFieldSet(tree)) return undefined;
    owners.push({ entry: { ...e, fieldsType: 'FieldsV1', fieldsV1: tree } as ManagedEntry, tree });
  }
  let mine = owners.find((o) => sameSlot(o.entry, manager, 'Update', apiVersion, subresource));
  const pruner = new Pruner();
  for (const o of owners) {
    o.tree = pruner.prune(o.tree, afterScope, fields, o === mine ? undefined : changed.tree, subresource === 'status');
    if (pruner.irregular) return undefined;
  }
  if (!mine) {
    mine = { entry: { manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {}, ...(subresource ? { subresource } : {}) }, tree: {} };
    owners.push(mine);
  }
  if (changed.paths.length > 0) {
    mine.entry = { ...mine.entry, time };
    // A write that only changes values the writer already owns (most status writes) leaves
    // its tree as it is: no copy.
    if (!changed.paths.every((p) => hasPath(mine!.tree, p))) {
      mine.tree = jsonClone(mine.tree);
      for (const p of changed.paths) addPath(mine.tree, p);
    }
  }
  const managedFields = owners
    .filter((o) => Object.keys(o.tree).length > 0)
    .map((o) => ({ ...o.entry, fieldsType: 'FieldsV1' as const, fieldsV1: o.tree }));
  return { ...after, metadata: { ...after.metadata, managedFields } } as KubeObject;
}
