/**
 * Server-side apply (structured-merge-diff semantics as k8s.io/apiserver's fieldmanager uses
 * them): the applied fields become the manager's; fields it applied before and dropped are
 * removed unless someone else owns them; a differing value owned by another manager is a
 * 409 Conflict unless forced, which moves ownership.
 */
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import type { Gvk } from './gvk';
import { clone, isObject, jsonEqual, type JsonObject } from './json-value';
import { fieldsOf, rootFields, type FieldStrategy } from './merge-keys';
import { describePath, leafPaths, PATH_KEY_SEPARATOR, pathKey, removeAt, valueAt, type FieldPath } from './field-paths';
import { apiVersionOf, inScope, readOwnership, sameSlot, writeOwnership, type Ownership } from './managed-fields';

interface Conflict {
  owner: Ownership;
  path: FieldPath;
}

function conflictError(conflicts: Conflict[]): StatusError {
  const n = conflicts.length;
  const groups = new Map<Ownership, FieldPath[]>();
  for (const c of conflicts) groups.set(c.owner, [...(groups.get(c.owner) ?? []), c.path]);
  const parts = [...groups].map(([o, paths]) => {
    const who = `"${o.entry.manager}"${o.entry.operation === 'Update' && o.entry.subresource ? ` with subresource "${o.entry.subresource}"` : ''} using ${o.entry.apiVersion}`;
    return paths.length === 1 ? `conflict with ${who}: ${describePath(paths[0])}` : `conflicts with ${who}:\n${paths.map((p) => `- ${describePath(p)}`).join('\n')}`;
  });
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.owner.entry.manager}" using ${c.owner.entry.apiVersion}`, field: describePath(c.path) }));
  return new StatusError(409, 'Conflict', `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${parts.join('\n')}`, { causes });
}

/** Merges the applied configuration into the live object: list maps by key, sets by value, everything else replaced. */
function mergeApplied(live: unknown, applied: JsonObject, fields: Record<string, FieldStrategy>): JsonObject {
  const out: JsonObject = isObject(live) ? clone(live) : {};
  for (const [key, value] of Object.entries(applied)) {
    const strategy = fields[key] ?? {};
    if (value === null) delete out[key];
    else if (Array.isArray(value) && strategy.mergeKey === '') {
      const current = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      out[key] = [...current, ...value.filter((v) => !current.some((c) => jsonEqual(c, v)))];
    } else if (Array.isArray(value) && strategy.mergeKey) {
      const mk = strategy.mergeKey;
      const current = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      const merged = [...current];
      for (const item of value) {
        if (!isObject(item)) continue;
        const at = merged.findIndex((c) => isObject(c) && jsonEqual(c[mk], item[mk]));
        if (at >= 0) merged[at] = mergeApplied(merged[at], item, fieldsOf(strategy.type));
        else merged.push(mergeApplied(undefined, item, fieldsOf(strategy.type)));
      }
      out[key] = merged;
    } else if (isObject(value) && isObject(out[key]) && Object.keys(value).length > 0) out[key] = mergeApplied(out[key], value, fieldsOf(strategy.type));
    else out[key] = clone(value);
  }
  return out;
}

export function serverSideApply(args: { live: KubeObject | undefined; applied: KubeObject; manager: string; force: boolean; gvk: Gvk; time: string; subresource?: string }): KubeObject {
  const { live, applied, manager, force, gvk, time, subresource } = args;
  const apiVersion = apiVersionOf(gvk);
  const fields = rootFields(gvk);
  const appliedPaths = leafPaths(applied as unknown as JsonObject, fields).filter((p) => inScope(p, subresource));
  const owners = readOwnership(live);
  const mine = owners.find((o) => sameSlot(o.entry, manager, 'Apply', apiVersion, subresource));
  const others = owners.filter((o) => o !== mine);

  const conflicts: Conflict[] = [];
  for (const path of appliedPaths) {
    if (path[path.length - 1] === '.') continue;
    const differs = live !== undefined && valueAt(live, path) !== undefined && !jsonEqual(valueAt(live, path), valueAt(applied, path));
    if (!differs) continue;
    for (const o of others) if (o.paths.has(pathKey(path))) conflicts.push({ owner: o, path });
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);
  for (const c of conflicts) c.owner.paths.delete(pathKey(c.path));

  // Fields this manager applied before and no longer applies go away unless shared.
  const appliedKeys = new Set(appliedPaths.map(pathKey));
  let result: JsonObject = clone((live ?? {}) as unknown as JsonObject);
  const dropped = [...(mine?.paths.values() ?? [])].filter((p) => !appliedKeys.has(pathKey(p)));
  for (const path of dropped.sort((a, b) => b.length - a.length)) {
    const base = pathKey(path[path.length - 1] === '.' ? path.slice(0, -1) : path);
    const sharedBySomeone = others.some((o) => [...o.paths.keys()].some((k) => k === base || k.startsWith(base + PATH_KEY_SEPARATOR)));
    if (!sharedBySomeone) removeAt(result, path);
  }
  result = mergeApplied(result, applied as unknown as JsonObject, fields);
  // The live object's identity and server-set metadata win over whatever the applier sent.
  if (live) result.metadata = { ...(result.metadata as JsonObject), ...pickServerMeta(live) };

  const entry = { manager, operation: 'Apply' as const, apiVersion, time, fieldsType: 'FieldsV1' as const, fieldsV1: {}, ...(subresource ? { subresource } : {}) };
  const updated: Ownership = { entry, paths: new Map(appliedPaths.map((p) => [pathKey(p), p])) };
  const ordered = mine ? owners.map((o) => (o === mine ? updated : o)) : [...owners, updated];
  return writeOwnership(result as unknown as KubeObject, ordered);
}

function pickServerMeta(live: KubeObject): JsonObject {
  const meta = (live.metadata ?? {}) as JsonObject;
  const keep = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
  return Object.fromEntries(keep.filter((k) => k in meta).map((k) => [k, meta[k]]));
}
