/**
 * Shell arithmetic ($((...)), POSIX 2.6.4): C integer expressions over shell variables, with
 * the precedence of C. Values are 64-bit in busybox; JavaScript numbers truncated to
 * integers are exact to 2^53, which covers every script a lesson runs.
 */
import { nameOrOperatorAt, patternAt } from './scan';

export class ArithmeticError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithmeticError';
  }
}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Tok = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'end' };

const NUMBER = /(0[xX][0-9a-fA-F]+|\d+)/y;
const OPS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '?', ':', '(', ')', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = patternAt(NUMBER, src, i);
    if (num) {
      const text = num[1];
      const v = /^0[xX]/.test(text) ? parseInt(text, 16) : text.length > 1 && text.startsWith('0') ? parseInt(text, 8) : parseInt(text, 10);
      if (Number.isNaN(v)) throw new ArithmeticError(`arithmetic syntax error`);
      out.push({ t: 'num', v });
      i += text.length;
      continue;
    }
    const word = nameOrOperatorAt(src, i, OPS);
    if (!word) throw new ArithmeticError(`arithmetic syntax error`);
    out.push(word);
    i += word.v.length;
  }
  out.push({ t: 'end' });
  return out;
}

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11,
};

/** Evaluates an already-expanded arithmetic expression; variables are read and assigned through vars. */
export function evaluateArithmetic(src: string, vars: ArithVars): number {
  if (src.trim() === '') return 0;
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => {
    const t = toks[i];
    return t.t === 'op' && t.v === v;
  };
  const valueOf = (name: string, depth = 0): number => {
    const raw = (vars.get(name) ?? '').trim();
    if (raw === '') return 0;
    if (/^-?\d+$/.test(raw)) return Number(raw);
    if (depth > 10) throw new ArithmeticError('expression recursion loop detected');
    // busybox evaluates a variable holding an expression (x="1+2"; $((x)) is 3).
    return evaluateArithmetic(raw, vars);
  };

  // A reference is a name we may assign to; an rvalue is just a number.
  type Val = { v: number; name?: string };
  const num = (x: Val) => (x.name !== undefined ? valueOf(x.name) : x.v);
  const assign = (name: string | undefined, v: number): number => {
    if (name === undefined) throw new ArithmeticError('arithmetic syntax error');
    vars.set(name, String(v));
    return v;
  };

  function primary(): Val {
    const t = toks[i++];
    if (t.t === 'num') return { v: t.v };
    if (t.t === 'name') {
      if (isOp('++') || isOp('--')) {
        const op = (toks[i++] as { v: string }).v;
        const old = valueOf(t.v);
        assign(t.v, op === '++' ? old + 1 : old - 1);
        return { v: old };
      }
      return { v: 0, name: t.v };
    }
    if (t.t === 'op') {
      if (t.v === '(') {
        const v = comma();
        if (!isOp(')')) throw new ArithmeticError('arithmetic syntax error');
        i++;
        return { v };
      }
      if (t.v === '++' || t.v === '--') {
        const ref = primary();
        return { v: assign(ref.name, num(ref) + (t.v === '++' ? 1 : -1)) };
      }
      if (t.v === '-') return { v: -num(unary()) };
      if (t.v === '+') return { v: num(unary()) };
      if (t.v === '!') return { v: num(unary()) ? 0 : 1 };
      if (t.v === '~') return { v: ~num(unary()) };
    }
    throw new ArithmeticError('arithmetic syntax error');
  }
  const unary = primary;

  function binary(minPrec: number): Val {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.t !== 'op') break;
      const prec = BINARY[t.v];
      if (prec === undefined || prec < minPrec) break;
      i++;
      const right = num(binary(t.v === '**' ? prec : prec + 1));
      const l = num(left);
      left = { v: applyBinary(t.v, l, right) };
    }
    return left;
  }

  function ternary(): Val {
    const cond = binary(1);
    if (!isOp('?')) return cond;
    i++;
    const a = assignment();
    if (!isOp(':')) throw new ArithmeticError('arithmetic syntax error');
    i++;
    const b = assignment();
    return num(cond) ? a : b;
  }

  function assignment(): Val {
    const start = i;
    const t = peek();
    if (t.t === 'name') {
      const next = toks[i + 1];
      if (next.t === 'op' && /^([-+*/%&|^]|<<|>>)?=$/.test(next.v)) {
        i += 2;
        const rhs = num(assignment());
        const op = next.v.slice(0, -1);
        const v = op ? applyBinary(op, valueOf(t.v), rhs) : rhs;
        return { v: assign(t.v, v) };
      }
    }
    i = start;
    return ternary();
  }

  function comma(): number {
    let v = num(assignment());
    while (isOp(',')) {
      i++;
      v = num(assignment());
    }
    return v;
  }

  const result = comma();
  if (peek().t !== 'end') throw new ArithmeticError('arithmetic syntax error');
  return result;
}

function applyBinary(op: string, l: number, r: number): number {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/':
      if (r === 0) throw new ArithmeticError('divide by zero');
      return Math.trunc(l / r);
    case '%':
      if (r === 0) throw new ArithmeticError('divide by zero');
      return l % r;
    case '**': return l ** r;
    case '<<': return l << r;
    case '>>': return l >> r;
    case '<': return l < r ? 1 : 0;
    case '<=': return l <= r ? 1 : 0;
    case '>': return l > r ? 1 : 0;
    case '>=': return l >= r ? 1 : 0;
    case '==': return l === r ? 1 : 0;
    case '!=': return l !== r ? 1 : 0;
    case '&': return l & r;
    case '|': return l | r;
    case '^': return l ^ r;
    case '&&': return l && r ? 1 : 0;
    case '||': return l || r ? 1 : 0;
  }
  throw new ArithmeticError('arithmetic syntax error');
}
