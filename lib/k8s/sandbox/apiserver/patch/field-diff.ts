/**
 * The leaves a write changed: the leaf paths of `after` (as field-paths.ts leafPaths walks
 * it) that `before` lacks or holds with another value, found by walking both objects together
 * and skipping every part the write left equal. A status write over a large pod therefore
 * looks at the status it changed, not at every leaf of the object twice.
 *
 * Values are compared as the path-by-path reference compares them (patch/json-value.ts
 * jsonEqual, a list entry found by its first occurrence). Where after's changed part holds a
 * list entry key twice, or a key that does not survive a JSON round trip, the result is
 * undefined and the caller takes the reference route.
 */
import { IGNORED_META, type FieldPath } from './field-paths';
import { addPath } from './field-set';
import { isObject, jsonEqual, nonEmpty, type JsonObject } from './json-value';
import { fieldsOf, type FieldStrategy } from './merge-keys';

export interface ChangedLeaves {
  /** Changed leaf paths in leafPaths order. */
  paths: FieldPath[];
  /** The same paths as a FieldsV1 tree (normal form), for lookups while pruning owners. */
  tree: JsonObject;
}

const NO_STRATEGY: FieldStrategy = {};

/** A list-map key or set member whose JSON form reads back as itself. */
function roundTrips(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** The metadata fields a manager can own (IGNORED_META left out). */
function ownableMeta(meta: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(meta)) if (!IGNORED_META.has(k)) out[k] = meta[k];
  return out;
}

/** `k:{"<key>":<value>}`, the path element of a list-map entry. */
export function entryElement(mergeKey: string, item: JsonObject): string {
  return `k:${JSON.stringify({ [mergeKey]: item[mergeKey] })}`;
}

/** Whether the value under a field with this strategy is itself a leaf (not walked into). */
export function isLeafValue(value: unknown, strategy: FieldStrategy): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return strategy.mergeKey === undefined;
  return !isObject(value) || !nonEmpty(value);
}

class Diff {
  readonly paths: FieldPath[] = [];
  readonly tree: JsonObject = {};
  irregular = false;
  private readonly stack: string[] = [];

  private changed(el: string): void {
    this.stack.push(el);
    const path = this.stack.slice();
    this.stack.pop();
    this.paths.push(path);
    addPath(this.tree, path);
  }

  /** after's fields against before's (undefined: before has no leaves here). */
  object(before: JsonObject | undefined, after: JsonObject, fields: Record<string, FieldStrategy>, top: boolean, entryKey?: string): void {
    for (const key in after) {
      if (this.irregular) return;
      if (top && (key === 'apiVersion' || key === 'kind')) continue;
      if (key === entryKey) continue;
      const value = after[key];
      if (value === null || value === undefined) continue;
      const was = before?.[key];
      if (was === value) continue;
      const strategy = fields[key] ?? NO_STRATEGY;
      const here = `f:${key}`;
      if (top && key === 'metadata' && isObject(value)) {
        if (isObject(was) && jsonEqual(was, value)) continue;
        this.stack.push(here);
        this.object(isObject(was) ? ownableMeta(was) : undefined, ownableMeta(value), fieldsOf('ObjectMeta'), false);
        this.stack.pop();
      } else if (Array.isArray(value) && strategy.mergeKey !== undefined) {
        if (Array.isArray(was) && jsonEqual(was, value)) continue;
        this.stack.push(here);
        this.list(Array.isArray(was) ? was : undefined, value, strategy.mergeKey, strategy.type);
        this.stack.pop();
      } else if (isObject(value) && nonEmpty(value)) {
        if (isObject(was) && jsonEqual(was, value)) continue;
        this.stack.push(here);
        this.object(isObject(was) && nonEmpty(was) ? was : undefined, value, fieldsOf(strategy.type), false);
        this.stack.pop();
      } else if (!isLeafValue(was, strategy) || !jsonEqual(was, value)) {
        this.changed(here);
      }
    }
  }

  private list(before: unknown[] | undefined, items: unknown[], mergeKey: string, type: string | undefined): void {
    const seen = new Set<string>();
    if (mergeKey === '') {
      let had: Set<string> | undefined;
      for (const item of items) {
        if (!roundTrips(item)) {
          this.irregular = true;
          return;
        }
        const el = `v:${JSON.stringify(item)}`;
        if (seen.has(el)) {
          this.irregular = true;
          return;
        }
        seen.add(el);
        if (!had) {
          if (before && !before.every(roundTrips)) {
            this.irregular = true;
            return;
          }
          had = new Set((before ?? []).map((b) => `v:${JSON.stringify(b)}`));
        }
        if (!had.has(el)) this.changed(el);
      }
      return;
    }
    let firstByKey: Map<string, JsonObject> | undefined;
    for (const item of items) {
      if (!isObject(item)) continue;
      if (!roundTrips(item[mergeKey])) {
        this.irregular = true;
        return;
      }
      const entry = entryElement(mergeKey, item);
      if (seen.has(entry)) {
        this.irregular = true;
        return;
      }
      seen.add(entry);
      if (!firstByKey) {
        firstByKey = new Map();
        for (const b of before ?? []) {
          if (!isObject(b)) continue;
          // A key that does not read back as itself would be found differently by the reference.
          if (!roundTrips(b[mergeKey])) {
            this.irregular = true;
            return;
          }
          const k = entryElement(mergeKey, b);
          if (!firstByKey.has(k)) firstByKey.set(k, b);
        }
      }
      const was = firstByKey.get(entry);
      if (was !== undefined && (was === item || jsonEqual(was, item))) continue;
      // leafPaths order: the entry itself ('.'), its other fields, then its key field.
      this.stack.push(entry);
      this.changed('.');
      this.object(was, item, fieldsOf(type), false, mergeKey);
      if (was === undefined) this.changed(`f:${mergeKey}`);
      this.stack.pop();
      if (this.irregular) return;
    }
  }
}

/** Changed leaves of after (the written scope) against before; undefined when irregular. */
export function changedLeaves(before: JsonObject | undefined, after: JsonObject, fields: Record<string, FieldStrategy>): ChangedLeaves | undefined {
  const d = new Diff();
  d.object(before, after, fields, true);
  return d.irregular ? undefined : { paths: d.paths, tree: d.tree };
}
