/**
 * `test` and `[` (POSIX test, busybox coreutils/test.c): file, string and integer tests with
 * ! ( ) -a -o. Returns 0 (true), 1 (false) or 2 with a message (syntax or bad number).
 */
import type { Vfs } from '../vfs-types';
import { normalizePath } from '../vfs/path';

export class TestSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestSyntaxError';
  }
}

const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-z', '-n', '-L', '-h', '-p', '-S', '-b', '-c', '-t', '-g', '-u', '-k', '-O', '-G']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

function toInt(s: string): number {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new TestSyntaxError(`${s}: bad number`);
  return Number(t);
}

export function evaluateTest(args: string[], fs: Vfs, cwd: string): boolean {
  let i = 0;
  const statOf = (p: string) => {
    try {
      return fs.stat(normalizePath(p, cwd));
    } catch {
      return undefined;
    }
  };
  const unary = (op: string, arg: string): boolean => {
    switch (op) {
      case '-z':
        return arg.length === 0;
      case '-n':
        return arg.length > 0;
      case '-t':
        return false;
    }
    if (arg === '') return false;
    const st = statOf(arg);
    switch (op) {
      case '-e':
        return !!st;
      case '-f':
        return st?.type === 'file';
      case '-d':
        return st?.type === 'dir';
      case '-s':
        return !!st && st.size > 0;
      case '-r':
      case '-w':
        return !!st;
      case '-x':
        return !!st && (st.type === 'dir' || (st.mode & 0o111) !== 0);
      default:
        return false;
    }
  };
  const binary = (a: string, op: string, b: string): boolean => {
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '-eq':
        return toInt(a) === toInt(b);
      case '-ne':
        return toInt(a) !== toInt(b);
      case '-lt':
        return toInt(a) < toInt(b);
      case '-le':
        return toInt(a) <= toInt(b);
      case '-gt':
        return toInt(a) > toInt(b);
      case '-ge':
        return toInt(a) >= toInt(b);
      case '-nt':
        return (statOf(a)?.mtimeMs ?? -Infinity) > (statOf(b)?.mtimeMs ?? -Infinity);
      case '-ot':
        return (statOf(a)?.mtimeMs ?? Infinity) < (statOf(b)?.mtimeMs ?? Infinity);
      default:
        return false;
    }
  };

  function primary(): boolean {
    const a = args[i];
    if (a === undefined) throw new TestSyntaxError('argument expected');
    if (a === '(' && args.length - i > 2) {
      i++;
      const v = or();
      if (args[i] !== ')') throw new TestSyntaxError(`missing )`);
      i++;
      return v;
    }
    if (BINARY.has(args[i + 1] ?? '') && i + 2 < args.length) {
      i += 3;
      return binary(a, args[i - 2], args[i - 1]);
    }
    if (UNARY.has(a) && i + 1 < args.length) {
      i += 2;
      return unary(a, args[i - 1]);
    }
    i++;
    return a.length > 0;
  }
  function not(): boolean {
    if (args[i] === '!' && i + 1 < args.length) {
      i++;
      return !not();
    }
    return primary();
  }
  function and(): boolean {
    let v = not();
    while (args[i] === '-a') {
      i++;
      const r = not();
      v = v && r;
    }
    return v;
  }
  function or(): boolean {
    let v = and();
    while (args[i] === '-o') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  }

  if (args.length === 0) return false;
  const result = or();
  if (i < args.length) throw new TestSyntaxError(`${args[i]}: unknown operand`);
  return result;
}
