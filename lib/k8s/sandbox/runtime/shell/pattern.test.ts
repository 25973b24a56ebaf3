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
    ['[a-c]x', 'bx', true],
    ['[!a-c]x', 'bx', false],
    ['*.[ch]', 'main.c', true],
    ['[', '[', true],
    ['a**b', 'ab', true],
    ['*a*a*a*a*a*b', 'a'.repeat(5000), false],
  ])('%s matches %s: %s', (p, s, expected) => {
    expect(matchPattern(p, s)).toBe(expected);
  });

  it('removes shortest and longest prefixes and suffixes', () => {
    expect(removeAffix('a/b/c', '*/', '#')).toBe('b/c');
    expect(removeAffix('a/b/c', '*/', '##')).toBe('c');
    expect(removeAffix('x.tar.gz', '.*', '%')).toBe('x.tar');
    expect(removeAffix('x.tar.gz', '.*', '%%')).toBe('x');
  });

  it('removes affixes with stars and classes the way sh does', () => {
    expect(removeAffix('v1.2.3', 'v[0-9]', '#')).toBe('.2.3');
    expect(removeAffix('abcabc', '*b', '##')).toBe('c');
    expect(removeAffix('abcabc', 'b*', '%')).toBe('abca');
    expect(removeAffix('abcabc', 'b*', '%%')).toBe('a');
    expect(removeAffix('abc', 'x*', '#')).toBe('abc');
  });

  it('replaces the longest match at the leftmost position, and keeps text without a match', () => {
    expect(replacePattern('xaaby-aab', 'a*b', '_', true)).toBe('x_');
    expect(replacePattern('a.b.c', '.', '', true)).toBe('abc');
    expect(replacePattern('abc', 'x*', '_', true)).toBe('abc');
    expect(replacePattern('a'.repeat(3000), 'a*b', '_', true)).toBe('a'.repeat(3000));
  });

  it('replaces first or all matches', () => {
    expect(replacePattern('a-b-c', '-', '+', false)).toBe('a+b-c');
    expect(replacePattern('a-b-c', '-', '+', true)).toBe('a+b+c');
  });
});
