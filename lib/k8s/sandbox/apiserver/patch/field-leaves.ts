/**
 * The leaf paths of an object (as field-paths.ts leafPaths walks them) together with their
 * keys and the values found there, in one walk without the per-level array copies. Values let
 * an update compare before and after leaf by leaf instead of looking each path up again.
 *
 * A lookup by path (valueAt) finds the first list entry with a given key; a leaf's own value
 * is the same thing only when every entry's key is unique and survives a JSON round trip. When
 * that does not hold the walk reports the object irregular and the caller takes the path-by-
 * path route.
 */
import { isObject, type JsonObject } from './json-value';
import { fieldsOf, type FieldStrategy } from './merge-keys';
import { PATH_KEY_SEPARATOR, type FieldPath } from './field-paths';

/** Metadata the server sets; appliers never own it (as in field-paths.ts). */
const IGNORED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

export interface FieldLeaves {
  /** Leaf paths in leafPaths order. */
  paths: FieldPath[];
  /** pathKey of each path, same order. */
  keys: string[];
  /** pathKey(path) → the value at the path, for each leaf. */
  values: Map<string, unknown>;
}

/** A list-map key or set member whose JSON form reads back as itself. */
function roundTrips(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

class Walk {
  readonly paths: FieldPath[] = [];
  readonly keys: string[] = [];
  readonly values = new Map<string, unknown>();
  irregular = false;
  private readonly stack: string[] = [];

  leaf(el: string, value: unknown): void {
    this.stack.push(el);
    const key = this.stack.join(PATH_KEY_SEPARATOR);
    if (this.values.has(key)) this.irregular = true;
    else {
      this.values.set(key, value);
      this.paths.push(this.stack.slice());
      this.keys.push(key);
    }
    this.stack.pop();
  }

  object(obj: JsonObject, fields: Record<string, FieldStrategy>, top: boolean): void {
    for (const key of Object.keys(obj)) {
      if (this.irregular) return;
      if (top && (key === 'apiVersion' || key === 'kind')) continue;
      const value = obj[key];
      if (value === null || value === undefined) continue;
      const strategy = fields[key] ?? {};
      const here = `f:${key}`;
      if (top && key === 'metadata' && isObject(value)) {
        const meta: JsonObject = {};
        for (const k of Object.keys(value)) if (!IGNORED_META.has(k)) meta[k] = value[k];
        this.stack.push(here);
        this.object(meta, fieldsOf('ObjectMeta'), false);
        this.stack.pop();
        continue;
      }
      if (Array.isArray(value) && strategy.mergeKey !== undefined) {
        this.list(here, value, strategy.mergeKey, strategy.type);
      } else if (isObject(value) && Object.keys(value).length > 0) {
        this.stack.push(here);
        this.object(value, fieldsOf(strategy.type), false);
        this.stack.pop();
      } else this.leaf(here, value);
    }
  }

  private list(here: string, items: unknown[], mergeKey: string, type: string | undefined): void {
    this.stack.push(here);
    for (const item of items) {
      if (mergeKey === '') {
        if (!roundTrips(item)) this.irregular = true;
        else this.leaf(`v:${JSON.stringify(item)}`, item);
      } else if (isObject(item)) {
        if (!roundTrips(item[mergeKey])) this.irregular = true;
        if (this.irregular) break;
        // leafPaths order: the entry itself ('.'), its other fields, then its key field.
        const entry = `k:${JSON.stringify({ [mergeKey]: item[mergeKey] })}`;
        this.stack.push(entry);
        this.leaf('.', item);
        const rest: JsonObject = {};
        for (const k of Object.keys(item)) if (k !== mergeKey) rest[k] = item[k];
        this.object(rest, fieldsOf(type), false);
        this.leaf(`f:${mergeKey}`, item[mergeKey]);
        this.stack.pop();
      }
      if (this.irregular) break;
    }
    this.stack.pop();
  }
}

/** Leaves of obj (the written scope of an object), or undefined when it is irregular. */
export function fieldLeaves(obj: JsonObject, fields: Record<string, FieldStrategy>): FieldLeaves | undefined {
  const w = new Walk();
  w.object(obj, fields, true);
  return w.irregular ? undefined : { paths: w.paths, keys: w.keys, values: w.values };
}
