/**
 * awk's tokenizer: numbers, strings, regular expressions (a `/` where an operand may stand),
 * names, operators and newlines. Names and operators are scanned as in the shell's arithmetic
 * (../scan.ts).
 */
import { unescape } from './helpers';
import { AwkError } from './awk-errors';
import { nameOrOperatorAt, patternAt } from '../scan';

export type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'nl' } | { t: 'end' };

const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '!~', '>>', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '=', '~', '?', ':', '$', '|'];
const NUMBER = /(\d+\.?\d*([eE][+-]?\d+)?|\.\d+)/y;
export const KEYWORDS = new Set(['BEGIN', 'END', 'print', 'printf', 'if', 'else', 'while', 'for', 'in', 'next', 'exit', 'delete', 'do', 'break', 'continue', 'getline', 'return', 'function']);

/** The program text as tokens; a `/` starts a regular expression where an operand may stand. */
export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const regexAllowed = () => {
    const last = out[out.length - 1];
    if (!last || last.t === 'nl') return true;
    if (last.t === 'op') return !(last.v === ')' || last.v === ']' || last.v === '$');
    if (last.t === 'name') return KEYWORDS.has(last.v);
    return false;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      out.push({ t: 'nl' });
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') {
          s += src[i] + (src[i + 1] ?? '');
          i += 2;
        } else s += src[i++];
      }
      i++;
      out.push({ t: 'str', v: unescape(s.replace(/\\"/g, '"').replace(/\\\//g, '/')).text });
      continue;
    }
    if (c === '/' && regexAllowed()) {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/';
          i += 2;
        } else s += src[i++];
      }
      i++;
      out.push({ t: 're', v: s });
      continue;
    }
    const num = patternAt(NUMBER, src, i);
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const word = nameOrOperatorAt(src, i, OPS);
    if (!word) throw new AwkError(`syntax error at '${c}'`);
    out.push(word);
    i += word.v.length;
  }
  out.push({ t: 'end' });
  return out;
}
