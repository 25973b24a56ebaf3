import { describe, expect, it } from 'vitest';
import { getopt, UsageError } from './getopt';

describe('getopt', () => {
  it('reads clustered flags with an attached argument, as busybox wget -qO- does', () => {
    const o = getopt(['-qO-', 'http://web'], { short: 'qO:T:' });
    expect([o.values.get('q'), o.values.get('O'), o.operands]).toEqual(['', '-', ['http://web']]);
  });

  it('reads separate arguments, counted flags and long options', () => {
    const o = getopt(['-zvv', '-w', '3', '--spider', '--timeout=5', 'db', '5432'], { short: 'zvw:', long: { spider: 'spider', 'timeout:': 'T' } });
    expect([o.counts.get('v'), o.values.get('w'), o.values.has('spider'), o.values.get('T'), o.operands]).toEqual([2, '3', true, '5', ['db', '5432']]);
  });

  it('keeps every value of a repeated option and stops at --', () => {
    const o = getopt(['-H', 'a: 1', '-H', 'b: 2', '--', '-x'], { short: 'H:' });
    expect([o.all.get('H'), o.operands]).toEqual([['a: 1', 'b: 2'], ['-x']]);
  });

  it('rejects an unknown option', () => {
    expect(() => getopt(['-y'], { short: 'q' })).toThrow(UsageError);
  });
});
