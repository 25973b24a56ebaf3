import { describe, expect, it } from 'vitest';
import { MAX_EXPANDED_INDEXES, firstPendingIndexes, formatIndexes, parseIndexes } from './indexes';

describe('completed indexes text', () => {
  it.each([
    [[], ''],
    [[0], '0'],
    [[0, 1], '0,1'],
    [[0, 1, 2], '0-2'],
    [[0, 1, 2, 4], '0-2,4'],
    [[1, 3, 4, 5, 7], '1,3-5,7'],
    [[5, 0, 2, 1, 2], '0-2,5'],
  ])('writes %j as %j', (indexes, text) => {
    expect(formatIndexes(indexes)).toBe(text);
  });

  it('reads intervals back, dropping indexes at or beyond completions and malformed parts', () => {
    expect(parseIndexes('0-2,4,x,9', 5)).toEqual([0, 1, 2, 4]);
    expect(parseIndexes(undefined, 3)).toEqual([]);
  });

  it('picks the lowest indexes that are neither done nor running', () => {
    expect(firstPendingIndexes(2, 5, new Set([0, 2]))).toEqual([1, 3]);
    expect(firstPendingIndexes(3, 2, new Set([0]))).toEqual([1]);
  });

  it('expands a hand-written list naming a billion indexes only up to its bound', () => {
    const read = parseIndexes('0-999999999', 1_000_000_000);
    expect(read).toHaveLength(MAX_EXPANDED_INDEXES);
    expect(read[read.length - 1]).toBe(MAX_EXPANDED_INDEXES - 1);
  });
});
