/** RFC 7386 JSON Merge Patch: null deletes, objects merge recursively, everything else replaces. */
import { clone, isObject, type JsonObject } from './json-value';

export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(doc) ? clone(doc) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
