/**
 * A small awk: BEGIN/END, pattern { action } rules, fields ($N, NF, NR, FS, OFS), variables
 * and associative arrays, print/printf, if/while/for/for-in, next/exit, the usual operators
 * and length/substr/index/split/sub/gsub/toupper/tolower/int/sprintf. -F and -v.
 */
import type { ShellCommand } from '../context';
import { complain, resolvePath, unescape } from './helpers';
import { formatPrintf } from './printf';
import { compileRegex, RegexSyntaxError } from './regex';
import { BATCH_CHARS, forEachStreamLine, forEachTextLine, UNITS_PER_STEP, WorkMeter } from './work';

export class AwkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwkError';
  }
}

type Value = string | number;
type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'nl' } | { t: 'end' };

const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '!~', '>>', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '=', '~', '?', ':', '$', '|'];
const KEYWORDS = new Set(['BEGIN', 'END', 'print', 'printf', 'if', 'else', 'while', 'for', 'in', 'next', 'exit', 'delete', 'do', 'break', 'continue', 'getline', 'return', 'function']);

function tokenize(src: string): Tok[] {
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
    const num = /^(\d+\.?\d*([eE][+-]?\d+)?|\.\d+)/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkError(`syntax error at '${c}'`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'end' });
  return out;
}

class NextRecord {}
class ExitProgram {
  constructor(readonly code: number) {}
}
class LoopBreak {}
class LoopContinue {}

/**
 * awk runs synchronously between two records (and in BEGIN and END), so what it may do there
 * is bounded: loop iterations and new array elements per slice (MAX_AWK_OPS; the work is then
 * charged to the CPU budget, a step per OPS_PER_STEP), array elements in all (MAX_AWK_ELEMENTS),
 * the length of any string it builds and of the output it holds before it can write
 * (MAX_AWK_CHARS), and the field numbers it may assign (MAX_AWK_FIELD). Past one, awk fails with
 * a message, as busybox's awk does when memory runs out, never the portal.
 */
export const MAX_AWK_OPS = 1_000_000;
export const MAX_AWK_ELEMENTS = 1_000_000;
export const MAX_AWK_CHARS = 16 * 1024 * 1024;
export const MAX_AWK_FIELD = 100_000;
/** awk loop iterations worth one shell step (an iteration costs about a tenth of a step). */
export const OPS_PER_STEP = 16;

export class AwkOutOfMemoryError extends AwkError {
  constructor(what: string) {
    super(`out of memory (${what})`);
    this.name = 'AwkOutOfMemoryError';
  }
}

/** One loop iteration or array insertion; throws past MAX_AWK_OPS in the slice. */
function tick(rt: Runtime): void {
  if (++rt.ops > MAX_AWK_OPS) throw new AwkError(`loop limit exceeded (${MAX_AWK_OPS.toLocaleString('en')} iterations without reading a record)`);
}

function bounded(s: string): string {
  if (s.length > MAX_AWK_CHARS) throw new AwkOutOfMemoryError(`a string of more than ${MAX_AWK_CHARS} characters`);
  return s;
}

/** A new element in one of the program's arrays. */
function grew(rt: Runtime, n = 1): void {
  rt.ops += n;
  rt.elements += n;
  if (rt.elements > MAX_AWK_ELEMENTS) throw new AwkOutOfMemoryError(`more than ${MAX_AWK_ELEMENTS.toLocaleString('en')} array elements`);
}

interface Runtime {
  /** Loop iterations and insertions in this slice (reset by the driver after charging them). */
  ops: number;
  /** Array elements held (approximately: deletions give theirs back). */
  elements: number;
  vars: Map<string, Value>;
  arrays: Map<string, Map<string, Value>>;
  fields: string[];
  record: string;
  out: (s: string) => void;
  setRecord(r: string): void;
  setField(n: number, v: string): void;
}

type Expr = (rt: Runtime) => Value;
type Stmt = (rt: Runtime) => void;
type LValue = { get: Expr; set: (rt: Runtime, v: Value) => void };

const toNum = (v: Value): number => (typeof v === 'number' ? v : Number.parseFloat(v) || (/^\s*[+-]?(\d|\.\d)/.test(v) ? Number.parseFloat(v) : 0));
const toStr = (v: Value): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))) : v);
const looksNumeric = (v: Value) => typeof v === 'number' || /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+)\s*$/.test(v);
const truthy = (v: Value) => (typeof v === 'number' ? v !== 0 : v !== '');

function compare(a: Value, b: Value): number {
  if (looksNumeric(a) && looksNumeric(b)) return toNum(a) - toNum(b);
  const x = toStr(a);
  const y = toStr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

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
          this.i++;
          this.expectOp('(');
          const cond = this.expr();
          this.expectOp(')');
          const then = this.simpleOrBlock();
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
          this.i++;
          this.expectOp('(');
          const cond = this.expr();
          this.expectOp(')');
          const body = this.simpleOrBlock();
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
    let left = this.and(noGt);
    while (this.isOp('||')) {
      this.i++;
      this.skipNewlines();
      const l = left;
      const r = this.and(noGt);
      left = (rt) => (truthy(l(rt)) || truthy(r(rt)) ? 1 : 0);
    }
    return left;
  }

  private and(noGt: boolean): Expr {
    let left = this.inExpr(noGt);
    while (this.isOp('&&')) {
      this.i++;
      this.skipNewlines();
      const l = left;
      const r = this.inExpr(noGt);
      left = (rt) => (truthy(l(rt)) && truthy(r(rt)) ? 1 : 0);
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
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.peek() as { v: string }).v;
      this.i++;
      const l = left;
      const r = this.multiplicative();
      left = (rt) => arith(op, l(rt), r(rt));
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = (this.peek() as { v: string }).v;
      this.i++;
      const l = left;
      const r = this.unary();
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

const BUILTIN_FUNCS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'toupper', 'tolower', 'int', 'sprintf', 'sqrt', 'rand', 'srand', 'system', 'exp', 'log', 'sin', 'cos', 'atan2']);

function arith(op: string, a: Value, b: Value): number {
  const x = toNum(a);
  const y = toNum(b);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/':
      if (y === 0) throw new AwkError('division by zero');
      return x / y;
    case '%':
      if (y === 0) throw new AwkError('division by zero in %');
      return x % y;
    case '^': return x ** y;
  }
  return 0;
}

function callBuiltin(name: string, args: Expr[], rt: Runtime, target: LValue | undefined): Value {
  const s = (k: number) => toStr(args[k](rt));
  switch (name) {
    case 'length':
      return args.length ? s(0).length : rt.record.length;
    case 'substr': {
      const str = s(0);
      const start = Math.round(toNum(args[1](rt)));
      const len = args[2] ? Math.round(toNum(args[2](rt))) : Infinity;
      const from = Math.max(1, start);
      const to = Math.min(str.length + 1, start + len);
      return to > from ? str.slice(from - 1, to - 1) : '';
    }
    case 'index':
      return s(0).indexOf(s(1)) + 1;
    case 'sub':
    case 'gsub': {
      const re = compileRegex(s(0), { extended: true });
      const rep = s(1);
      const lv = target!;
      let n = 0;
      const out = re.replace(toStr(lv.get(rt)), name === 'gsub', (m) => {
        n++;
        return rep.replace(/\\&|&/g, (x) => (x === '&' ? (m.groups[0] ?? '') : '&'));
      });
      if (n) lv.set(rt, bounded(out));
      return n;
    }
    case 'match': {
      const m = compileRegex(s(1), { extended: true }).exec(s(0));
      rt.vars.set('RSTART', m ? m.index + 1 : 0);
      rt.vars.set('RLENGTH', m ? m.end - m.index : -1);
      return m ? m.index + 1 : 0;
    }
    case 'toupper':
      return s(0).toUpperCase();
    case 'tolower':
      return s(0).toLowerCase();
    case 'int':
      return Math.trunc(toNum(args[0](rt)));
    case 'sqrt':
      return Math.sqrt(toNum(args[0](rt)));
    case 'exp':
      return Math.exp(toNum(args[0](rt)));
    case 'log':
      return Math.log(toNum(args[0](rt)));
    case 'sin':
      return Math.sin(toNum(args[0](rt)));
    case 'cos':
      return Math.cos(toNum(args[0](rt)));
    case 'atan2':
      return Math.atan2(toNum(args[0](rt)), toNum(args[1](rt)));
    case 'rand':
      return 0.5;
    case 'srand':
      return 0;
    case 'sprintf':
      return formatPrintf(s(0), args.slice(1).map((a) => toStr(a(rt)))).text;
    case 'system':
      return 0;
  }
  throw new AwkError(`function ${name} not defined`);
}

function splitFields(record: string, fs: string): string[] {
  if (fs === ' ') return record.trim().split(/[ \t\n]+/).filter(Boolean);
  if (fs.length === 1 && fs !== '\\') return record === '' ? [] : record.split(fs);
  return record === '' ? [] : compileRegex(fs, { extended: true }).split(record);
}

export function compileAwk(src: string) {
  return new AwkParser(tokenize(src)).program();
}

export const awk: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  let fs = ' ';
  const assigns: [string, string][] = [];
  let i = 0;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    const a = args[i];
    if (a === '-F') fs = args[++i];
    else if (a.startsWith('-F')) fs = a.slice(2);
    else if (a === '-v') {
      const kv = args[++i] ?? '';
      assigns.push([kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]);
    } else if (a === '--') {
      i++;
      break;
    }
  }
  const source = args[i++];
  if (source === undefined) {
    await complain(ctx, 'usage: awk [-F SEP] [-v VAR=VAL] PROGRAM [FILE]...');
    return 1;
  }
  let program: ReturnType<typeof compileAwk>;
  try {
    program = compileAwk(source);
  } catch (e) {
    await complain(ctx, `cmd. line:1: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const files = args.slice(i);
  let output = '';
  const pendingFiles = new Map<string, { parts: string[]; append: boolean }>();
  const openedFiles = new Set<string>();
  let pendingFileChars = 0;
  const writeFiles = () => {
    for (const [p, f] of pendingFiles) {
      ctx.fs.writeFile(p, f.parts.join(''), { append: f.append });
      openedFiles.add(p);
    }
    pendingFiles.clear();
    pendingFileChars = 0;
  };
  const rt: Runtime & { write(path: string, text: string, append: boolean): void } = {
    vars: new Map<string, Value>([
      ['FS', fs === 't' ? '\t' : unescape(fs).text],
      ['OFS', ' '],
      ['ORS', '\n'],
      ['NR', 0],
      ['FNR', 0],
      ['SUBSEP', '\x1c'],
      ['FILENAME', ''],
    ]),
    arrays: new Map(),
    ops: 0,
    elements: 0,
    fields: [],
    record: '',
    out: (s) => {
      output += s;
      if (output.length > MAX_AWK_CHARS) throw new AwkOutOfMemoryError(`more than ${MAX_AWK_CHARS} characters printed without reading a record`);
    },
    setRecord(r) {
      this.record = r;
      this.fields = splitFields(r, toStr(this.vars.get('FS') ?? ' '));
    },
    setField(n, v) {
      if (n === 0) return this.setRecord(v);
      if (n > MAX_AWK_FIELD) throw new AwkOutOfMemoryError(`field $${n}: the limit is $${MAX_AWK_FIELD}`);
      if (n > 0) {
        while (this.fields.length < n) this.fields.push('');
        this.fields[n - 1] = v;
      }
      this.record = this.fields.join(toStr(this.vars.get('OFS') ?? ' '));
    },
    // `print > file` is gathered per file and written with the standard output's batches: a
    // file append per record made a chain of 25 million string pieces for a 50 MB input.
    write(path, text, append) {
      const p = resolvePath(ctx, path);
      let f = pendingFiles.get(p);
      if (!f) pendingFiles.set(p, (f = { parts: [], append: append || openedFiles.has(p) }));
      f.parts.push(text);
      pendingFileChars += text.length;
      if (pendingFileChars > MAX_AWK_CHARS) writeFiles();
    },
  };
  for (const [k, v] of assigns) rt.vars.set(k, unescape(v).text);
  const flush = async () => {
    writeFiles();
    if (output) {
      const o = output;
      output = '';
      await ctx.stdout.write(o);
    }
  };
  let exitCode: number | undefined;
  const meter = new WorkMeter(ctx);
  /** Charges the iterations of the slice that just ran (and waits if the budget says so). */
  const charge = (): Promise<void> | undefined => {
    const ops = rt.ops;
    rt.ops = 0;
    return ops ? meter.charge((ops * UNITS_PER_STEP) / OPS_PER_STEP) : undefined;
  };
  const runStmts = async (stmts: Stmt[]) => {
    await charge();
    try {
      for (const s of stmts) s(rt);
    } finally {
      await charge();
    }
  };
  const onRecord = (line: string) => {
    rt.vars.set('NR', toNum(rt.vars.get('NR')!) + 1);
    rt.vars.set('FNR', toNum(rt.vars.get('FNR')!) + 1);
    rt.setRecord(line);
    try {
      for (const rule of program.rules) {
        if (rule.pattern && !truthy(rule.pattern(rt))) continue;
        if (rule.action) rule.action(rt);
        else rt.out(`${rt.record}${toStr(rt.vars.get('ORS') ?? '\n')}`);
      }
    } catch (e) {
      if (!(e instanceof NextRecord)) throw e;
    }
  };
  try {
    try {
      await runStmts(program.begin);
      await flush();
      if (program.rules.length || program.end.length) {
        if (!files.length) {
          await forEachStreamLine(
            ctx.stdin,
            meter,
            async (l) => {
              onRecord(l);
              await charge();
              if (output.length >= BATCH_CHARS || pendingFileChars >= BATCH_CHARS) await flush();
            },
            flush,
          );
        }
        for (const f of files) {
          const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(f);
          if (eq) {
            rt.vars.set(eq[1], eq[2]);
            continue;
          }
          const path = resolvePath(ctx, f);
          if (f !== '-' && !ctx.fs.exists(path)) {
            await complain(ctx, `cannot open "${f}" (No such file or directory)`);
            exitCode = 2;
            continue;
          }
          rt.vars.set('FILENAME', f);
          rt.vars.set('FNR', 0);
          const each = (l: string) => {
            onRecord(l);
            const charged = charge();
            // Output is written when it passes a batch, so a big file's output never piles up.
            if (output.length >= BATCH_CHARS || pendingFileChars >= BATCH_CHARS) return charged ? charged.then(flush) : flush();
            return charged;
          };
          if (f === '-') await forEachStreamLine(ctx.stdin, meter, each, flush);
          else await forEachTextLine(ctx.fs.readFile(path), meter, each);
          await flush();
        }
      }
    } catch (e) {
      if (!(e instanceof ExitProgram)) throw e;
      exitCode = e.code;
    }
    try {
      await runStmts(program.end);
    } catch (e) {
      if (!(e instanceof ExitProgram)) throw e;
      exitCode = e.code;
    }
  } catch (e) {
    await flush();
    if (e instanceof AwkError || e instanceof RegexSyntaxError) {
      await complain(ctx, e.message);
      return 2;
    }
    throw e;
  }
  await flush();
  return exitCode ?? 0;
};
