import { describe, expect, it } from 'vitest';
import { seededRandom } from '../controllers/framework/names';
import { deepFreeze, jsonClone, jsonCloneUnfrozen, jsonEqual, jsonSizeBound, jsonSizeBoundFreezing } from './json-value';

const exact = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe('jsonClone and jsonEqual', () => {
  it('copies deeply, leaving out undefined-valued keys as JSON does', () => {
    const v = { a: [1, { b: 'x', u: undefined }], c: null };
    const c = jsonClone(v);
    expect(c).toEqual({ a: [1, { b: 'x' }], c: null });
    expect(c.a[1]).not.toBe(v.a[1]);
  });

  it('treats objects with the same keys in another order, or with extra undefined keys, as equal', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1, c: undefined })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
});

describe('jsonSizeBound', () => {
  it('is never below the serialised UTF-8 size, for escapes and multi-byte text too', () => {
    const samples: unknown[] = [
      {}, [], 'plain', 'quote " and \\ and \n newline', '\u0001\u001f control', 'é ü ß', '日本語テキスト', '😀 emoji 👍',
      { num: -1.2345678901234567e-308, big: 1e21, ints: [0, -1, 123456789], bools: [true, false], nil: null },
      { skipped: undefined, arr: [undefined, 1] },
    ];
    const random = seededRandom(3);
    const chars = ['a', '"', '\\', '\n', 'é', '日', '😀', '\u0000'];
    for (let i = 0; i < 200; i++) {
      const s = Array.from({ length: Math.floor(random() * 20) }, () => chars[Math.floor(random() * chars.length)]).join('');
      samples.push({ [s]: s, list: [s, random() * 1e6, { deep: [s] }] });
    }
    for (const v of samples) expect(jsonSizeBound(v)).toBeGreaterThanOrEqual(exact(v));
  });

  it('stops counting once past the limit', () => {
    const big = { data: 'x'.repeat(1000), more: Array.from({ length: 1000 }, () => 'y'.repeat(100)) };
    expect(jsonSizeBound(big, 10_000)).toBeGreaterThan(10_000);
    expect(jsonSizeBound(big, 10_000)).toBeLessThan(jsonSizeBound(big));
  });

  it('gives up (Infinity) on values JSON.stringify serialises specially', () => {
    expect(jsonSizeBound({ when: new Date(0) })).toBe(Infinity);
    expect(jsonSizeBound({ n: BigInt(1) })).toBe(Infinity);
  });
});

describe('jsonSizeBoundFreezing', () => {
  it('gives the same bound as jsonSizeBound and leaves the value frozen all the way down', () => {
    const v = { a: [{ b: 'x' }, 2], c: { d: null } };
    const bound = jsonSizeBound(v);
    expect(jsonSizeBoundFreezing(v)).toBe(bound);
    expect(Object.isFrozen(v) && Object.isFrozen(v.a) && Object.isFrozen(v.a[0]) && Object.isFrozen(v.c)).toBe(true);
  });

  it('measures frozen parts it meets without needing to freeze them', () => {
    const shared = Object.freeze({ x: 'y' });
    const v = { shared, own: { z: 1 } };
    expect(jsonSizeBoundFreezing(v)).toBe(jsonSizeBound(v));
    expect(Object.isFrozen(v.own)).toBe(true);
  });

  it('leaves an object unfrozen when the limit stopped the walk inside it, so nothing frozen holds unfrozen parts', () => {
    const v = { small: { a: 1 }, big: { text: 'x'.repeat(100), rest: { more: 'y' } } };
    jsonSizeBoundFreezing(v, 150);
    expect(Object.isFrozen(v)).toBe(false);
    expect(Object.isFrozen(v.big)).toBe(false);
    expect(Object.isFrozen(v.big.rest)).toBe(false);
    expect(Object.isFrozen(v.small)).toBe(true);
  });
});

describe('jsonCloneUnfrozen', () => {
  it('copies what the caller made and shares the frozen parts it kept', () => {
    const stored = deepFreeze({ spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } });
    const write = { ...stored, metadata: { name: 'p', labels: { app: 'a' } } };
    const copy = jsonCloneUnfrozen(write);
    expect(copy).toEqual(write);
    expect(copy).not.toBe(write);
    expect(copy.metadata).not.toBe(write.metadata);
    expect(copy.metadata.labels).not.toBe(write.metadata.labels);
    expect(copy.spec).toBe(stored.spec);
    expect(copy.status).toBe(stored.status);
  });
});
