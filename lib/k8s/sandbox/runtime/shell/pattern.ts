/**
 * Shell pattern matching (POSIX 2.13): `*`, `?`, bracket expressions with `!`/`^` and
 * character classes. A backslash makes the next character literal; expansion escapes quoted
 * characters that way, so `"*.log"` matches only a file named `*.log`.
 */

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s',
  xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t',
};

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Translates a pattern to a regex source (no anchors). */
export function patternSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += escapeRegex(pattern[++i] ?? '\\');
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      let negate = false;
      if (body[0] === '!' || body[0] === '^') {
        negate = true;
        body = body.slice(1);
      }
      let cls = '';
      for (let j = 0; j < body.length; j++) {
        const m = /^\[:([a-z]+):\]/.exec(body.slice(j));
        if (m) {
          cls += CLASSES[m[1]] ?? '';
          j += m[0].length - 1;
        } else if (body[j] === '-' && j > 0 && j < body.length - 1) cls += '-';
        else if (body[j] === '\\') cls += escapeRegex(body[++j] ?? '\\');
        else cls += escapeRegex(body[j]);
      }
      out += `[${negate ? '^' : ''}${cls}]`;
      i = end;
    } else out += escapeRegex(c);
  }
  return out;
}

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

const cache = new Map<string, RegExp>();

/** Whole-string match of a shell pattern. */
export function matchPattern(pattern: string, text: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${patternSource(pattern)}$`);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(text);
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
 * ${x#p} ${x##p} ${x%p} ${x%%p}: the shortest or longest prefix or suffix matching p removed.
 */
export function removeAffix(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  if (op === '#' || op === '##') {
    const lengths = [...Array(value.length + 1).keys()];
    if (op === '##') lengths.reverse();
    for (const n of lengths) if (matchPattern(pattern, value.slice(0, n))) return value.slice(n);
    return value;
  }
  const starts = [...Array(value.length + 1).keys()];
  if (op === '%') starts.reverse();
  for (const s of starts) if (matchPattern(pattern, value.slice(s))) return value.slice(0, s);
  return value;
}

/** ${x/p/r} and ${x//p/r}: longest matches of p replaced, first or all. */
export function replacePattern(value: string, pattern: string, replacement: string, all: boolean): string {
  let out = '';
  let i = 0;
  while (i <= value.length) {
    let matched = -1;
    for (let end = value.length; end > i; end--) {
      if (matchPattern(pattern, value.slice(i, end))) {
        matched = end;
        break;
      }
    }
    if (matched > i) {
      out += replacement;
      i = matched;
      if (!all) return out + value.slice(i);
    } else {
      if (i < value.length) out += value[i];
      i++;
    }
  }
  return out;
}
