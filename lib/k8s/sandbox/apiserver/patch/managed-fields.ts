/** metadata.managedFields entries: one per manager + operation + apiVersion + subresource. */
import type { KubeObject, ManagedFieldsEntry } from '../../types';
import type { Gvk } from './gvk';
import { isObject } from './json-value';
import { fromFieldsV1, pathKey, toFieldsV1, type FieldPath } from './field-paths';

export type ManagedEntry = ManagedFieldsEntry;

export interface Ownership {
  entry: ManagedEntry;
  paths: Map<string, FieldPath>;
}

export function apiVersionOf(gvk: Gvk): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

export function readOwnership(obj: KubeObject | undefined): Ownership[] {
  const raw = (obj?.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((e) => {
    const entry = { ...e, fieldsType: 'FieldsV1', fieldsV1: isObject(e.fieldsV1) ? e.fieldsV1 : {} } as ManagedEntry;
    return { entry, paths: new Map(fromFieldsV1(entry.fieldsV1).map((p) => [pathKey(p), p])) };
  });
}

export function sameSlot(e: ManagedEntry, manager: string, operation: string, apiVersion: string, subresource: string | undefined): boolean {
  return e.manager === manager && e.operation === operation && e.apiVersion === apiVersion && (e.subresource ?? '') === (subresource ?? '');
}

/** Writes the entries back; managers left owning nothing are dropped, and fieldsV1 is always filled (kubectl panics otherwise). */
export function writeOwnership(obj: KubeObject, owners: Ownership[]): KubeObject {
  const managedFields = owners
    .filter((o) => o.paths.size > 0)
    .map((o) => ({ ...o.entry, fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1([...o.paths.values()]) }));
  return { ...obj, metadata: { ...obj.metadata, managedFields } } as KubeObject;
}

/** Status is its own subresource: the main resource's writers do not own it, and vice versa. */
export function inScope(path: FieldPath, subresource: string | undefined): boolean {
  return subresource === 'status' ? path[0] === 'f:status' : path[0] !== 'f:status';
}
