import { describe, expect, it } from 'vitest';
import { computeHash, fnv32a, safeEncodeString } from './hash';

describe('template hashes', () => {
  it('FNV-32a matches the published test vectors', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('encodes with the vowel-free alphabet upstream uses', () => {
    expect(safeEncodeString('0123456789')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });

  it('is stable for equal templates in any key order and changes with collisionCount', () => {
    const a = computeHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    const b = computeHash({ spec: { containers: [{ image: 'nginx:1.27', name: 'c' }] }, metadata: { labels: { app: 'web' } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(computeHash({ x: 1 }, 1)).not.toBe(computeHash({ x: 1 }));
  });
});
