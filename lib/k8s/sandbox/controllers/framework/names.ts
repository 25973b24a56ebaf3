/**
 * Names the way upstream generates them: the storage layer's 5-character random suffix
 * (apiserver/pkg/storage/names) for generateName; controllers mostly rely on generateName
 * and the store's injected randomness, so this is for the few that name objects themselves.
 */
export const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const MAX_GENERATED_NAME_LENGTH = 63 - 5;

export function randomSuffix(random: () => number, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  return s;
}

/** generateName prefix as the controllers build it: `<owner>-`, cut to 58 characters. */
export function generateNamePrefix(owner: string): string {
  const prefix = `${owner}-`;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
}

/** A seeded generator (mulberry32) for deterministic tests and reproducible clusters. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
