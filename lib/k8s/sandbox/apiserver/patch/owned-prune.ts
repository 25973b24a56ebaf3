/**
 * What a write takes from an owner's FieldsV1 tree: every leaf in the written scope that is no
 * longer a leaf of the object (a removed field), and for managers other than the writer every
 * leaf the write changed. The owner's tree is walked together with the object, so no list of
 * the object's leaves is built; untouched subtrees are shared with the result.
 *
 * This is the path-by-path reference's rule (track-update-by-paths.ts) in a single walk. When
 * a list the walk enters holds an entry key or set member twice, the object's leaves there
 * are not one entry's, and the caller takes the reference route (Pruner.irregular).
 */
import { entryElement, isLeafValue } from './field-diff';
import { IGNORED_META } from './field-paths';
import { isObject, nonEmpty, type JsonObject } from './json-value';
import { fieldsOf, type FieldStrategy } from './merge-keys';

const NO_STRATEGY: FieldStrategy = {};

function isLeaf(node: JsonObject): boolean {
  for (const _ in node) return false;
  return true;
}

/**
 * tree with each child replaced by edit's answer (undefined drops it), keeping key order and
 * sharing the children edit kept; tree itself when edit kept them all.
 */
function mapChildren(tree: JsonObject, edit: (k: string, child: JsonObject) => JsonObject | undefined): JsonObject {
  let out: JsonObject | undefined;
  const keys = Object.keys(tree);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const child = tree[k] as JsonObject;
    const next = edit(k, child);
    if (next === child) {
      if (out) out[k] = child;
      continue;
    }
    if (!out) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = tree[keys[j]];
    }
    if (next !== undefined) out[k] = next;
  }
  return out ?? tree;
}

export class Pruner {
  irregular = false;

  /**
   * tree without what the write took; tree itself when nothing is taken. scopeObject is the
   * written scope of the new object (status alone for a status write, the rest otherwise),
   * changed the write's changed leaves as a tree (undefined for the writer's own entry).
   */
  prune(tree: JsonObject, scopeObject: JsonObject, fields: Record<string, FieldStrategy>, changed: JsonObject | undefined, statusWrite: boolean): JsonObject {
    return this.object(tree, scopeObject, fields, changed, { top: true, statusWrite });
  }

  private object(
    tree: JsonObject,
    obj: JsonObject | undefined,
    fields: Record<string, FieldStrategy>,
    changed: JsonObject | undefined,
    at: { top?: boolean; statusWrite?: boolean; meta?: boolean; entryKey?: string },
  ): JsonObject {
    return mapChildren(tree, (k, child) => {
      if (this.irregular) return child;
      // Out of the written scope: f:status for a main write, all but f:status for a status write.
      const inScope = !at.top || (k === 'f:status') === Boolean(at.statusWrite);
      return inScope ? this.field(k, child, obj, fields, changed?.[k] as JsonObject | undefined, at) : child;
    });
  }

  /** The owner's node k (child) as the write leaves it; undefined when all of it goes. */
  private field(
    k: string,
    child: JsonObject,
    obj: JsonObject | undefined,
    fields: Record<string, FieldStrategy>,
    changed: JsonObject | undefined,
    at: { top?: boolean; meta?: boolean; entryKey?: string },
  ): JsonObject | undefined {
    const leaf = isLeaf(child);
    const taken = changed !== undefined && isLeaf(changed);
    if (at.entryKey !== undefined && (k === '.' || k === `f:${at.entryKey}`)) {
      // A list entry's own leaves: present while the entry is.
      return leaf && !taken ? child : undefined;
    }
    if (!k.startsWith('f:')) return undefined;
    const name = k.slice(2);
    let value = obj?.[name];
    if ((at.top && (name === 'apiVersion' || name === 'kind')) || (at.meta && IGNORED_META.has(name))) value = undefined;
    const strategy = fields[name] ?? NO_STRATEGY;
    if (at.top && name === 'metadata' && isObject(value)) {
      return leaf ? undefined : this.unlessEmpty(this.object(child, value, fieldsOf('ObjectMeta'), changed, { meta: true }));
    }
    if (leaf) return isLeafValue(value, strategy) && !taken ? child : undefined;
    if (Array.isArray(value) && strategy.mergeKey !== undefined) return this.unlessEmpty(this.list(child, value, strategy.mergeKey, strategy.type, changed));
    if (isObject(value) && nonEmpty(value)) return this.unlessEmpty(this.object(child, value, fieldsOf(strategy.type), changed, {}));
    return undefined;
  }

  private list(tree: JsonObject, items: unknown[], mergeKey: string, type: string | undefined, changed: JsonObject | undefined): JsonObject {
    const byElement = new Map<string, JsonObject | true>();
    for (const item of items) {
      let el: string;
      if (mergeKey === '') el = `v:${JSON.stringify(item)}`;
      else if (isObject(item)) el = entryElement(mergeKey, item);
      else continue;
      if (byElement.has(el)) {
        this.irregular = true;
        return tree;
      }
      byElement.set(el, mergeKey === '' ? true : (item as JsonObject));
    }
    return mapChildren(tree, (k, child) => {
      if (this.irregular) return child;
      const found = byElement.get(k);
      const sub = changed?.[k] as JsonObject | undefined;
      if (found === undefined) return undefined;
      if (found === true) return isLeaf(child) && !(sub !== undefined && isLeaf(sub)) ? child : undefined;
      return isLeaf(child) ? undefined : this.unlessEmpty(this.object(child, found, fieldsOf(type), sub, { entryKey: mergeKey }));
    });
  }

  /** o, or undefined when the walk left it empty (its parent then goes too). */
  private unlessEmpty(o: JsonObject): JsonObject | undefined {
    return nonEmpty(o) ? o : undefined;
  }
}
