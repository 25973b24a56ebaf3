import { describe, expect, it } from 'vitest';
import { matchPattern, removeAffix, replacePattern } from './pattern';

describe('shell patterns', () => {
  it.each([
    ['*.log', 'app.log', true],
    ['*.log', 'app.txt', false],
    ['?at', 'cat', true],
    ['[abc]*', 'bob', true],
    ['[!abc]*', 'bob', false],
    ['[[:digit:]]x', '7x', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a|b', 'a|b', true],
  ])('%s matches %s: %s', (p, s, expected) => {
    expect(matchPattern(p, s)).toBe(expected);
  });

  it('removes shortest and longest prefixes and suffixes', () => {
    expect(removeAffix('a/b/c', '*/', '#')).toBe('b/c');
    expect(removeAffix('a/b/c', '*/', '##')).toBe('c');
    expect(removeAffix('x.tar.gz', '.*', '%')).toBe('x.tar');
    expect(removeAffix('x.tar.gz', '.*', '%%')).toBe('x');
  });

  it('replaces first or all matches', () => {
    expect(replacePattern('a-b-c', '-', '+', false)).toBe('a+b-c');
    expect(replacePattern('a-b-c', '-', '+', true)).toBe('a+b+c');
  });
});
