/**
 * Word expansion (POSIX 2.6): tilde, parameters, command substitution and arithmetic, then
 * field splitting on IFS and pathname expansion against the VFS, then quote removal. Only
 * the results of unquoted expansions are split, and only unquoted glob characters glob.
 */
import type { ParamPart, Script, Word, WordPart } from './ast';
import { evaluateArithmetic } from './arith';
import { hasGlob, matchPattern, removeAffix, ReplacementTooLongError, replacePattern, unescapePattern } from './pattern';
import type { Vfs } from '../vfs-types';
import { normalizePath } from '../vfs/path';

export class ExpansionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpansionError';
  }
}

export interface ExpansionHost {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** $0 $1.. $# $@ $? $$ $! $- and dynamic ones ($RANDOM, $SECONDS). */
  special(name: string): string | undefined;
  positional(): string[];
  commandSubstitution(script: Script): Promise<string>;
  readonly fs: Vfs;
  readonly cwd: string;
  readonly nounset: boolean;
  readonly noglob: boolean;
}

/**
 * Most characters one word may expand to (16 MiB). `x=a; while :; do x="$x$x"; done` doubles a
 * string a step at a time; past a few hundred megabytes V8 cannot build it and the portal's heap
 * is gone before that. bash fails it with `xrealloc: cannot allocate`; this shell with
 * `out of memory`, as an expansion error (the script ends with status 2).
 */
export const MAX_WORD_CHARS = 16 * 1024 * 1024;

export class WordTooLongError extends ExpansionError {
  constructor(readonly chars: number) {
    super(`out of memory (a word of more than ${MAX_WORD_CHARS} characters)`);
    this.name = 'WordTooLongError';
  }
}

/** A piece of an expanded word: quoted pieces are never split or globbed. */
interface Piece {
  text: string;
  quoted: boolean;
  /** Unquoted expansion result: subject to field splitting. */
  split: boolean;
}

/** A hard field boundary ("$@" between positional parameters). */
const BREAK = Symbol('field-break');
type Seg = Piece | typeof BREAK;

/** Full expansion of command words: may yield zero, one or many fields. */
export async function expandWords(words: Word[], host: ExpansionHost): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) {
    const segs = await expandSegments(w.parts, host, false);
    for (const field of splitFields(segs, ifsOf(host))) {
      const pattern = field.map((p) => (p.quoted ? escapeGlob(p.text) : p.text)).join('');
      const globbable = !host.noglob && field.some((p) => !p.quoted && hasGlob(p.text));
      if (globbable) {
        const matches = glob(pattern, host.fs, host.cwd);
        if (matches.length) {
          out.push(...matches);
          continue;
        }
        out.push(unescapePattern(pattern));
        continue;
      }
      out.push(field.map((p) => p.text).join(''));
    }
  }
  return out;
}

/** Expansion without splitting or globbing: assignments, redirection targets, case words, here-docs. */
export async function expandWord(word: Word, host: ExpansionHost): Promise<string> {
  const segs = await expandSegments(word.parts, host, false);
  return segs.map((s) => (s === BREAK ? ' ' : s.text)).join('');
}

/** A word used as a pattern (case, ${x%pat}): quoted characters match literally. */
export async function expandPattern(word: Word, host: ExpansionHost): Promise<string> {
  const segs = await expandSegments(word.parts, host, false);
  return segs.map((s) => (s === BREAK ? ' ' : s.quoted ? escapeGlob(s.text) : s.text)).join('');
}

function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

function ifsOf(host: ExpansionHost): string {
  return host.getVar('IFS') ?? ' \t\n';
}

async function expandSegments(parts: WordPart[], host: ExpansionHost, inQuotes: boolean): Promise<Seg[]> {
  const out: Seg[] = [];
  let chars = 0;
  let counted = 0;
  for (let i = 0; i < parts.length; i++) {
    // Checked before the pieces are joined: "$x$x" with x at the limit is refused unbuilt.
    for (; counted < out.length; counted++) {
      const seg = out[counted];
      if (seg !== BREAK) chars += seg.text.length;
    }
    if (chars > MAX_WORD_CHARS) throw new WordTooLongError(chars);
    const p = parts[i];
    switch (p.type) {
      case 'lit': {
        let text = p.text;
        if (i === 0 && !inQuotes && (text === '~' || text.startsWith('~/'))) text = (host.getVar('HOME') ?? '/root') + text.slice(1);
        out.push({ text, quoted: inQuotes, split: false });
        break;
      }
      case 'sq':
      case 'esc':
        out.push({ text: p.text, quoted: true, split: false });
        break;
      case 'dq': {
        const inner = await expandSegments(p.parts, host, true);
        // "" still makes a (empty) field.
        out.push({ text: '', quoted: true, split: false }, ...inner);
        break;
      }
      case 'param': {
        if ((p.name === '@' || (p.name === '*' && !inQuotes)) && !p.op && !p.length) {
          const args = host.positional();
          if (inQuotes && p.name === '@') {
            args.forEach((a, k) => {
              if (k > 0) out.push(BREAK);
              out.push({ text: a, quoted: true, split: false });
            });
          } else out.push({ text: args.join(' '), quoted: false, split: true });
          break;
        }
        const value = await expandParam(p, host);
        out.push({ text: value, quoted: inQuotes, split: !inQuotes });
        break;
      }
      case 'cmdsub': {
        const text = (await host.commandSubstitution(p.script)).replace(/\n+$/, '');
        out.push({ text, quoted: inQuotes, split: !inQuotes });
        break;
      }
      case 'arith': {
        const expr = await expandWord(p.expr, host);
        let value: number;
        try {
          value = evaluateArithmetic(expr, { get: (n) => host.getVar(n), set: (n, v) => host.setVar(n, v) });
        } catch (e) {
          throw new ExpansionError(e instanceof Error ? e.message : String(e));
        }
        out.push({ text: String(value), quoted: inQuotes, split: !inQuotes });
        break;
      }
    }
  }
  for (; counted < out.length; counted++) {
    const seg = out[counted];
    if (seg !== BREAK) chars += seg.text.length;
  }
  if (chars > MAX_WORD_CHARS) throw new WordTooLongError(chars);
  return out;
}

function lookup(name: string, host: ExpansionHost): string | undefined {
  if (/^[A-Za-z_]/.test(name)) {
    const special = host.special(name);
    return special ?? host.getVar(name);
  }
  return host.special(name);
}

async function expandParam(p: ParamPart, host: ExpansionHost): Promise<string> {
  const value = lookup(p.name, host);
  if (p.length) return String((value ?? '').length);
  const arg = async () => (p.arg ? expandWord(p.arg, host) : '');
  switch (p.op) {
    case undefined:
      if (value === undefined && host.nounset && p.name !== '@' && p.name !== '*') throw new ExpansionError(`${p.name}: parameter not set`);
      return value ?? '';
    case ':-':
      return value ? value : arg();
    case '-':
      return value !== undefined ? value : arg();
    case ':=':
    case '=': {
      if (p.op === ':=' ? value : value !== undefined) return value!;
      const v = await arg();
      host.setVar(p.name, v);
      return v;
    }
    case ':+':
      return value ? arg() : '';
    case '+':
      return value !== undefined ? arg() : '';
    case ':?':
    case '?': {
      if (p.op === ':?' ? value : value !== undefined) return value!;
      const msg = await arg();
      throw new ExpansionError(`${p.name}: ${msg || (p.op === ':?' ? 'parameter null or not set' : 'parameter not set')}`);
    }
    case '#':
    case '##':
    case '%':
    case '%%':
      return removeAffix(value ?? '', p.arg ? await expandPattern(p.arg, host) : '', p.op);
    case '/':
    case '//': {
      const pat = p.arg ? await expandPattern(p.arg, host) : '';
      const rep = p.arg2 ? await expandWord(p.arg2, host) : '';
      try {
        return pat ? replacePattern(value ?? '', pat, rep, p.op === '//', MAX_WORD_CHARS) : (value ?? '');
      } catch (e) {
        if (e instanceof ReplacementTooLongError) throw new WordTooLongError(e.maxLength);
        throw e;
      }
    }
    case ':': {
      const v = value ?? '';
      const vars = { get: (n: string) => host.getVar(n), set: (n: string, x: string) => host.setVar(n, x) };
      let off = evaluateArithmetic(await arg(), vars);
      if (off < 0) off = Math.max(0, v.length + off);
      if (!p.arg2) return v.slice(off);
      const len = evaluateArithmetic(await expandWord(p.arg2, host), vars);
      return len < 0 ? v.slice(off, v.length + len) : v.slice(off, off + len);
    }
  }
}

/** Field splitting: unquoted expansion results break at IFS characters. */
function splitFields(segs: Seg[], ifs: string): Piece[][] {
  const fields: Piece[][] = [];
  let cur: Piece[] | undefined;
  const white = [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  const hard = [...ifs].filter((c) => !white.includes(c)).join('');
  for (const s of segs) {
    if (s === BREAK) {
      fields.push(cur ?? []);
      cur = undefined;
      continue;
    }
    if (!s.split || !ifs) {
      (cur ??= []).push(s);
      continue;
    }
    let buf = '';
    for (const c of s.text) {
      if (white.includes(c)) {
        if (buf) (cur ??= []).push({ text: buf, quoted: false, split: false });
        buf = '';
        if (cur) fields.push(cur);
        cur = undefined;
      } else if (hard.includes(c)) {
        if (buf) (cur ??= []).push({ text: buf, quoted: false, split: false });
        buf = '';
        fields.push(cur ?? []);
        cur = undefined;
      } else buf += c;
    }
    if (buf) (cur ??= []).push({ text: buf, quoted: false, split: false });
  }
  if (cur) fields.push(cur);
  return fields;
}

/** Pathname expansion: sorted matches of the pattern in the VFS (dot files only for a leading dot). */
export function glob(pattern: string, fs: Vfs, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  let paths: string[] = [absolute ? '/' : ''];
  for (const comp of comps) {
    if (comp === '') continue;
    const next: string[] = [];
    for (const base of paths) {
      const dir = base === '' ? cwd : normalizePath(base, cwd);
      if (!hasGlob(comp)) {
        const candidate = base === '' ? unescapePattern(comp) : base === '/' ? `/${unescapePattern(comp)}` : `${base}/${unescapePattern(comp)}`;
        if (fs.exists(normalizePath(candidate, cwd))) next.push(candidate);
        continue;
      }
      let names: string[];
      try {
        if (fs.stat(dir).type !== 'dir') continue;
        names = fs.readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.') && !comp.startsWith('.') && !comp.startsWith('\\.')) continue;
        if (matchPattern(comp, name)) next.push(base === '' ? name : base === '/' ? `/${name}` : `${base}/${name}`);
      }
    }
    paths = next;
    if (!paths.length) return [];
  }
  if (pattern.endsWith('/')) paths = paths.filter((p) => safeIsDir(fs, normalizePath(p, cwd))).map((p) => `${p}/`);
  return paths.sort();
}

function safeIsDir(fs: Vfs, path: string): boolean {
  try {
    return fs.stat(path).type === 'dir';
  } catch {
    return false;
  }
}
