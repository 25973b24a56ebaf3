/**
 * Template hashes for pod-template-hash and controller-revision-hash labels. Upstream hashes
 * the Go struct with FNV-32a (controller_utils.go ComputeHash, history.HashControllerRevision)
 * and encodes the decimal number with rand.SafeEncodeString, which maps each character onto
 * an alphabet without vowels. We hash the canonical JSON instead of Go's struct dump, so the
 * values differ from a real cluster's but have the same shape, length and stability.
 */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte of s picks alphabet[byte % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted, so equal templates hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val);
}

/** The hash of a template (plus collisionCount, as ComputeHash adds it). */
export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  if (collisionCount !== undefined && collisionCount !== null) text += `#${collisionCount}`;
  return safeEncodeString(String(fnv32a(text)));
}
