/**
 * Ownership for non-apply writes (create, update, patch), path by path: the fields a manager
 * changed become its own under operation Update and leave their previous owners, so a later
 * apply conflicts with `kubectl edit` or a controller's write.
 *
 * This is the reference definition: every owner's FieldsV1 is parsed into paths, edited and
 * rebuilt. track-update.ts computes the same result without re-parsing what a write cannot
 * touch, and falls back to this for inputs it does not handle (irregular lists, FieldsV1 that
 * is not in normal form).
 */
import type { KubeObject } from '../../types';
import type { Gvk } from './gvk';
import { jsonEqual, type JsonObject } from './json-value';
import { rootFields } from './merge-keys';
import { leafPaths, pathKey, valueAt } from './field-paths';
import { apiVersionOf, inScope, readOwnership, sameSlot, writeOwnership, type Ownership } from './managed-fields';

export interface TrackUpdateArgs { before: KubeObject | undefined; after: KubeObject; manager: string; gvk: Gvk; time: string; operation: 'Update'; subresource?: string }

export function trackUpdateByPaths(args: TrackUpdateArgs): KubeObject {
  const { before, after, manager, gvk, time, subresource } = args;
  const apiVersion = apiVersionOf(gvk);
  const fields = rootFields(gvk);
  // Only the written scope's fields can change: status for the status subresource, the rest
  // otherwise. Walking just that part keeps frequent status writes cheap.
  const scope = (o: KubeObject): JsonObject => {
    const obj = o as unknown as JsonObject;
    if (subresource === 'status') return obj.status === undefined ? {} : { status: obj.status };
    const { status: _status, ...rest } = obj;
    return rest;
  };
  const afterPaths = leafPaths(scope(after), fields).filter((p) => inScope(p, subresource));
  const beforeKeys = new Set(before ? leafPaths(scope(before), fields).map(pathKey) : []);
  const afterKeys = new Set(afterPaths.map(pathKey));
  const changed = afterPaths.filter((p) => !beforeKeys.has(pathKey(p)) || !jsonEqual(valueAt(before, p), valueAt(after, p)));
  // Ownership is read from `before`: the client may not rewrite managedFields through an update.
  const owners = readOwnership(before ?? after);
  let mine = owners.find((o) => sameSlot(o.entry, manager, 'Update', apiVersion, subresource));
  for (const o of owners) {
    for (const k of [...o.paths.keys()]) if (!afterKeys.has(k) && inScope(o.paths.get(k)!, subresource)) o.paths.delete(k);
    if (o !== mine) for (const p of changed) o.paths.delete(pathKey(p));
  }
  if (!mine) {
    mine = { entry: { manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {}, ...(subresource ? { subresource } : {}) }, paths: new Map() };
    owners.push(mine);
  }
  if (changed.length > 0) mine.entry = { ...mine.entry, time };
  for (const p of changed) mine.paths.set(pathKey(p), p);
  return writeOwnership(after, owners as Ownership[]);
}
