import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { BackReferenceError, compileRegex, DFA_MAX_MEMORY, limitDfaMemory, MAX_REGEX_WORK, posixToRe2, RegexSyntaxError, RegexTooCostlyError } from './regex';

describe('POSIX regular expressions on RE2', () => {
  it.each([
    ['a\\(b\\)*c', false, 'a(b)*c'],
    ['a(b)+c', true, 'a(b)+c'],
    ['x\\{2,3\\}', false, 'x{2,3}'],
    ['*a', false, '\\*a'],
    ['a**', false, 'a*'],
    ['a+*', true, 'a+'],
    ['[]a]', true, '[\\]a]'],
    ['[[:digit:]]', true, '[0-9]'],
    ['\\<w\\>', true, '\\bw\\b'],
  ])('translates %s (extended %s) to %s', (posix, extended, re2) => {
    expect(posixToRe2(posix, extended)).toBe(re2);
  });

  it('matches leftmost-longest, as POSIX says, not leftmost-first', () => {
    expect(compileRegex('a|ab', { extended: true }).exec('xab')?.groups[0]).toBe('ab');
  });

  it('gives groups, positions and undefined for a group that did not take part', () => {
    const m = compileRegex('(b)?c', { extended: true }).exec('xc');
    expect(m).toEqual({ index: 1, end: 2, groups: ['c', undefined] });
  });

  it('replaces all matches and steps over empty ones as String.replace does', () => {
    expect(compileRegex('x*', { extended: true }).replace('abc', true, () => '-')).toBe('-a-b-c-');
    expect(compileRegex('o', {}).replace('foo', false, () => '0')).toBe('f0o');
  });

  it('splits around non-empty matches', () => {
    expect(compileRegex('[,;]+', { extended: true }).split('a,;b;c')).toEqual(['a', 'b', 'c']);
  });

  it('refuses back-references with a message instead of running them', () => {
    expect(() => compileRegex('\\(a\\)\\1')).toThrow(BackReferenceError);
    expect(() => compileRegex('(a)\\1', { extended: true })).toThrow('back-references are not supported here');
  });

  it('reports a malformed pattern as a syntax error naming it', () => {
    expect(() => compileRegex('a(', { extended: true })).toThrow(RegexSyntaxError);
    expect(() => compileRegex('a(', { extended: true })).toThrow("bad regex 'a('");
  });

  it('refuses a pattern whose program is too large to run within budget', () => {
    expect(() => compileRegex('((a{0,999}){0,999}){0,999}', { extended: true })).toThrow(RegexSyntaxError);
  });

  it('answers (a+)+b over a long run of a without backtracking', () => {
    expect(compileRegex('(a+)+b', { extended: true }).test('a'.repeat(100_000))).toBe(false);
  });

  it('refuses, before running it, a match whose work would pass the budget, and still searches a literal in any line', () => {
    const line = 'a'.repeat(MAX_REGEX_WORK / 10);
    const costly = compileRegex('(.*a){20}', { extended: true });
    expect(() => costly.exec(line)).toThrow(RegexTooCostlyError);
    expect(() => costly.test(line)).toThrow(/too costly for this input \(\d+ instructions over 400000 characters/);
    expect(compileRegex('needle').test(`${line}needle`)).toBe(true);
    expect(compileRegex('a\\.b').exec(`${line}a.b`)?.index).toBe(line.length);
  });

  it('answers a match within the budget', () => {
    expect(compileRegex('(.*a){20}', { extended: true }).exec('a'.repeat(1000))?.end).toBe(1000);
  });

  it("caps each pattern's DFA memory (re2js has no option for it; this fails if an upgrade moves its internals)", () => {
    const re = RE2JS.compile('(a|b)*a(a|b){15}$');
    expect(limitDfaMemory(re)).toBe(true);
    expect((re.re2() as unknown as { dfa: { maxMem: number } }).dfa.maxMem).toBe(DFA_MAX_MEMORY);
    expect(re.test('b'.repeat(10000))).toBe(false);
    expect(re.test(`${'ab'.repeat(5000)}a${'b'.repeat(15)}`)).toBe(true);
  });
});
