/**
 * A manifest parsed and checked (parse.ts, check.ts), remembered for the last few texts.
 *
 * A class applies the same lesson YAML together: the instructor says "press Apply" and a
 * hundred learners send the same text within a second. Composing it with the yaml package and
 * validating it against the schemas cost each of them the same few milliseconds on the
 * portal's one thread (5% of the apply burst's CPU in a profile); what comes out depends on the
 * text alone, so it is computed once and shared. The shared documents are frozen: a caller
 * that wants to change an object copies it first (applyManifests does).
 */
import { checkDocument } from './check';
import { parseManifests, type ManifestProblem, type ParsedDocument } from './parse';

export interface CheckedDocument {
  doc: ParsedDocument;
  /** checkDocument(doc): its YAML problems, then the schema's. */
  problems: readonly ManifestProblem[];
}

/** Texts remembered; lesson manifests are a few KiB, so these hold little. */
export const CHECKED_CACHE_ENTRIES = 8;
/** Longer texts are parsed every time: a learner's own big file is rarely sent twice. */
export const CHECKED_CACHE_MAX_CHARS = 32 * 1024;

const cache = new Map<string, readonly CheckedDocument[]>();

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/**
 * Every document of text with its problems, in order. Throws as parseManifests does for text
 * too large or with too many documents (nothing is remembered then).
 */
export function checkedManifests(text: string): readonly CheckedDocument[] {
  const hit = cache.get(text);
  if (hit) {
    // Most recently used last: the Map's order is the eviction order.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const checked = parseManifests(text).map((doc) => {
    const problems = checkDocument(doc);
    if (doc.object) deepFreeze(doc.object);
    Object.freeze(doc.problems);
    return Object.freeze({ doc: Object.freeze(doc), problems: Object.freeze(problems) });
  });
  if (text.length <= CHECKED_CACHE_MAX_CHARS) {
    cache.set(text, checked);
    if (cache.size > CHECKED_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return checked;
}

/** Texts currently remembered (tests). */
export function checkedCacheSize(): number {
  return cache.size;
}
