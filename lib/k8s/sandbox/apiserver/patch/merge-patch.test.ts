import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch';

describe('applyMergePatch', () => {
  it.each([
    ['deletes a key set to null', { a: 1, b: 2 }, { b: null }, { a: 1 }],
    ['merges nested objects', { m: { a: 1, b: 2 } }, { m: { b: 3, c: 4 } }, { m: { a: 1, b: 3, c: 4 } }],
    ['replaces arrays whole', { l: [1, 2, 3] }, { l: [4] }, { l: [4] }],
    ['replaces an object with a scalar', { m: { a: 1 } }, { m: 'x' }, { m: 'x' }],
    ['replaces the whole document with a non-object patch', { a: 1 }, [1], [1]],
    ['builds objects for missing parents, without the nulls', {}, { a: { b: { c: 1, d: null } } }, { a: { b: { c: 1 } } }],
    ['leaves the document alone for an empty patch', { a: [{ b: 1 }] }, {}, { a: [{ b: 1 }] }],
  ])('%s', (_name, doc, patch, expected) => {
    expect(applyMergePatch(doc, patch)).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const doc = { m: { a: 1 } };
    applyMergePatch(doc, { m: { a: null } });
    expect(doc).toEqual({ m: { a: 1 } });
  });
});
