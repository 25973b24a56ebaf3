/**
 * What an awk program runs with: values and their conversions, the runtime state the compiled
 * program (awk-parser.ts builds it as closures over a Runtime) reads and writes, the bounds of
 * what it may do between two records, the control-flow signals, and the builtin functions.
 * The command itself (argument parsing, records, files, output batches) is awk.ts.
 */
import { formatPrintf } from './printf';
import { compileRegex } from './regex';
import { AwkError, AwkOutOfMemoryError } from './awk-errors';

export type Value = string | number;

export class NextRecord {}
export class ExitProgram {
  constructor(readonly code: number) {}
}
export class LoopBreak {}
export class LoopContinue {}

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

/** One loop iteration or array insertion; throws past MAX_AWK_OPS in the slice. */
export function tick(rt: Runtime): void {
  if (++rt.ops > MAX_AWK_OPS) throw new AwkError(`loop limit exceeded (${MAX_AWK_OPS.toLocaleString('en')} iterations without reading a record)`);
}

export function bounded(s: string): string {
  if (s.length > MAX_AWK_CHARS) throw new AwkOutOfMemoryError(`a string of more than ${MAX_AWK_CHARS} characters`);
  return s;
}

/** A new element in one of the program's arrays. */
export function grew(rt: Runtime, n = 1): void {
  rt.ops += n;
  rt.elements += n;
  if (rt.elements > MAX_AWK_ELEMENTS) throw new AwkOutOfMemoryError(`more than ${MAX_AWK_ELEMENTS.toLocaleString('en')} array elements`);
}

export interface Runtime {
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

export type Expr = (rt: Runtime) => Value;
export type Stmt = (rt: Runtime) => void;
export type LValue = { get: Expr; set: (rt: Runtime, v: Value) => void };

export const toNum = (v: Value): number => (typeof v === 'number' ? v : Number.parseFloat(v) || (/^\s*[+-]?(\d|\.\d)/.test(v) ? Number.parseFloat(v) : 0));
export const toStr = (v: Value): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))) : v);
export const looksNumeric = (v: Value) => typeof v === 'number' || /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+)\s*$/.test(v);
export const truthy = (v: Value) => (typeof v === 'number' ? v !== 0 : v !== '');

export function compare(a: Value, b: Value): number {
  if (looksNumeric(a) && looksNumeric(b)) return toNum(a) - toNum(b);
  const x = toStr(a);
  const y = toStr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const BUILTIN_FUNCS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'toupper', 'tolower', 'int', 'sprintf', 'sqrt', 'rand', 'srand', 'system', 'exp', 'log', 'sin', 'cos', 'atan2']);

export function arith(op: string, a: Value, b: Value): number {
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

export function callBuiltin(name: string, args: Expr[], rt: Runtime, target: LValue | undefined): Value {
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

export function splitFields(record: string, fs: string): string[] {
  if (fs === ' ') return record.trim().split(/[ \t\n]+/).filter(Boolean);
  if (fs.length === 1 && fs !== '\\') return record === '' ? [] : record.split(fs);
  return record === '' ? [] : compileRegex(fs, { extended: true }).split(record);
}
