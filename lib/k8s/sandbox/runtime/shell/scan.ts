/**
 * What the hand-written tokenizers of the shell's arithmetic (arith.ts) and of awk
 * (utils/awk-tokenizer.ts) share: a pattern, a name or the longest operator at a position.
 * Patterns are sticky (`y`), so a match is tried at the position without copying the rest of
 * the source (a slice per token made tokenizing quadratic in the program's length).
 */

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The text `sticky` (a RegExp with the y flag) matches at i, or undefined. */
export function patternAt(sticky: RegExp, src: string, i: number): RegExpExecArray | undefined {
  sticky.lastIndex = i;
  return sticky.exec(src) ?? undefined;
}

/**
 * The name (`[A-Za-z_][A-Za-z0-9_]*`) at i or, failing that, the first of ops (listed longest
 * first) that src has there: the last two kinds of token both tokenizers try. Undefined when
 * neither is there (a syntax error, in the caller's words).
 */
export function nameOrOperatorAt(src: string, i: number, ops: readonly string[]): { t: 'name'; v: string } | { t: 'op'; v: string } | undefined {
  const name = patternAt(NAME, src, i)?.[0];
  if (name) return { t: 'name', v: name };
  const op = ops.find((o) => src.startsWith(o, i));
  return op ? { t: 'op', v: op } : undefined;
}
