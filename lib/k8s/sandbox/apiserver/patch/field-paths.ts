/**
 * Field sets in structured-merge-diff's FieldsV1 form. A path is a list of elements:
 * `f:<field>`, `k:{"name":"x"}` (list-map entry, keyed by the merge key), `v:<json>` (set
 * member) and `.` (the list entry itself). Lists without a merge key are atomic: owned whole.
 */
import { isObject, jsonEqual, type JsonObject } from './json-value';
import { fieldsOf, type FieldStrategy } from './merge-keys';

export type FieldPath = string[];

/** Metadata the server sets; appliers never own it (fieldmanager's stripMeta). */
/** Metadata the server sets; appliers never own it. */
export const IGNORED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

/** Separates path elements in a key; FieldsV1 elements never contain NUL. */
export const PATH_KEY_SEPARATOR = '\u0000';

/** A path as a Map/Set key (cheap: every write computes thousands of them). */
export function pathKey(p: FieldPath): string {
  return p.join(PATH_KEY_SEPARATOR);
}

/** Every leaf path of an object, walked with the type tree so list entries get their keys. */
export function leafPaths(obj: JsonObject, fields: Record<string, FieldStrategy>, top = true): FieldPath[] {
  const out: FieldPath[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (top && (key === 'apiVersion' || key === 'kind')) continue;
    if (value === null || value === undefined) continue;
    const strategy = fields[key] ?? {};
    const here = `f:${key}`;
    if (top && key === 'metadata' && isObject(value)) {
      const meta = Object.fromEntries(Object.entries(value).filter(([k]) => !IGNORED_META.has(k)));
      for (const p of leafPaths(meta, fieldsOf('ObjectMeta'), false)) out.push([here, ...p]);
      continue;
    }
    if (Array.isArray(value) && strategy.mergeKey !== undefined) {
      for (const item of value) {
        if (strategy.mergeKey === '') out.push([here, `v:${JSON.stringify(item)}`]);
        else if (isObject(item)) {
          const entry = `k:${JSON.stringify({ [strategy.mergeKey]: item[strategy.mergeKey] })}`;
          out.push([here, entry, '.']);
          const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== strategy.mergeKey));
          for (const p of leafPaths(rest, fieldsOf(strategy.type), false)) out.push([here, entry, ...p]);
          out.push([here, entry, `f:${strategy.mergeKey}`]);
        }
      }
    } else if (isObject(value) && Object.keys(value).length > 0) {
      for (const p of leafPaths(value, fieldsOf(strategy.type), false)) out.push([here, ...p]);
    } else out.push([here]);
  }
  return out;
}

export function toFieldsV1(paths: FieldPath[]): JsonObject {
  const root: JsonObject = {};
  for (const p of paths) {
    let node = root;
    for (const el of p) {
      if (!isObject(node[el])) node[el] = {};
      node = node[el] as JsonObject;
    }
  }
  return root;
}

export function fromFieldsV1(tree: unknown, prefix: FieldPath = []): FieldPath[] {
  if (!isObject(tree)) return [];
  const entries = Object.entries(tree);
  if (entries.length === 0) return prefix.length ? [prefix] : [];
  return entries.flatMap(([k, v]) => fromFieldsV1(v, [...prefix, k]));
}

function findEntry(list: unknown[], el: string): number {
  if (el.startsWith('k:')) {
    const key = JSON.parse(el.slice(2)) as JsonObject;
    return list.findIndex((x) => isObject(x) && Object.entries(key).every(([k, v]) => jsonEqual(x[k], v)));
  }
  const value: unknown = JSON.parse(el.slice(2));
  return list.findIndex((x) => jsonEqual(x, value));
}

export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const el of path) {
    if (el === '.') continue;
    if (el.startsWith('f:')) cur = isObject(cur) ? cur[el.slice(2)] : undefined;
    else if (Array.isArray(cur)) {
      const i = findEntry(cur, el);
      cur = i < 0 ? undefined : cur[i];
    } else return undefined;
  }
  return cur;
}

export function removeAt(obj: unknown, path: FieldPath): void {
  const target = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const parent = valueAt(obj, target.slice(0, -1));
  const last = target[target.length - 1];
  if (last.startsWith('f:') && isObject(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const i = findEntry(parent, last);
    if (i >= 0) parent.splice(i, 1);
  }
}

/** `.spec.template.spec.containers[name="nginx"].image`, as the API server prints conflicts. */
export function describePath(path: FieldPath): string {
  let out = '';
  for (const el of path) {
    if (el === '.') continue;
    if (el.startsWith('f:')) out += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) {
      const key = JSON.parse(el.slice(2)) as JsonObject;
      out += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else out += `[${el.slice(2)}]`;
  }
  return out;
}
