/**
 * Ownership for non-apply writes (create, update, patch): the fields a manager changed become
 * its own under operation Update and leave their previous owners, so a later apply conflicts
 * with `kubectl edit` or a controller's write.
 *
 * Same result as trackUpdateByPaths (the reference, path by path), computed for the cost of
 * what the write touches: leaves are compared with the values found in one walk, and each
 * owner's FieldsV1 tree is edited where it holds a field of the written scope (only status
 * for a status write) instead of being parsed and rebuilt whole. Controllers write status many
 * times over objects whose spec ownership is large, so this is most of an update's cost.
 */
import type { KubeObject } from '../../types';
import { jsonClone } from '../../store/json-value';
import { fieldLeaves } from './field-leaves';
import type { FieldPath } from './field-paths';
import { addLeaves, addPath, dropLeaves, isNormalFieldSet } from './field-set';
import { isObject, jsonEqual, type JsonObject } from './json-value';
import { apiVersionOf, sameSlot, type ManagedEntry } from './managed-fields';
import { rootFields } from './merge-keys';
import { trackUpdateByPaths, type TrackUpdateArgs } from './track-update-by-paths';

export type { TrackUpdateArgs } from './track-update-by-paths';

const STATUS = 'f:status';

/** The written scope of an object: status for the status subresource, the rest otherwise. */
function scopeOf(o: KubeObject, subresource: string | undefined): JsonObject {
  const obj = o as unknown as JsonObject;
  if (subresource === 'status') return obj.status === undefined ? {} : { status: obj.status };
  const { status: _status, ...rest } = obj;
  return rest;
}

/**
 * Drops the leaves drop() picks from the written scope of tree: the f:status subtree for a
 * status write, everything else otherwise. Undefined when nothing is dropped.
 */
function dropInScope(tree: JsonObject, subresource: string | undefined, drop: (key: string) => boolean): JsonObject | undefined {
  if (subresource !== 'status') {
    const { [STATUS]: status, ...rest } = tree;
    const pruned = dropLeaves(rest, drop);
    if (pruned === undefined) return undefined;
    // Put f:status back where it was, keeping key order.
    if (status === undefined) return pruned;
    const out: JsonObject = {};
    for (const k of Object.keys(tree)) {
      if (k === STATUS) out[k] = status;
      else if (k in pruned) out[k] = pruned[k];
    }
    return out;
  }
  const status = tree[STATUS];
  if (!isObject(status)) return undefined;
  const pruned = Object.keys(status).length === 0 ? (drop(STATUS) ? {} : undefined) : dropLeaves(status, drop, STATUS);
  if (pruned === undefined) return undefined;
  const out: JsonObject = {};
  for (const k of Object.keys(tree)) {
    if (k !== STATUS) out[k] = tree[k];
    else if (Object.keys(pruned).length > 0) out[k] = pruned;
  }
  return out;
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
  const afterLeaves = fieldLeaves(scopeOf(after, subresource), fields);
  if (!afterLeaves) return undefined;
  const beforeLeaves = before ? fieldLeaves(scopeOf(before, subresource), fields) : { paths: [], keys: [], values: new Map<string, unknown>() };
  if (!beforeLeaves) return undefined;
  const changedPaths: FieldPath[] = [];
  const changedKeys = new Set<string>();
  for (let i = 0; i < afterLeaves.keys.length; i++) {
    const key = afterLeaves.keys[i];
    if (beforeLeaves.values.has(key) && jsonEqual(beforeLeaves.values.get(key), afterLeaves.values.get(key))) continue;
    changedPaths.push(afterLeaves.paths[i]);
    changedKeys.add(key);
  }

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
  const gone = (key: string) => !afterLeaves.values.has(key);
  const goneOrTaken = (key: string) => gone(key) || changedKeys.has(key);
  for (const o of owners) {
    const pruned = dropInScope(o.tree, subresource, o === mine ? gone : goneOrTaken);
    if (pruned !== undefined) o.tree = pruned;
  }
  if (!mine) {
    mine = { entry: { manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {}, ...(subresource ? { subresource } : {}) }, tree: {} };
    owners.push(mine);
  }
  if (changedPaths.length > 0) {
    mine.entry = { ...mine.entry, time };
    mine.tree = jsonClone(mine.tree);
    for (const p of changedPaths) addPath(mine.tree, p);
  }
  const managedFields = owners
    .filter((o) => Object.keys(o.tree).length > 0)
    .map((o) => ({ ...o.entry, fieldsType: 'FieldsV1' as const, fieldsV1: o.tree }));
  return { ...after, metadata: { ...after.metadata, managedFields } } as KubeObject;
}
