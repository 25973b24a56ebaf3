/**
 * Kubernetes strategic merge patch (apimachinery util/strategicpatch): maps merge like RFC
 * 7386, lists with a merge key merge element-wise, primitive merge lists merge as sets, and
 * the directives $patch, $retainKeys, $deleteFromPrimitiveList/<f>, $setElementOrder/<f>.
 */
import type { Gvk } from './gvk';
import { clone, isObject, jsonEqual, type JsonObject } from './json-value';
import { fieldsOf, rootFields, type FieldStrategy } from './merge-keys';
import { malformedPatch } from './status-errors';

const DELETE = Symbol('delete');

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (x !== null) out[k] = stripDirectives(x);
  }
  return out;
}

function mergeMap(original: unknown, patch: JsonObject, fields: Record<string, FieldStrategy>): unknown {
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return DELETE;
  if (directive !== undefined && directive !== 'merge') throw malformedPatch(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  let out: JsonObject = isObject(original) ? clone(original) : {};
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw malformedPatch(`invalid $retainKeys: ${JSON.stringify(retain)}`);
    // Fields not listed are cleared before merging: a new strategy or volume source wins alone.
    out = Object.fromEntries(Object.entries(out).filter(([k]) => retain.includes(k)));
  }
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (!Array.isArray(value)) throw malformedPatch(`invalid ${key}: must be a list`);
      orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (!Array.isArray(value)) throw malformedPatch(`invalid ${key}: must be a list`);
      if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !value.some((d) => jsonEqual(d, x)));
      continue;
    }
    const strategy = fields[key] ?? {};
    if (value === null) delete out[key];
    else if (Array.isArray(value) && strategy.mergeKey !== undefined) out[key] = mergeList(out[key], value, strategy);
    else if (isObject(value)) {
      const merged = mergeMap(out[key], value, fieldsOf(strategy.type));
      if (merged === DELETE) delete out[key];
      else out[key] = merged;
    } else out[key] = clone(value);
  }
  for (const [field, order] of orders) {
    if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], order, fields[field]?.mergeKey ?? '');
  }
  return out;
}

function identity(item: unknown, mergeKey: string): unknown {
  return mergeKey && isObject(item) ? item[mergeKey] : item;
}

function mergeList(original: unknown, patch: unknown[], strategy: FieldStrategy): unknown[] {
  const key = strategy.mergeKey ?? '';
  let out: unknown[] = Array.isArray(original) ? clone(original) : [];
  if (key === '') {
    for (const item of patch) if (!out.some((x) => jsonEqual(x, item))) out.push(clone(item));
    return out;
  }
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  for (const item of patch) {
    if (!isObject(item)) throw malformedPatch(`cannot merge a non-map element into a list merged by ${key}: ${JSON.stringify(item)}`);
    if (!(key in item)) throw malformedPatch(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((x) => isObject(x) && jsonEqual(x[key], item[key]));
    if (item.$patch === 'delete') {
      out = out.filter((x) => !(isObject(x) && jsonEqual(x[key], item[key])));
      continue;
    }
    const merged = mergeMap(at >= 0 ? out[at] : undefined, item, fieldsOf(strategy.type));
    if (at >= 0) out[at] = merged;
    else out.push(merged);
  }
  return out;
}

/** $setElementOrder: listed elements in the given order; unlisted (server-side) ones keep their place after. */
function reorder(list: unknown[], order: unknown[], mergeKey: string): unknown[] {
  const rank = (item: unknown): number => {
    const id = identity(item, mergeKey);
    const i = order.findIndex((o) => jsonEqual(identity(o, mergeKey), id));
    return i < 0 ? order.length : i;
  };
  return list.map((item, i) => ({ item, i, r: rank(item) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.item);
}

export function applyStrategicMergePatch(doc: unknown, patch: unknown, gvk: Gvk): unknown {
  if (!isObject(patch)) throw malformedPatch(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
  const out = mergeMap(doc, patch, rootFields(gvk));
  return out === DELETE ? {} : out;
}
