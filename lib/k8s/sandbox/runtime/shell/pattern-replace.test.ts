import { describe, expect, it } from 'vitest';
import { replacePattern, ReplacementTooLongError } from './pattern';

describe('replacePattern', () => {
  it('replaces a pattern without glob characters as plain text, first or all, with $ kept literally', () => {
    expect(replacePattern('xaxa', 'a', '$&', false)).toBe('x$&xa');
    expect(replacePattern('xaxa', 'a', '$&', true)).toBe('x$&x$&');
    expect(replacePattern('a.b.c', '.', '-', true)).toBe('a-b-c');
    expect(replacePattern('a*b', '\\*', '+', true)).toBe('a+b');
    expect(replacePattern('abc', 'z', 'y', true)).toBe('abc');
  });

  it('replaces glob matches, copying the text between them', () => {
    expect(replacePattern('abcabc', 'b?', 'X', true)).toBe('aXaX');
    expect(replacePattern('abcabc', 'b?', 'X', false)).toBe('aXabc');
  });

  it('refuses a result over maxLength before building it, for plain and glob patterns', () => {
    const x = 'a'.repeat(1000);
    expect(replacePattern(x, 'a', 'aa', true, 2000)).toHaveLength(2000);
    expect(() => replacePattern(x, 'a', 'aa', true, 1999)).toThrow(ReplacementTooLongError);
    expect(() => replacePattern(x, '?', 'aaa', true, 2500)).toThrow(ReplacementTooLongError);
    expect(replacePattern(`${x}b`, 'b', 'cc', true, 1002)).toBe(`${x}cc`);
  });
});
