import { describe, expect, it } from 'vitest';
import { checkJsonBounds, checkYamlBounds, NestingTooDeepError, TextTooLargeError, TooManyAliasesError, TooManyYamlDocumentsError, TooManyYamlTokensError, valueDepth } from './bounds';

const limits = { maxBytes: 1024 * 1024, maxDepth: 4 };

/** The depth error a text gets under `limits` (depth 4), or undefined if it passes. */
function yamlRefusal(text: string, extra: Partial<typeof limits> & { maxAliases?: number; maxDocuments?: number; maxTokens?: number } = {}): Error | undefined {
  try {
    checkYamlBounds(text, { ...limits, ...extra });
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

describe('YAML bounds before composing', () => {
  it.each([
    ['four nested block mappings', 'a:\n  b:\n    c:\n      d: 1\n'],
    ['a sequence at its key\'s column (kubectl style) under three mappings', 'a:\n  b:\n    c:\n    - 1\n    - 2\n'],
    ['four nested flow sequences', 'a: [[[1]]]\n'],
    ['compact sequences in sequences', '- - - 1\n'],
    ['brackets inside quotes, comments and block scalars', `a: "[[[[[["\nb: '{{{{{'\n# [[[[[[\nc: |\n  [[[[[[\n  - - - - - -\n`],
    ['siblings that each go three deep', 'a:\n  b:\n    c: 1\n  d:\n    e: 1\nf:\n  g:\n    h: [1]\n'],
    ['CRLF line ends', 'a:\r\n  b:\r\n    c:\r\n      d: 1\r\n'],
    ['an explicit key', '? a\n: b\n'],
  ])('passes %s at depth 4', (_name, text) => {
    expect(yamlRefusal(text)).toBeUndefined();
  });

  it.each([
    ['five nested block mappings', 'a:\n  b:\n    c:\n      d:\n        e: 1\n', 5],
    ['a compact sequence under four mappings', 'a:\n  b:\n    c:\n      d:\n      - 1\n', 5],
    ['block depth 3 holding flow depth 2', 'a:\n  b:\n    c: [[1]]\n', 3],
    ['five dashes on one line', '- - - - - 1\n', 1],
    ['five flow mappings', '{a: {b: {c: {d: {e: 1}}}}}\n', 1],
  ])('refuses %s, naming line %i', (_name, text, line) => {
    const e = yamlRefusal(text);
    expect(e).toBeInstanceOf(NestingTooDeepError);
    expect(e!.message).toBe(`yaml: line ${line}: exceeded max depth of 4`);
  });

  it('names the document a deep part is in, counting documents as the parser does', () => {
    const e = yamlRefusal('---\na: 1\n---\n# comment only\n---\nb: [[[[[1]]]]]\n') as NestingTooDeepError;
    expect([e.document, e.line]).toEqual([3, 6]);
  });

  it('refuses too many aliases, documents and tokens, and too many bytes', () => {
    expect(yamlRefusal('a: &a 1\nb: [*a, *a, *a]\n', { maxAliases: 2 })).toBeInstanceOf(TooManyAliasesError);
    expect(yamlRefusal('a: 1\n---\nb: 1\n---\nc: 1\n', { maxDocuments: 2 })).toBeInstanceOf(TooManyYamlDocumentsError);
    expect(yamlRefusal(`a: [${'1,'.repeat(100)}]\n`, { maxTokens: 50 })).toBeInstanceOf(TooManyYamlTokensError);
    expect(yamlRefusal('a: 1\n'.repeat(10), { maxBytes: 20 })).toBeInstanceOf(TextTooLargeError);
  });
});

describe('JSON bounds before parsing', () => {
  it('counts brackets outside strings only, escaped quotes included', () => {
    expect(() => checkJsonBounds('{"a": "[[[[[[\\"[[[[", "b": [[[1]]]}', limits)).not.toThrow();
    expect(() => checkJsonBounds('{"a":\n[[[[1]]]]}', limits)).toThrow('json: line 2: exceeded max depth of 4');
  });
});

describe('depth of a decoded value', () => {
  it('measures without recursion and stops past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueDepth(deep, 100)).toBe(101);
    expect(valueDepth({ a: [1, { b: 2 }] }, 100)).toBe(3);
    expect(valueDepth('scalar', 100)).toBe(0);
  });
});
