/**
 * Shell pattern matching (POSIX 2.13): `*`, `?`, bracket expressions with `!`/`^` and
 * character classes. A backslash makes the next character literal; expansion escapes quoted
 * characters that way, so `"*.log"` matches only a file named `*.log`.
 *
 * Patterns are matched by simulating their automaton over the text (a set of positions in the
 * pattern, advanced one character at a time), never by a translated RegExp: V8's engine
 * backtracks, and `case $x in *a*a*a*a*a*b)` over a long word would hold the portal's one
 * thread. Every operation here costs O(text length × pattern length), the affix and
 * replacement forms included.
 */

/**
 * Work allowed for one pattern operation: (pattern tokens + 1) × characters of the word. The
 * automaton costs some nanoseconds per unit, a few times that under load
 * (scripts/bench/regex-linear.ts; figures in scripts/bench/RESULTS.md), so this is a fifth of a
 * second to about a second; real patterns over real words stay far below it (20 tokens over a
 * million-character word pass).
 */
export const MAX_GLOB_WORK = 25_000_000;

/** A pattern operation whose work would pass MAX_GLOB_WORK: refused before it runs. */
export class PatternTooCostlyError extends Error {
  constructor(
    readonly tokens: number,
    readonly length: number,
  ) {
    super(`pattern too costly for this word (${tokens} pattern characters over ${length} characters; the limit is ${MAX_GLOB_WORK.toLocaleString('en')} steps)`);
    this.name = 'PatternTooCostlyError';
  }
}

function charge(tokens: Token[], length: number, passes = 1): void {
  if ((tokens.length + 1) * length * passes > MAX_GLOB_WORK) throw new PatternTooCostlyError(tokens.length, length);
}

type CharTest = (c: string) => boolean;
type Token = { kind: 'star' } | { kind: 'one'; test: CharTest };

const CLASSES: Record<string, CharTest> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => c >= '0' && c <= '9',
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => c >= 'A' && c <= 'Z',
  lower: (c) => c >= 'a' && c <= 'z',
  space: (c) => /\s/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  print: (c) => c >= ' ' && c <= '~',
  graph: (c) => c > ' ' && c <= '~',
  cntrl: (c) => c < ' ' || c === '\x7f',
};

const ANY: CharTest = () => true;

function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    } else if (p[i] === ']') return i;
  }
  return -1;
}

/** The test of a bracket expression's body (between `[` and `]`). */
function bracketTest(body: string): CharTest {
  let negate = false;
  if (body[0] === '!' || body[0] === '^') {
    negate = true;
    body = body.slice(1);
  }
  const tests: CharTest[] = [];
  const chars = new Set<string>();
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '[' && body[j + 1] === ':') {
      const close = body.indexOf(':]', j + 2);
      if (close > 0) {
        tests.push(CLASSES[body.slice(j + 2, close)] ?? (() => false));
        j = close + 1;
        continue;
      }
    }
    let c = body[j];
    if (c === '\\' && j + 1 < body.length) c = body[++j];
    if (body[j + 1] === '-' && j + 2 < body.length) {
      let hi = body[j + 2];
      j += 2;
      if (hi === '\\' && j + 1 < body.length) hi = body[++j];
      const lo = c;
      tests.push((x) => x >= lo && x <= hi);
    } else chars.add(c);
  }
  const inSet = (x: string) => chars.has(x) || tests.some((t) => t(x));
  return negate ? (x) => !inSet(x) : inSet;
}

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const lit = pattern[++i] ?? '\\';
      out.push({ kind: 'one', test: (x) => x === lit });
    } else if (c === '*') {
      // `**` is one star: collapsing keeps the automaton as small as the pattern's meaning.
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'one', test: ANY });
    else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end < 0) out.push({ kind: 'one', test: (x) => x === '[' });
      else {
        out.push({ kind: 'one', test: bracketTest(pattern.slice(i + 1, end)) });
        i = end;
      }
    } else out.push({ kind: 'one', test: (x) => x === c });
  }
  return out;
}

const cache = new Map<string, Token[]>();

function tokensOf(pattern: string): Token[] {
  let t = cache.get(pattern);
  if (!t) {
    t = tokenize(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, t);
  }
  return t;
}

/**
 * The automaton of a token list: state k means "tokens before k are matched". A star state
 * both stays (consuming a character) and moves on without consuming.
 */
class GlobRun {
  private cur: Uint8Array;
  private next: Uint8Array;
  private readonly star: Uint8Array;
  private readonly m: number;
  private live = 0;

  constructor(private readonly tokens: Token[]) {
    this.m = tokens.length;
    this.cur = new Uint8Array(this.m + 1);
    this.next = new Uint8Array(this.m + 1);
    this.star = Uint8Array.from(tokens, (t) => (t.kind === 'star' ? 1 : 0));
  }

  /** Adds state k and what it reaches without consuming (the states after stars), into `set`. */
  private close(set: Uint8Array, k: number): number {
    let added = 0;
    for (; k <= this.m && !set[k]; k++) {
      set[k] = 1;
      added++;
      if (k === this.m || !this.star[k]) break;
    }
    return added;
  }

  add(k: number): void {
    this.live += this.close(this.cur, k);
  }

  get accepting(): boolean {
    return this.cur[this.m] === 1;
  }

  get alive(): boolean {
    return this.live > 0;
  }

  step(c: string): void {
    const { tokens, cur, next, star, m } = this;
    next.fill(0);
    let live = 0;
    for (let k = 0; k < m; k++) {
      if (!cur[k]) continue;
      if (star[k]) live += this.close(next, k);
      else if ((tokens[k] as { test: CharTest }).test(c)) live += this.close(next, k + 1);
    }
    this.cur = next;
    this.next = cur;
    this.live = live;
  }
}

/** Whole-string match of a shell pattern. */
export function matchPattern(pattern: string, text: string): boolean {
  const tokens = tokensOf(pattern);
  charge(tokens, text.length);
  const run = new GlobRun(tokens);
  run.add(0);
  for (let i = 0; i < text.length && run.alive; i++) run.step(text[i]);
  return run.accepting;
}

/** True if the pattern has an unescaped glob character. */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the backslash escapes of a pattern (a word that matched nothing is kept as typed). */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, '$1');
}

/**
 * Lengths k for which the k characters of `text` from `offset` on (read forwards, or the last k
 * read backwards with `fromEnd`) match the tokens: the first such length, or the last with
 * `longest`; -1 if none.
 */
function affixLength(tokens: Token[], text: string, fromEnd: boolean, longest: boolean, offset = 0): number {
  const run = new GlobRun(tokens);
  run.add(0);
  let found = run.accepting ? 0 : -1;
  if (found === 0 && !longest) return 0;
  const length = text.length - offset;
  for (let k = 1; k <= length && run.alive; k++) {
    run.step(fromEnd ? text[text.length - k] : text[offset + k - 1]);
    if (run.accepting) {
      found = k;
      if (!longest) return k;
    }
  }
  return found;
}

/** ${x#p} ${x##p} ${x%p} ${x%%p}: the shortest or longest prefix or suffix matching p removed. */
export function removeAffix(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const tokens = tokensOf(pattern);
  charge(tokens, value.length);
  if (op === '#' || op === '##') {
    const n = affixLength(tokens, value, false, op === '##');
    return n < 0 ? value : value.slice(n);
  }
  // A suffix read backwards matches the pattern read backwards (every token is one character or a star).
  const n = affixLength([...tokens].reverse(), value, true, op === '%%');
  return n < 0 ? value : value.slice(0, value.length - n);
}

/**
 * For each position i, whether some match of the tokens starts at i: the reversed pattern run
 * backwards over the text, restarted at every position (one pass).
 */
function matchStarts(tokens: Token[], text: string): Uint8Array {
  const reversed = [...tokens].reverse();
  const run = new GlobRun(reversed);
  const starts = new Uint8Array(text.length + 1);
  for (let i = text.length; i >= 0; i--) {
    run.add(0);
    if (run.accepting) starts[i] = 1;
    if (i > 0) run.step(text[i - 1]);
  }
  return starts;
}

/** ${x/p/r} and ${x//p/r}: longest matches of p replaced, first or all. */
/** A replacement whose result would pass the caller's maximum length: refused before it is built. */
export class ReplacementTooLongError extends RangeError {
  constructor(readonly maxLength: number) {
    super(`replacement result over ${maxLength} characters`);
    this.name = 'ReplacementTooLongError';
  }
}

export function replacePattern(value: string, pattern: string, replacement: string, all: boolean, maxLength = Infinity): string {
  // A pattern without glob characters is a plain string: indexOf finds it (`${x//a/aa}` over
  // 4 million characters took 6 s through the automaton, a position at a time).
  if (!hasGlob(pattern)) {
    const literal = unescapePattern(pattern);
    if (!literal) return value;
    const at = value.indexOf(literal);
    if (at < 0) return value;
    if (!all) return value.slice(0, at) + replacement + value.slice(at + literal.length);
    const growth = replacement.length - literal.length;
    if (growth > 0 && value.length + Math.ceil(value.length / literal.length) * growth > maxLength) {
      // Counts the matches, stopping as soon as the result could not fit.
      const room = Math.floor((maxLength - value.length) / growth);
      let n = 0;
      for (let i = at; i >= 0; i = value.indexOf(literal, i + literal.length)) if (++n > room) throw new ReplacementTooLongError(maxLength);
    }
    // split/join is the fastest native way here (replaceAll with a '$'-escaped or functional
    // replacement is 3-30 times slower over millions of matches).
    return value.split(literal).join(replacement);
  }
  const tokens = tokensOf(pattern);
  // One backward pass finds where matches start; the forward scans add up to about one more.
  charge(tokens, value.length, 2);
  // Only positions where some match starts are tried, so a scan that runs to the end of the
  // text (a pattern with a star) happens for a real match, which then covers the rest.
  const starts = matchStarts(tokens, value);
  // Text between matches is copied a slice at a time, not a character at a time.
  let out = '';
  let copied = 0;
  let i = 0;
  while (i <= value.length) {
    const n = starts[i] ? affixLength(tokens, value, false, true, i) : -1;
    if (n > 0) {
      out += value.slice(copied, i) + replacement;
      if (out.length > maxLength) throw new ReplacementTooLongError(maxLength);
      i += n;
      copied = i;
      if (!all) break;
    } else i++;
  }
  return out + value.slice(copied);
}
