/**
 * awk's parser: a recursive-descent parser over awk-tokenizer.ts's tokens that compiles the
 * program straight to closures over a Runtime (awk-interpreter.ts), BEGIN and END blocks and
 * the pattern { action } rules in order.
 */
import { formatPrintf } from './printf';
import { compileRegex } from './regex';
import { AwkError } from './awk-errors';
import { KEYWORDS, tokenize, type Tok } from './awk-tokenizer';
import { arith, bounded, BUILTIN_FUNCS, callBuiltin, compare, ExitProgram, grew, LoopBreak, LoopContinue, NextRecord, splitFields, tick, toNum, toStr, truthy, type Expr, type LValue, type Runtime, type Stmt, type Value } from './awk-interpreter';

export type AwkProgram = ReturnType<AwkParser['program']>;

class AwkParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i];
  }
  private isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t.t === 'op' && t.v === v;
  }
  private isName(v: string): boolean {
    const t = this.toks[this.i];
    return t.t === 'name' && t.v === v;
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new AwkError(`syntax error: expected '${v}'`);
    this.i++;
  }
  private skipNl(): void {
    while (this.peek().t === 'nl' || this.isOp(';')) this.i++;
  }
  private skipNewlines(): void {
    while (this.peek().t === 'nl') this.i++;
  }

  program(): { begin: Stmt[]; end: Stmt[]; rules: { pattern?: Expr; range?: [Expr, Expr]; action?: Stmt }[] } {
    const begin: Stmt[] = [];
    const end: Stmt[] = [];
    const rules: { pattern?: Expr; action?: Stmt }[] = [];
    for (this.skipNl(); this.peek().t !== 'end'; this.skipNl()) {
      if (this.isName('BEGIN')) {
        this.i++;
        this.skipNewlines();
        begin.push(this.block());
      } else if (this.isName('END')) {
        this.i++;
        this.skipNewlines();
        end.push(this.block());
      } else {
        const pattern = this.isOp('{') ? undefined : this.expr();
        rules.push({ pattern, action: this.isOp('{') ? this.block() : undefined });
      }
    }
    return { begin, end, rules };
  }

  private block(): Stmt {
    this.expectOp('{');
    const stmts: Stmt[] = [];
    for (this.skipNl(); !this.isOp('}'); this.skipNl()) {
      if (this.peek().t === 'end') throw new AwkError('syntax error: unexpected end of program');
      stmts.push(this.statement());
    }
    this.i++;
    return (rt) => {
      for (const s of stmts) s(rt);
    };
  }

  /** `if` or `while` (the current token) and what follows: `( cond ) statement-or-block`. */
  private condAndBody(): [Expr, Stmt] {
    this.i++;
    this.expectOp('(');
    const cond = this.expr();
    this.expectOp(')');
    return [cond, this.simpleOrBlock()];
  }

  private simpleOrBlock(): Stmt {
    this.skipNewlines();
    if (this.isOp('{')) return this.block();
    const s = this.statement();
    if (this.isOp(';')) this.i++;
    return s;
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t.t === 'op' && t.v === '{') return this.block();
    if (t.t === 'name') {
      switch (t.v) {
        case 'print':
        case 'printf': {
          this.i++;
          const args: Expr[] = [];
          const paren = this.isOp('(');
          if (!this.endOfSimple()) {
            if (paren) this.i++;
            args.push(this.expr(true));
            while (this.isOp(',')) {
              this.i++;
              args.push(this.expr(true));
            }
            if (paren) this.expectOp(')');
          }
          let redirect: { append: boolean; target: Expr } | undefined;
          if (this.isOp('>') || this.isOp('>>')) {
            const append = this.isOp('>>');
            this.i++;
            redirect = { append, target: this.primary() };
          }
          const isPrintf = t.v === 'printf';
          return (rt) => {
            let text: string;
            if (isPrintf) {
              const vals = args.map((a) => toStr(a(rt)));
              text = formatPrintf(vals[0] ?? '', vals.slice(1)).text;
            } else {
              const ofs = toStr(rt.vars.get('OFS') ?? ' ');
              text = `${args.length ? args.map((a) => toStr(a(rt))).join(ofs) : rt.record}${toStr(rt.vars.get('ORS') ?? '\n')}`;
            }
            if (redirect) (rt as Runtime & { write(path: string, text: string, append: boolean): void }).write(toStr(redirect.target(rt)), text, redirect.append);
            else rt.out(text);
          };
        }
        case 'if': {
          const [cond, then] = this.condAndBody();
          const save = this.i;
          this.skipNl();
          if (this.isName('else')) {
            this.i++;
            const otherwise = this.simpleOrBlock();
            return (rt) => (truthy(cond(rt)) ? then(rt) : otherwise(rt));
          }
          this.i = save;
          return (rt) => {
            if (truthy(cond(rt))) then(rt);
          };
        }
        case 'while': {
          const [cond, body] = this.condAndBody();
          return (rt) => {
            while (truthy(cond(rt))) {
              tick(rt);
              try {
                body(rt);
              } catch (e) {
                if (e instanceof LoopBreak) break;
                if (!(e instanceof LoopContinue)) throw e;
              }
            }
          };
        }
        case 'for': {
          this.i++;
          this.expectOp('(');
          const a = this.toks[this.i];
          const b = this.toks[this.i + 1];
          const c = this.toks[this.i + 2];
          if (a.t === 'name' && b.t === 'name' && b.v === 'in' && c.t === 'name') {
            this.i += 3;
            this.expectOp(')');
            const body = this.simpleOrBlock();
            const key = a.v;
            const arr = c.v;
            return (rt) => {
              for (const k of [...(rt.arrays.get(arr)?.keys() ?? [])]) {
                tick(rt);
                rt.vars.set(key, k);
                try {
                  body(rt);
                } catch (e) {
                  if (e instanceof LoopBreak) break;
                  if (!(e instanceof LoopContinue)) throw e;
                }
              }
            };
          }
          const init = this.isOp(';') ? undefined : this.statement();
          this.expectOp(';');
          const cond = this.isOp(';') ? undefined : this.expr();
          this.expectOp(';');
          const step = this.isOp(')') ? undefined : this.statement();
          this.expectOp(')');
          const body = this.simpleOrBlock();
          return (rt) => {
            for (init?.(rt); cond ? truthy(cond(rt)) : true; step?.(rt)) {
              tick(rt);
              try {
                body(rt);
              } catch (e) {
                if (e instanceof LoopBreak) break;
                if (!(e instanceof LoopContinue)) throw e;
              }
            }
          };
        }
        case 'next':
          this.i++;
          return () => {
            throw new NextRecord();
          };
        case 'break':
          this.i++;
          return () => {
            throw new LoopBreak();
          };
        case 'continue':
          this.i++;
          return () => {
            throw new LoopContinue();
          };
        case 'exit': {
          this.i++;
          const code = this.endOfSimple() ? undefined : this.expr();
          return (rt) => {
            throw new ExitProgram(code ? toNum(code(rt)) : 0);
          };
        }
        case 'delete': {
          this.i++;
          const name = this.peek();
          if (name.t !== 'name') throw new AwkError('syntax error in delete');
          this.i++;
          if (this.isOp('[')) {
            this.i++;
            const k = this.expr();
            this.expectOp(']');
            return (rt) => {
              if (rt.arrays.get(name.v)?.delete(toStr(k(rt)))) rt.elements--;
            };
          }
          return (rt) => {
            rt.elements -= rt.arrays.get(name.v)?.size ?? 0;
            rt.arrays.delete(name.v);
          };
        }
      }
    }
    const e = this.expr();
    return (rt) => void e(rt);
  }

  private endOfSimple(): boolean {
    const t = this.peek();
    return t.t === 'nl' || t.t === 'end' || (t.t === 'op' && (t.v === ';' || t.v === '}' || t.v === '>' || t.v === '>>'));
  }

  expr(noGt = false): Expr {
    return this.ternary(noGt);
  }

  private ternary(noGt: boolean): Expr {
    const cond = this.or(noGt);
    if (!this.isOp('?')) return this.assignment(cond, noGt);
    this.i++;
    const a = this.ternary(noGt);
    this.expectOp(':');
    const b = this.ternary(noGt);
    return (rt) => (truthy(cond(rt)) ? a(rt) : b(rt));
  }

  private lastLValue: LValue | undefined;

  private assignment(left: Expr, noGt: boolean): Expr {
    const t = this.peek();
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v) && this.lastLValue && this.lastLValue.get === left) {
      const lv = this.lastLValue;
      this.i++;
      const right = this.ternary(noGt);
      const op = t.v;
      return (rt) => {
        const r = right(rt);
        const v = op === '=' ? r : arith(op[0], lv.get(rt), r);
        lv.set(rt, v);
        return v;
      };
    }
    return left;
  }

  private or(noGt: boolean): Expr {
    return this.logical('||', () => this.and(noGt), (l, r) => (rt) => (truthy(l(rt)) || truthy(r(rt)) ? 1 : 0));
  }

  private and(noGt: boolean): Expr {
    return this.logical('&&', () => this.inExpr(noGt), (l, r) => (rt) => (truthy(l(rt)) && truthy(r(rt)) ? 1 : 0));
  }

  /** operand (op operand)*, left-associative; a newline may follow op. */
  private logical(op: string, operand: () => Expr, join: (l: Expr, r: Expr) => Expr): Expr {
    let left = operand();
    while (this.isOp(op)) {
      this.i++;
      this.skipNewlines();
      left = join(left, operand());
    }
    return left;
  }

  private inExpr(noGt: boolean): Expr {
    const left = this.match(noGt);
    if (this.isName('in')) {
      this.i++;
      const arr = this.peek();
      if (arr.t !== 'name') throw new AwkError('syntax error after in');
      this.i++;
      return (rt) => (rt.arrays.get(arr.v)?.has(toStr(left(rt))) ? 1 : 0);
    }
    return left;
  }

  private match(noGt: boolean): Expr {
    let left = this.comparison(noGt);
    while (this.isOp('~') || this.isOp('!~')) {
      const neg = this.isOp('!~');
      this.i++;
      const l = left;
      const rTok = this.peek();
      const r = rTok.t === 're' ? (this.i++, () => rTok.v) : this.comparison(noGt);
      left = (rt) => {
        const hit = compileRegex(toStr(r(rt)), { extended: true }).test(toStr(l(rt)));
        return hit !== neg ? 1 : 0;
      };
    }
    return left;
  }

  private comparison(noGt: boolean): Expr {
    const left = this.concat();
    const t = this.peek();
    if (t.t === 'op' && ['<', '<=', '==', '!=', '>=', ...(noGt ? [] : ['>'])].includes(t.v)) {
      this.i++;
      const right = this.concat();
      const op = t.v;
      return (rt) => {
        const c = compare(left(rt), right(rt));
        return (op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '>=' ? c >= 0 : c > 0) ? 1 : 0;
      };
    }
    return left;
  }

  private startsOperand(): boolean {
    const t = this.peek();
    if (t.t === 'num' || t.t === 'str' || t.t === 're') return true;
    if (t.t === 'name') return !KEYWORDS.has(t.v) || t.v === 'getline';
    return t.t === 'op' && (t.v === '$' || t.v === '(' || t.v === '!' || t.v === '-' || t.v === '++' || t.v === '--');
  }

  private concat(): Expr {
    let left = this.additive();
    while (this.startsOperand() && !this.isOp('-')) {
      const l = left;
      const r = this.additive();
      left = (rt) => bounded(toStr(l(rt)) + toStr(r(rt)));
    }
    return left;
  }

  private additive(): Expr {
    return this.arithmeticLevel(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.arithmeticLevel(['*', '/', '%'], () => this.unary());
  }

  /** operand (op operand)* for the arithmetic operators of one precedence, left-associative. */
  private arithmeticLevel(ops: string[], operand: () => Expr): Expr {
    let left = operand();
    while (ops.some((o) => this.isOp(o))) {
      const op = (this.peek() as { v: string }).v;
      this.i++;
      const l = left;
      const r = operand();
      left = (rt) => arith(op, l(rt), r(rt));
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('!')) {
      this.i++;
      const e = this.unary();
      return (rt) => (truthy(e(rt)) ? 0 : 1);
    }
    if (this.isOp('-')) {
      this.i++;
      const e = this.unary();
      return (rt) => -toNum(e(rt));
    }
    if (this.isOp('+')) {
      this.i++;
      const e = this.unary();
      return (rt) => toNum(e(rt));
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    if (this.isOp('^')) {
      this.i++;
      const exp = this.unary();
      return (rt) => toNum(base(rt)) ** toNum(exp(rt));
    }
    return base;
  }

  private postfix(): Expr {
    if (this.isOp('++') || this.isOp('--')) {
      const d = this.isOp('++') ? 1 : -1;
      this.i++;
      this.primary();
      const lv = this.lastLValue!;
      return (rt) => {
        const v = toNum(lv.get(rt)) + d;
        lv.set(rt, v);
        return v;
      };
    }
    const e = this.primary();
    const lv = this.lastLValue;
    if (lv && lv.get === e && (this.isOp('++') || this.isOp('--'))) {
      const d = this.isOp('++') ? 1 : -1;
      this.i++;
      return (rt) => {
        const old = toNum(lv.get(rt));
        lv.set(rt, old + d);
        return old;
      };
    }
    return e;
  }

  primary(): Expr {
    const t = this.peek();
    this.i++;
    this.lastLValue = undefined;
    if (t.t === 'num') return () => t.v;
    if (t.t === 'str') return () => t.v;
    if (t.t === 're') return (rt) => (compileRegex(t.v, { extended: true }).test(rt.record) ? 1 : 0);
    if (t.t === 'op' && t.v === '(') {
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (t.t === 'op' && t.v === '$') {
      const idx = this.postfixOperand();
      const get: Expr = (rt) => {
        const n = Math.trunc(toNum(idx(rt)));
        return n === 0 ? rt.record : (rt.fields[n - 1] ?? '');
      };
      this.lastLValue = { get, set: (rt, v) => rt.setField(Math.trunc(toNum(idx(rt))), toStr(v)) };
      return get;
    }
    if (t.t === 'name') {
      if (this.isOp('(') || BUILTIN_FUNCS.has(t.v)) return this.call(t.v);
      if (this.isOp('[')) {
        this.i++;
        const keys = [this.expr()];
        while (this.isOp(',')) {
          this.i++;
          keys.push(this.expr());
        }
        this.expectOp(']');
        const key = (rt: Runtime) => keys.map((k) => toStr(k(rt))).join('\x1c');
        const arr = (rt: Runtime) => {
          let a = rt.arrays.get(t.v);
          if (!a) rt.arrays.set(t.v, (a = new Map()));
          return a;
        };
        const get: Expr = (rt) => {
          const a = arr(rt);
          const k = key(rt);
          if (!a.has(k)) {
            grew(rt);
            a.set(k, '');
          }
          return a.get(k)!;
        };
        const set = (rt: Runtime, v: Value) => {
          const a = arr(rt);
          const k = key(rt);
          if (!a.has(k)) grew(rt);
          a.set(k, v);
        };
        this.lastLValue = { get, set };
        return get;
      }
      const name = t.v;
      const get: Expr = (rt) => (name === 'NF' ? rt.fields.length : (rt.vars.get(name) ?? ''));
      this.lastLValue = {
        get,
        set: (rt, v) => {
          if (name === 'NF') {
            rt.fields.length = toNum(v);
            rt.setField(-1, '');
          } else rt.vars.set(name, v);
        },
      };
      return get;
    }
    throw new AwkError(`syntax error at ${t.t === 'op' ? `'${t.v}'` : t.t}`);
  }

  /** The operand of `$`: a primary with ++/-- but no binary operators ($NF-1 is ($NF)-1). */
  private postfixOperand(): Expr {
    if (this.isOp('-')) {
      this.i++;
      const e = this.primary();
      return (rt) => -toNum(e(rt));
    }
    return this.primary();
  }

  private call(name: string): Expr {
    if (name === 'split') return this.splitCall();
    const args: Expr[] = [];
    if (this.isOp('(')) {
      this.i++;
      while (!this.isOp(')')) {
        const t = this.peek();
        if (t.t === 're' && ['sub', 'gsub', 'match'].includes(name)) {
          this.i++;
          args.push(() => t.v);
        } else args.push(this.expr());
        if (this.isOp(',')) this.i++;
      }
      this.i++;
    }
    const targetLv = this.argLValues(name, args);
    return (rt) => callBuiltin(name, args, rt, targetLv);
  }

  /** split(s, arr [, sep]): fills arr[1..n] and returns n. */
  private splitCall(): Expr {
    this.expectOp('(');
    const str = this.expr();
    this.expectOp(',');
    const arr = this.peek();
    if (arr.t !== 'name') throw new AwkError('split: second argument must be an array');
    this.i++;
    let sep: Expr | undefined;
    if (this.isOp(',')) {
      this.i++;
      const t = this.peek();
      if (t.t === 're') {
        this.i++;
        sep = () => t.v;
      } else sep = this.expr();
    }
    this.expectOp(')');
    return (rt) => {
      const parts = splitFields(toStr(str(rt)), sep ? toStr(sep(rt)) : toStr(rt.vars.get('FS') ?? ' '));
      const a = new Map<string, Value>();
      rt.elements -= rt.arrays.get(arr.v)?.size ?? 0;
      grew(rt, parts.length);
      parts.forEach((p, k) => a.set(String(k + 1), p));
      rt.arrays.set(arr.v, a);
      return parts.length;
    };
  }

  /** sub/gsub modify their third argument ($0 by default); split fills an array named by its second. */
  private argLValues(name: string, args: Expr[]): LValue | undefined {
    if (name !== 'sub' && name !== 'gsub') return undefined;
    if (args.length < 3) return { get: (rt) => rt.record, set: (rt, v) => rt.setRecord(toStr(v)) };
    return this.lastLValue;
  }
}

export function compileAwk(src: string): AwkProgram {
  return new AwkParser(tokenize(src)).program();
}
