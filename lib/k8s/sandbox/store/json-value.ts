/**
 * Deep copy and equality of JSON values: what the store means by "a copy" and "no change".
 * Stored objects are plain JSON (the API's wire form), so these skip everything
 * structuredClone and generic deep-equal libraries handle (cycles, Dates, Maps) and are
 * several times faster; they run on every read and write.
 */

/** Deep copy of a JSON value; object keys whose value is undefined are left out, as JSON would. */
export function jsonClone<T>(v: T): T {
  return copyJson(v, false);
}

/**
 * jsonClone that shares what is frozen instead of copying it: a frozen part (the store's, deep
 * frozen) can never change, so a write built beside a stored object copies only what the
 * writer made. Whoever changes the result must not reach into its frozen parts.
 */
export function jsonCloneUnfrozen<T>(v: T): T {
  return copyJson(v, true);
}

function copyJson<T>(v: T, shareFrozen: boolean): T {
  if (v === null || typeof v !== 'object' || (shareFrozen && Object.isFrozen(v))) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyJson(v[i], shareFrozen);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = copyJson(x, shareFrozen);
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
 * specially (a toJSON of a non-plain object such as a Date, BigInt), so the caller falls back
 * to the exact size. (A plain object's own toJSON function is not looked for: JSON cannot
 * carry a function, and the store's objects are JSON.)
 */
export function jsonSizeBound(v: unknown, limit = Infinity): number {
  return measuring.start(limit, false).size(v);
}

/**
 * jsonSizeBound that also freezes what it measured (deepFreeze), so a write that checks an
 * object's size and then stores it walks the object once. Parts already frozen are measured
 * as they are. An object is frozen only after everything in it, so stopping at the limit
 * leaves it unfrozen for deepFreeze to finish.
 */
export function jsonSizeBoundFreezing(v: unknown, limit = Infinity, tally?: FreshBytes): number {
  return measuring.start(limit, true, tally).size(v);
}

/**
 * What a freezing walk found new: the approximate JSON bytes (a string's length + 2, a number
 * 8) of the parts that were not frozen yet. Frozen parts are shared with stored versions, so
 * only the unfrozen ones are memory this write adds (the store's watch-history budget).
 */
export interface FreshBytes {
  bytes: number;
  /** The same measure over everything walked, frozen or not: the whole version's approximate size. */
  total?: number;
}

/** Approximate JSON bytes of a value (FreshBytes' measure), for parts measured without a walk that freezes. */
export function approxJsonBytes(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return v.length + 2;
    case 'number':
      return 8;
    case 'boolean':
      return 5;
    case 'object': {
      if (v === null) return 4;
      let n = 2;
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) n += 1 + approxJsonBytes(v[i]);
      else for (const k in v as Record<string, unknown>) n += k.length + 3 + approxJsonBytes((v as Record<string, unknown>)[k]);
      return n;
    }
    default:
      return 4;
  }
}

/** A character JSON escapes (controls, quote, backslash) or that UTF-8 encodes in more than one byte. */
const NEEDS_ESCAPE_OR_MULTIBYTE = /[\u0000-\u001f"\\\u007f-\uffff]/;

/** One walker, reset for each call: a write measures several parts, and the walk never re-enters. */
class SizeWalk {
  total = 0;
  private limit = Infinity;
  private freeze = false;
  private tally: FreshBytes | undefined;

  start(limit: number, freeze: boolean, tally?: FreshBytes): this {
    this.total = 0;
    this.limit = limit;
    this.freeze = freeze;
    this.tally = tally;
    return this;
  }

  size(v: unknown): number {
    this.walk(v, this.freeze);
    return this.total;
  }

  /** Approximate bytes: to the whole version's total, and to fresh when the part is new (fresh given). */
  private count(fresh: FreshBytes | undefined, n: number): void {
    if (fresh) fresh.bytes += n;
    if (this.tally && this.tally.total !== undefined) this.tally.total += n;
  }

  /** `freeze` is also "not inside a frozen part": what is tallied as fresh. */
  private walk(x: unknown, freeze: boolean): void {
    if (this.total > this.limit) return;
    const tally = freeze ? this.tally : undefined;
    switch (typeof x) {
      case 'string':
        // A long string with nothing JSON escapes and nothing past ASCII is exactly its length
        // (+2 quotes): one regex scan is several times cheaper than the caller's exact fallback
        // (serialising a 1.5 MiB object).
        this.total += x.length > 1024 && !NEEDS_ESCAPE_OR_MULTIBYTE.test(x) ? 2 + x.length : 2 + 6 * x.length;
        this.count(tally, x.length + 2);
        return;
      case 'number':
        this.total += 32;
        this.count(tally, 8);
        return;
      case 'boolean':
        this.total += 5;
        this.count(tally, 5);
        return;
      case 'object': {
        if (x === null) {
          this.total += 4;
          this.count(tally, 4);
          return;
        }
        // Only objects that are not plain (a Date, a class instance) can bring a toJSON: looking
        // the name up on every plain object missed along the whole prototype chain each time.
        const proto = Object.getPrototypeOf(x) as unknown;
        if (proto !== Object.prototype && proto !== Array.prototype && proto !== null && typeof (x as { toJSON?: unknown }).toJSON === 'function') {
          this.total = Infinity;
          return;
        }
        const freezeHere = freeze && !Object.isFrozen(x);
        const fresh = freezeHere ? this.tally : undefined;
        this.total += 2;
        this.count(fresh, 2);
        if (Array.isArray(x)) {
          for (let i = 0; i < x.length; i++) {
            this.total += 1;
            this.count(fresh, 1);
            this.walk(x[i], freezeHere);
          }
        } else {
          for (const k in x as Record<string, unknown>) {
            this.total += 4 + 6 * k.length;
            this.count(fresh, k.length + 3);
            this.walk((x as Record<string, unknown>)[k], freezeHere);
          }
        }
        if (freezeHere && this.total <= this.limit) Object.freeze(x);
        return;
      }
      case 'undefined':
      case 'function':
      case 'symbol':
        // Left out of objects, null in arrays: 4 bytes covers both.
        this.total += 4;
        this.count(tally, 4);
        return;
      default:
        this.total = Infinity;
    }
  }
}

const measuring = new SizeWalk();

/** Freezes v and everything in it (in place); returns v. */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) deepFreeze(v[i]);
  else for (const k in v as Record<string, unknown>) deepFreeze((v as Record<string, unknown>)[k]);
  return Object.freeze(v);
}
