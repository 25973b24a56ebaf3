/**
 * Edits of a FieldsV1 tree in place of the path list it stands for. A tree in normal form
 * (every value an object, `{}` only at the leaves), which is what toFieldsV1 writes, is its
 * own canonical path list: toFieldsV1(fromFieldsV1(t)) is t, key order included. So appending
 * paths on the tree (or removing leaves, owned-prune.ts) gives exactly what parsing, editing
 * the list and rebuilding would, without touching the parts no path changed.
 */
import { isObject, nonEmpty, type JsonObject } from './json-value';
import { IGNORED_META, type FieldPath } from './field-paths';
import { fieldsOf, type FieldStrategy } from './merge-keys';

/**
 * Frozen trees already found normal. Stored ownership is frozen and shared between versions,
 * so each update would otherwise re-check every owner's whole tree.
 */
const normalFrozen = new WeakSet<object>();

/** True when tree is in toFieldsV1's normal form. */
export function isNormalFieldSet(tree: unknown): tree is JsonObject {
  if (!isObject(tree)) return false;
  // Whole trees are remembered, not their every node: a WeakSet entry is not free.
  if (normalFrozen.has(tree)) return true;
  if (!isNormalTree(tree)) return false;
  // Only a frozen tree can be remembered: anything else may still change.
  if (Object.isFrozen(tree)) normalFrozen.add(tree);
  return true;
}

function isNormalTree(tree: unknown): boolean {
  if (!isObject(tree)) return false;
  for (const k in tree) if (!isNormalTree(tree[k])) return false;
  return true;
}

/** Whether tree already holds path (addPath would add nothing). */
export function hasPath(tree: JsonObject, path: FieldPath): boolean {
  let node: unknown = tree;
  for (const el of path) {
    if (!isObject(node)) return false;
    node = node[el];
  }
  return isObject(node);
}

/** Adds path to tree (a tree this caller owns), as toFieldsV1 would when it comes last. */
export function addPath(tree: JsonObject, path: FieldPath): void {
  let node = tree;
  for (const el of path) {
    if (!isObject(node[el])) node[el] = {};
    node = node[el] as JsonObject;
  }
}

/** node[el] as toFieldsV1 reaches it: the object there, or a new one put there. */
function ensure(node: JsonObject, el: string): JsonObject {
  const existing = node[el];
  if (isObject(existing)) return existing;
  const child: JsonObject = {};
  node[el] = child;
  return child;
}

const NO_STRATEGY: FieldStrategy = {};

/**
 * Adds every leaf path of obj (walked as leafPaths walks it) to tree, in leafPaths order:
 * toFieldsV1(leafPaths(obj)) in one pass, without the path lists. Returns whether any was added.
 */
export function addLeaves(tree: JsonObject, obj: JsonObject, fields: Record<string, FieldStrategy>, top = true): boolean {
  let added = false;
  // for...in rather than Object.keys: the same order, without an array per object of every write.
  for (const key in obj) {
    if (top && (key === 'apiVersion' || key === 'kind')) continue;
    const value = obj[key];
    if (value === null || value === undefined) continue;
    const strategy = fields[key] ?? NO_STRATEGY;
    const el = `f:${key}`;
    // The node for this field is put in the tree only once a leaf is found under it.
    const existing = tree[el];
    const here: JsonObject = isObject(existing) ? existing : {};
    let below = false;
    if (top && key === 'metadata' && isObject(value)) {
      const meta: JsonObject = {};
      for (const k of Object.keys(value)) if (!IGNORED_META.has(k)) meta[k] = value[k];
      below = addLeaves(here, meta, fieldsOf('ObjectMeta'), false);
    } else if (Array.isArray(value) && strategy.mergeKey !== undefined) {
      const mergeKey = strategy.mergeKey;
      for (const item of value) {
        if (mergeKey === '') {
          ensure(here, `v:${JSON.stringify(item)}`);
          below = true;
        } else if (isObject(item)) {
          const entry = ensure(here, `k:${JSON.stringify({ [mergeKey]: item[mergeKey] })}`);
          ensure(entry, '.');
          const rest: JsonObject = {};
          for (const k of Object.keys(item)) if (k !== mergeKey) rest[k] = item[k];
          addLeaves(entry, rest, fieldsOf(strategy.type), false);
          ensure(entry, `f:${mergeKey}`);
          below = true;
        }
      }
    } else if (isObject(value) && nonEmpty(value)) {
      below = addLeaves(here, value, fieldsOf(strategy.type), false);
    } else below = true;
    if (below) {
      if (here !== existing) tree[el] = here;
      added = true;
    }
  }
  return added;
}
