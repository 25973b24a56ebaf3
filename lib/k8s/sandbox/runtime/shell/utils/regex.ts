/**
 * POSIX regular expressions (BRE for grep/sed/expr, ERE for grep -E, sed -E, awk) translated
 * to JavaScript RegExp source.
 */

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f',
};

export class RegexSyntaxError extends Error {
  constructor(pattern: string) {
    super(`bad regex '${pattern}'`);
    this.name = 'RegexSyntaxError';
  }
}

/** Copies a bracket expression starting at i ('['); returns [source, index after ']']. */
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
    const m = /^\[:([a-z]+):\]/.exec(p.slice(j));
    if (m) {
      out += CLASSES[m[1]] ?? '';
      j += m[0].length - 1;
    } else if (p[j] === '\\') out += '\\\\';
    else if (p[j] === '[') out += '\\[';
    else out += p[j];
  }
  return [`${out}]`, j + 1];
}

export function posixToJs(pattern: string, extended: boolean): string {
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
      else if (/[0-9]/.test(n)) out += `\\${n}`;
      else out += /[a-zA-Z]/.test(n) ? n : `\\${n}`;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) out += `\\${c}`;
    else if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || (out === '^'))) out += '\\*';
    else if (c === '/') out += '\\/';
    else out += c;
    i++;
  }
  return out;
}

export function compileRegex(pattern: string, opts: { extended?: boolean; ignoreCase?: boolean; global?: boolean } = {}): RegExp {
  try {
    return new RegExp(posixToJs(pattern, opts.extended ?? false), `${opts.ignoreCase ? 'i' : ''}${opts.global ? 'g' : ''}`);
  } catch {
    throw new RegexSyntaxError(pattern);
  }
}
