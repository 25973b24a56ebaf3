/** Small helpers shared by the utilities: output, errors, input files, option parsing. */
import { VfsError } from '../../vfs-types';
import { normalizePath } from '../../vfs/path';
import type { ShellCommandContext } from '../context';
import { readAll } from '../io';

export async function print(ctx: ShellCommandContext, text: string): Promise<void> {
  if (text) await ctx.stdout.write(text);
}

/** `<cmd>: <message>` on stderr, as busybox applets report. */
export async function complain(ctx: ShellCommandContext, message: string): Promise<void> {
  await ctx.stderr.write(`${ctx.argv[0].replace(/^.*\//, '')}: ${message}\n`);
}

export function resolvePath(ctx: ShellCommandContext, path: string): string {
  return normalizePath(path, ctx.cwd);
}

/** The message busybox prints for a failed file operation on path (as the user typed it). */
export function fsMessage(e: unknown, path: string): string {
  if (e instanceof VfsError) return `${path}: ${e.message.replace(/^.*: /, '')}`;
  throw e;
}

/** Reads a file as the user named it ('-' is stdin); undefined after printing busybox's error. */
export async function readInput(ctx: ShellCommandContext, file: string): Promise<string | undefined> {
  if (file === '-') return readAll(ctx.stdin);
  const path = resolvePath(ctx, file);
  try {
    return ctx.fs.readFile(path);
  } catch (e) {
    if (e instanceof VfsError && e.code === 'EISDIR') await complain(ctx, `read error: Is a directory`);
    else await complain(ctx, `can't open '${file}': ${e instanceof VfsError ? e.message.replace(/^.*: /, '') : String(e)}`);
    return undefined;
  }
}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  operands: string[];
}

/**
 * getopt-style parsing: `-abc` is a, b, c; letters in withValue take the rest of the word or
 * the next argument (`-n5`, `-n 5`); `--` ends options; `-5` is kept as flag '5...' when
 * numericFlag names the option it stands for (head -5 = head -n 5).
 */
export function parseArgs(argv: string[], withValue = '', numericFlag?: string, longFlags: Record<string, string> = {}): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const [name, v] = a.slice(2).split('=', 2);
      const mapped = longFlags[name];
      if (mapped && withValue.includes(mapped)) values.set(mapped, v ?? argv[++i] ?? '');
      else if (mapped) flags.add(mapped);
      else flags.add(`--${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (numericFlag && /^-\d+$/.test(a)) {
        values.set(numericFlag, a.slice(1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (withValue.includes(c)) {
          values.set(c, j + 1 < a.length ? a.slice(j + 1) : (argv[++i] ?? ''));
          break;
        }
        flags.add(c);
      }
      continue;
    }
    operands.push(a);
  }
  return { flags, values, operands };
}

/** Backslash escapes of echo -e and printf (\n \t \\ \0NNN \xHH); stop=true at \c. */
export function unescape(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i === text.length - 1) {
      out += c;
      continue;
    }
    const n = text[++i];
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'e': out += '\x1b'; break;
      case '\\': out += '\\'; break;
      case 'c': return { text: out, stop: true };
      case '0': {
        const m = /^[0-7]{0,3}/.exec(text.slice(i + 1))![0];
        out += String.fromCharCode(parseInt(m || '0', 8));
        i += m.length;
        break;
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      default:
        out += `\\${n}`;
    }
  }
  return { text: out, stop: false };
}

/** Splits text into lines without their newlines (a trailing newline makes no empty last line). */
export function lines(text: string): string[] {
  if (!text) return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}
