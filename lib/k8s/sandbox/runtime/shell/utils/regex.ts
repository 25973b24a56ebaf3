/**
 * POSIX regular expressions (BRE for grep/sed/expr, ERE for grep -E, sed -E, awk) run by RE2
 * (the re2js port), never by V8's backtracking engine: a learner's pattern runs in the portal's
 * one thread, and `(a+)+b` over 40 characters would hold it for minutes. RE2 matches in time
 * linear in the input (times the compiled program's size, which is capped here), with POSIX's
 * leftmost-longest rule. Back-references (`\1` in a pattern) are not regular, so RE2 has none:
 * such a pattern is refused with a message, as a syntax error of the command (exit 2 for grep).
 */
import { RE2JS } from 're2js';

/**
 * Largest compiled program accepted. `(.*a){20}` compiles to about 100 instructions, a
 * thousand-way alternation of words to a few thousand; matching costs at most this many steps
 * per input character, so the cap bounds the work per character of any pattern.
 */
export const MAX_PROGRAM_SIZE = 20_000;
/** Longest pattern text accepted (before translation). */
export const MAX_PATTERN_LENGTH = 64 * 1024;
/**
 * Work allowed for one match: characters searched × program instructions. Linear time is not
 * yet short time: re2js's NFA costs a fraction of a microsecond per unit, so a hostile pattern
 * over a long line takes seconds (scripts/bench/regex-linear.ts; figures in
 * scripts/bench/RESULTS.md), all of it in the portal's one thread. At this limit one match
 * costs at most about 1.5 s and usually under 0.3 s; a pattern of 10 instructions still
 * searches lines of 400,000 characters, and a pattern without operators (searched by RE2's
 * literal prefix) any line.
 */
export const MAX_REGEX_WORK = 4_000_000;
/**
 * Memory one pattern's lazy DFA may hold (re2js's default is 8 MiB, as RE2's). Compiled
 * patterns are cached, and 64 patterns whose DFA blows up held 171 MB at the default; past
 * this budget the DFA clears its states and goes on, as RE2's does.
 */
export const DFA_MAX_MEMORY = 1024 * 1024;
const CACHE_SIZE = 64;

export class RegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    message = `bad regex '${pattern}'`,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

/** A pattern with `\1`..`\9`: matching it is not linear, so it is refused rather than run. */
export class BackReferenceError extends RegexSyntaxError {
  constructor(pattern: string) {
    super(pattern, 'back-references are not supported here');
    this.name = 'BackReferenceError';
  }
}

/** A match whose work (input length × program size) is over MAX_REGEX_WORK: refused, not run. */
export class RegexTooCostlyError extends RegexSyntaxError {
  constructor(pattern: string, size: number, length: number) {
    super(pattern, `regular expression too costly for this input (${size} instructions over ${length} characters; the limit is ${MAX_REGEX_WORK.toLocaleString('en')} steps): use a simpler pattern or shorter lines`);
    this.name = 'RegexTooCostlyError';
  }
}

/**
 * Matches one search (s///g, gsub, grep -o, awk's split) may make in one line or string: at
 * 2-5 µs a match, 100,000 is at most half a second of the portal's thread.
 */
export const MAX_MATCHES_PER_LINE = 100_000;

export class TooManyMatchesError extends RegexSyntaxError {
  constructor(pattern: string, length: number) {
    super(pattern, `regular expression matches too often in one line (more than ${MAX_MATCHES_PER_LINE.toLocaleString('en')} times in ${length} characters): use shorter lines`);
    this.name = 'TooManyMatchesError';
  }
}

export class RegexTooLargeError extends RegexSyntaxError {
  constructor(pattern: string, size: number) {
    super(pattern, `regular expression too large (${size > MAX_PATTERN_LENGTH ? `${size} characters` : `a program of ${size} instructions`}; the limit is ${MAX_PROGRAM_SIZE})`);
    this.name = 'RegexTooLargeError';
  }
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f',
};

/** Copies a bracket expression starting at i ('['); returns [RE2 source, index after ']']. */
function bracket(p: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  if (p[j] === ']') {
    out += '\\]';
    j++;
  }
  for (; j < p.length && p[j] !== ']'; j++) {
    const m = p[j] === '[' && p[j + 1] === ':' ? /^\[:([a-z]+):\]/.exec(p.slice(j, j + 12)) : null;
    if (m) {
      out += CLASSES[m[1]] ?? '';
      j += m[0].length - 1;
    } else if (p[j] === '\\') out += '\\\\';
    else if (p[j] === '[') out += '\\[';
    else out += p[j];
  }
  // An unclosed bracket is a syntax error in POSIX too; RE2 reports it as such.
  return [`${out}]`, j + 1];
}

const QUANTIFIER = /[*+?]$/;

/** Translates a POSIX BRE/ERE to RE2 syntax (which is Perl's, minus backtracking features). */
export function posixToRe2(pattern: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '[') {
      const [src, next] = bracket(pattern, i);
      out += src;
      i = next;
      continue;
    }
    if (c === '\\') {
      const n = pattern[i + 1] ?? '\\';
      i += 2;
      if (n === '<' || n === '>') out += '\\b';
      else if (!extended && '(){}|+?'.includes(n)) out += n;
      else if ('wWsSbBdD'.includes(n)) out += `\\${n}`;
      else if (/[1-9]/.test(n)) throw new BackReferenceError(pattern);
      else if (n === '0') out += '0';
      else if (/[a-zA-Z]/.test(n)) out += n;
      else if (n.charCodeAt(0) < 0x80) out += `\\${n}`;
      else out += n;
      continue;
    }
    i++;
    if (!extended && '(){}|+?'.includes(c)) out += `\\${c}`;
    else if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) out += '\\*';
    // POSIX accepts `a**` (and ERE `a+*`) as one repetition; RE2 calls that a nested repetition.
    else if (extended && '*+?'.includes(c) && QUANTIFIER.test(out) && !out.endsWith('\\' + out[out.length - 1])) out += '';
    else if (!extended && c === '*' && out.endsWith('*') && !out.endsWith('\\*')) out += '';
    else out += c;
  }
  return out;
}

/** One match: where it starts and ends (UTF-16 offsets) and its groups (0 is the whole match). */
export interface RegexMatch {
  index: number;
  end: number;
  groups: (string | undefined)[];
}

/** A compiled pattern with the operations the text utilities need, all linear in the input. */
export class PosixRegex {
  private readonly size: number;
  /** No operators at all: RE2 finds it by its literal prefix, whatever the input's length. */
  private readonly literal: boolean;

  private constructor(
    private readonly re: RE2JS,
    source: string,
    private readonly shown: string,
  ) {
    this.size = re.programSize();
    this.literal = !/[.[\]()*+?{}|^$\\]/.test(source.replace(/\\[^A-Za-z0-9]/g, ''));
  }

  /** Refuses a search whose work would pass MAX_REGEX_WORK, before it starts. */
  private charge(length: number): void {
    if (!this.literal && length * this.size > MAX_REGEX_WORK) throw new RegexTooCostlyError(this.shown, this.size, length);
  }

  /** Compiles RE2 syntax (already translated); throws RegexSyntaxError naming `shown`. */
  static fromSource(source: string, opts: { ignoreCase?: boolean; shown?: string } = {}): PosixRegex {
    const shown = opts.shown ?? source;
    if (source.length > MAX_PATTERN_LENGTH) throw new RegexTooLargeError(shown, source.length);
    const key = `${opts.ignoreCase ? 'i' : '-'}${source}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let re: RE2JS;
    try {
      re = RE2JS.compile(source, RE2JS.LONGEST_MATCH | (opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
    } catch {
      // RE2's own errors (and a RangeError from a pathological parse) all mean "bad pattern".
      throw new RegexSyntaxError(shown);
    }
    const size = re.programSize();
    if (size > MAX_PROGRAM_SIZE) throw new RegexTooLargeError(shown, size);
    limitDfaMemory(re);
    const compiled = new PosixRegex(re, source, shown);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
    return compiled;
  }

  /** True if the pattern matches anywhere in the text. */
  test(text: string): boolean {
    this.charge(text.length);
    return this.re.test(text);
  }

  /** The leftmost-longest match at or after `from`, or null. */
  exec(text: string, from = 0): RegexMatch | null {
    this.charge(text.length - from);
    // RE2's DFA answers "no match" far faster than the capturing NFA finds one.
    if (from === 0 && !this.re.test(text)) return null;
    const m = this.re.matcher(text);
    if (!m.find(from)) return null;
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
    return { index: m.start(), end: m.end(), groups };
  }

  /**
   * Successive non-overlapping matches; after an empty match the next search starts one further
   * on. One matcher serves them all; each match still costs 2-5 µs, so a line may have at most
   * MAX_MATCHES_PER_LINE (`gsub(/x/, "xx")` over 16 million x's held the thread for minutes).
   */
  *matches(text: string): Generator<RegexMatch> {
    this.charge(text.length);
    if (!this.re.test(text)) return;
    const m = this.re.matcher(text);
    let from = 0;
    let count = 0;
    while (from <= text.length) {
      if (!m.find(from)) return;
      if (++count > MAX_MATCHES_PER_LINE) throw new TooManyMatchesError(this.shown, text.length);
      const groups: (string | undefined)[] = [];
      for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
      const index = m.start();
      const end = m.end();
      yield { index, end, groups };
      from = end > index ? end : end + 1;
    }
  }

  /** Replaces the first match (or all), as String.prototype.replace does with a function. */
  replace(text: string, all: boolean, fn: (m: RegexMatch) => string): string {
    let out = '';
    let last = 0;
    for (const m of this.matches(text)) {
      out += text.slice(last, m.index) + fn(m);
      last = m.end;
      if (!all) break;
    }
    return out + text.slice(last);
  }

  /** Splits around the matches (empty matches do not split), as awk's field splitting does. */
  split(text: string): string[] {
    const parts: string[] = [];
    let last = 0;
    for (const m of this.matches(text)) {
      if (m.end === m.index) continue;
      parts.push(text.slice(last, m.index));
      last = m.end;
    }
    parts.push(text.slice(last));
    return parts;
  }
}

const cache = new Map<string, PosixRegex>();

/**
 * Gives a compiled pattern a DFA with DFA_MAX_MEMORY instead of re2js's default. re2js builds
 * its DFA lazily (`RE2.dfa` creates `lazyDFA` with a fixed budget) and has no option for it,
 * so this replaces the object before first use. re2js is pinned; regex.test.ts fails if this
 * stops applying after an upgrade.
 */
export function limitDfaMemory(re: RE2JS): boolean {
  const re2 = re.re2() as unknown as { lazyDFA: unknown; dfa: { constructor: unknown; maxMem?: number }; prog: unknown };
  const dfa = re2.dfa;
  if (typeof dfa?.constructor !== 'function' || dfa.maxMem === undefined || !('lazyDFA' in re2)) return false;
  const Dfa = dfa.constructor as new (prog: unknown, maxMem: number) => unknown;
  re2.lazyDFA = new Dfa(re2.prog, DFA_MAX_MEMORY);
  return (re2.dfa as { maxMem?: number }).maxMem === DFA_MAX_MEMORY;
}

export function compileRegex(pattern: string, opts: { extended?: boolean; ignoreCase?: boolean } = {}): PosixRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new RegexTooLargeError(pattern.slice(0, 40), pattern.length);
  return PosixRegex.fromSource(posixToRe2(pattern, opts.extended ?? false), { ignoreCase: opts.ignoreCase, shown: pattern });
}

/** The RE2 source of a literal string (grep -F). */
export function literalSource(text: string): string {
  return RE2JS.quote(text);
}
