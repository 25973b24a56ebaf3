/**
 * Deep copy and equality of JSON values: what the store means by "a copy" and "no change".
 * Stored objects are plain JSON (the API's wire form), so these skip everything
 * structuredClone and generic deep-equal libraries handle (cycles, Dates, Maps) and are
 * several times faster; they run on every read and write.
 */

/** Deep copy of a JSON value; object keys whose value is undefined are left out, as JSON would. */
export function jsonClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = jsonClone(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = jsonClone(x);
  }
  return out as T;
}

/** Structural equality of JSON values, ignoring object key order and undefined-valued keys. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    count++;
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) count--;
  return count === 0;
}

/**
 * An upper bound of Buffer.byteLength(JSON.stringify(v)), found without serialising: each
 * string counts 6 bytes a character (a \uXXXX escape; UTF-8 never needs more), each number
 * 32. Stops early once past `limit`; Infinity for anything JSON.stringify would treat
 * specially (toJSON, BigInt), so the caller falls back to the exact size.
 */
export function jsonSizeBound(v: unknown, limit = Infinity): number {
  let total = 0;
  const walk = (x: unknown): void => {
    if (total > limit) return;
    switch (typeof x) {
      case 'string':
        total += 2 + 6 * x.length;
        return;
      case 'number':
        total += 32;
        return;
      case 'boolean':
        total += 5;
        return;
      case 'object': {
        if (x === null) {
          total += 4;
          return;
        }
        if (typeof (x as { toJSON?: unknown }).toJSON === 'function') {
          total = Infinity;
          return;
        }
        total += 2;
        if (Array.isArray(x)) {
          for (let i = 0; i < x.length; i++) {
            total += 1;
            walk(x[i]);
          }
          return;
        }
        for (const k in x as Record<string, unknown>) {
          total += 4 + 6 * k.length;
          walk((x as Record<string, unknown>)[k]);
        }
        return;
      }
      case 'undefined':
      case 'function':
      case 'symbol':
        // Left out of objects, null in arrays: 4 bytes covers both.
        total += 4;
        return;
      default:
        total = Infinity;
    }
  };
  walk(v);
  return total;
}

/** Freezes v and everything in it (in place); returns v. */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) deepFreeze(v[i]);
  else for (const k in v as Record<string, unknown>) deepFreeze((v as Record<string, unknown>)[k]);
  return Object.freeze(v);
}
