import { describe, expect, it } from 'vitest';
import { BENCH_MIN_PX, benchWidthFor, storedBenchWidth } from './bench-width';

describe('the width of the bench beside the lesson', () => {
  it('follows the pointer: the bench is everything to its right', () => {
    expect(benchWidthFor(900, 1440)).toBe(540);
  });

  it('never gets narrower than the minimum nor leaves the lesson too little room', () => {
    expect(benchWidthFor(1400, 1440)).toBe(BENCH_MIN_PX);
    expect(benchWidthFor(10, 1440)).toBe(1440 - 240 - 420);
  });

  it('reads back only a sane stored width', () => {
    expect(storedBenchWidth('512')).toBe(512);
    expect(storedBenchWidth('12')).toBeUndefined();
    expect(storedBenchWidth('NaN')).toBeUndefined();
    expect(storedBenchWidth(null)).toBeUndefined();
  });
});
