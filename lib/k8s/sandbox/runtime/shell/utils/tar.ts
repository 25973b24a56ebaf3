/**
 * busybox tar writing and reading real ustar archives (POSIX.1-1988, plus the PAX `path` and
 * GNU `L` long-name records Go's archive/tar writes), so `kubectl cp` works both ways: to a pod
 * kubectl pipes its own tar into `tar -xmf - -C <dir>`; from a pod it reads `tar cf - <path>`.
 * The VFS holds text, so file bodies travel as UTF-8 (binary files are not byte-exact).
 * `z` is accepted and ignored (no gzip in the sandbox). Extraction refuses member names with a
 * `..` component (GNU tar's rule), and is bounded: 64 MiB of archive, 10,000 members, and the
 * container's disk budget (the VFS refuses a write past it: "No space left on device").
 */
import { VfsError, type VfsStat } from '../../vfs-types';
import { dirnameOf, joinPath, normalizePath } from '../../vfs/path';
import type { ShellCommand, ShellCommandContext } from '../context';
import { complain, lines, parseArgs, resolvePath } from './helpers';

export const TAR_LIMITS = { maxArchiveBytes: 64 * 1024 * 1024, maxMembers: 10_000 };

const BLOCK = 512;

class TarFormatError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'TarFormatError';
  }
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** One 512-byte ustar header (checksum filled in). */
export function ustarHeader(name: string, type: 'file' | 'dir', size: number, mtime: number, mode: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new TarFormatError(`${name}: file name is too long`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.floor(mtime / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type === 'dir' ? '5' : '0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

const pad = (n: number) => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

export interface TarMember {
  name: string;
  type: 'file' | 'dir' | 'other';
  data: Buffer;
}

const field = (h: Buffer, at: number, len: number) => {
  const raw = h.subarray(at, at + len);
  const nul = raw.indexOf(0);
  return (nul >= 0 ? raw.subarray(0, nul) : raw).toString('utf8');
};

/** Reads every member; throws TarFormatError for what is not a tar archive. */
export function readTar(archive: Buffer, maxMembers = TAR_LIMITS.maxMembers): TarMember[] {
  const out: TarMember[] = [];
  let pos = 0;
  let longName: string | undefined;
  while (pos + BLOCK <= archive.length) {
    const h = archive.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (parseInt(field(h, 148, 8).trim() || 'x', 8) !== sum) throw new TarFormatError('invalid tar header checksum');
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new TarFormatError('invalid tar header size');
    const start = pos + BLOCK;
    if (start + size > archive.length) throw new TarFormatError('short read');
    const data = archive.subarray(start, start + size);
    pos = start + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    const flag = String.fromCharCode(h[156] || 0x30);
    if (flag === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    if (flag === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (flag === 'g') continue;
    const prefix = h.subarray(257, 262).toString('latin1') === 'ustar' ? field(h, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    if (out.length >= maxMembers) throw new TarFormatError(`too many members (the sandbox's limit is ${maxMembers})`);
    out.push({ name, type: flag === '5' ? 'dir' : flag === '0' || flag === '7' ? 'file' : 'other', data: Buffer.from(data) });
  }
  return out;
}

async function readStdinBounded(ctx: ShellCommandContext, max: number): Promise<string | undefined> {
  let out = '';
  for (let c = await ctx.stdin.read(); c !== null; c = await ctx.stdin.read()) {
    out += c;
    if (out.length > max) return undefined;
  }
  return out;
}

export const tar: ShellCommand = async (ctx) => {
  const argv = [...ctx.argv];
  if (argv[1] && !argv[1].startsWith('-')) argv[1] = `-${argv[1]}`;
  const { flags, values, operands } = parseArgs(argv, 'fCT');
  const archive = values.get('f');
  const dir = values.get('C') ? resolvePath(ctx, values.get('C')!) : ctx.cwd;
  const verbose = flags.has('v');
  if (flags.has('c')) {
    let names = [...operands];
    if (values.has('T')) {
      const listPath = resolvePath(ctx, values.get('T')!);
      if (!ctx.fs.exists(listPath)) {
        await complain(ctx, `can't open '${values.get('T')}': No such file or directory`);
        return 1;
      }
      names = names.concat(lines(ctx.fs.readFile(listPath)));
    }
    const parts: Buffer[] = [];
    let total = 0;
    const add = async (name: string, path: string): Promise<boolean> => {
      let st: VfsStat;
      try {
        st = ctx.fs.stat(path);
      } catch {
        await complain(ctx, `${name}: No such file or directory`);
        return false;
      }
      const rel = name.replace(/^\/+/, '') || '.';
      if (verbose) await ctx.stderr.write(`${rel}\n`);
      const mtime = (st as { mtime?: number }).mtime ?? 0;
      if (st.type === 'dir') {
        parts.push(ustarHeader(`${rel.replace(/\/$/, '')}/`, 'dir', 0, mtime, 0o755));
        for (const n of ctx.fs.readdir(path)) if (!(await add(`${name.replace(/\/$/, '')}/${n}`, joinPath(path, n)))) return false;
        return true;
      }
      const body = Buffer.from(ctx.fs.readFile(path), 'utf8');
      total += body.length;
      if (total > TAR_LIMITS.maxArchiveBytes) {
        await complain(ctx, `archive larger than the sandbox's ${TAR_LIMITS.maxArchiveBytes / 1024 / 1024} MiB`);
        return false;
      }
      parts.push(ustarHeader(rel, 'file', body.length, mtime, 0o644), body, pad(body.length));
      return true;
    };
    let ok = true;
    try {
      for (const n of names) ok = (await add(n, normalizePath(n, dir))) && ok;
    } catch (e) {
      if (!(e instanceof TarFormatError)) throw e;
      await complain(ctx, e.message);
      return 1;
    }
    parts.push(Buffer.alloc(BLOCK * 2));
    const body = Buffer.concat(parts).toString('utf8');
    if (!archive || archive === '-') await ctx.stdout.write(body);
    else ctx.fs.writeFile(resolvePath(ctx, archive), body);
    return ok ? 0 : 1;
  }
  if (flags.has('x') || flags.has('t')) {
    let text: string | undefined;
    if (!archive || archive === '-') {
      text = await readStdinBounded(ctx, TAR_LIMITS.maxArchiveBytes);
      if (text === undefined) {
        await complain(ctx, `archive larger than the sandbox's ${TAR_LIMITS.maxArchiveBytes / 1024 / 1024} MiB`);
        return 1;
      }
    } else if (ctx.fs.exists(resolvePath(ctx, archive))) text = ctx.fs.readFile(resolvePath(ctx, archive));
    if (text === undefined) {
      await complain(ctx, `can't open '${archive}': No such file or directory`);
      return 1;
    }
    let members: TarMember[];
    try {
      members = readTar(Buffer.from(text, 'utf8'));
    } catch (e) {
      if (!(e instanceof TarFormatError)) throw e;
      await complain(ctx, e.message === 'invalid tar header checksum' && !/ustar/.test(text.slice(257, 263)) ? 'invalid tar magic' : e.message);
      return 1;
    }
    let status = 0;
    for (const m of members) {
      const rel = m.name.replace(/^\/+/, '');
      if (rel.split('/').includes('..')) {
        await complain(ctx, `skipping '${m.name}': member name contains '..'`);
        status = 1;
        continue;
      }
      if (flags.has('t') || verbose) await ctx.stdout.write(`${rel.replace(/\/$/, '')}\n`);
      if (flags.has('t') || m.type === 'other' || rel === '' || rel === '.' || rel === './') continue;
      const target = normalizePath(rel, dir);
      try {
        if (m.type === 'dir') ctx.fs.mkdir(target, { recursive: true });
        else {
          ctx.fs.mkdir(dirnameOf(target), { recursive: true });
          ctx.fs.writeFile(target, m.data.toString('utf8'));
        }
      } catch (e) {
        if (!(e instanceof VfsError)) throw e;
        await complain(ctx, `${rel}: ${e.message.replace(/^.*: /, '')}`);
        return 1;
      }
    }
    return status;
  }
  await complain(ctx, 'must specify one of -c, -x, -t');
  return 1;
};
