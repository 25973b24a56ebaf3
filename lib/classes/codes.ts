/**
 * Short codes people read aloud or copy from a slide: an alphabet without look-alikes (no 0/O,
 * 1/I/L, 5/S, 2/Z, 8/B, U/V), drawn with crypto randomness. A join code is 6 characters (about
 * 2^29: guessing is bounded by the per-address limit, not by size); a recovery code is 12
 * (about 2^58), since it hands over a learner's progress and cluster.
 */
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const JOIN_CODE_LENGTH = 6;
export const RECOVERY_CODE_LENGTH = 12;

export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/**
 * What a person typed, as a code: upper case, spaces and dashes dropped; undefined when it
 * cannot be a code of `length` (so a refusal never reaches the database).
 */
export function normaliseCode(input: unknown, length: number): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== length) return undefined;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return undefined;
  return code;
}

/** A recovery code as shown: three groups of four. */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}
