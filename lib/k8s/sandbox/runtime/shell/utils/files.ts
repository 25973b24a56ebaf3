/** File utilities over the VFS: ls, mkdir, touch, rm, cp, mv, find, basename, dirname, tar, xargs, chmod. */
import { VfsError, type VfsStat } from '../../vfs-types';
import { copyTree } from '../../vfs/layered-vfs';
import { basenameOf, joinPath } from '../../vfs/path';
import type { ShellCommand, ShellCommandContext } from '../context';
import { readAll, StringSource } from '../io';
import { matchPattern } from '../pattern';
import { complain, lines, parseArgs, print, resolvePath } from './helpers';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function reason(e: unknown): string {
  if (e instanceof VfsError) return e.message.replace(/^.*: /, '');
  throw e;
}

function modeString(st: VfsStat): string {
  const bits = 'rwxrwxrwx';
  let s = st.type === 'dir' ? 'd' : '-';
  for (let i = 0; i < 9; i++) s += st.mode & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}

function lsTime(ms: number, now: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2);
  const recent = now - ms < 182 * 24 * 3600 * 1000 && ms <= now + 3600 * 1000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

export const ls: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const long = flags.has('l');
  const all = flags.has('a') || flags.has('A');
  const onePerLine = flags.has('1') || long || !ctx.tty;
  const targets = operands.length ? operands : ['.'];
  let status = 0;
  const fileRows: { name: string; st: VfsStat }[] = [];
  const dirs: { name: string; entries: { name: string; st: VfsStat }[] }[] = [];
  for (const t of targets) {
    const path = resolvePath(ctx, t);
    let st: VfsStat;
    try {
      st = ctx.fs.stat(path);
    } catch (e) {
      await complain(ctx, `${t}: ${reason(e)}`);
      status = 1;
      continue;
    }
    if (st.type === 'file' || flags.has('d')) {
      fileRows.push({ name: t, st });
      continue;
    }
    const names = ctx.fs.readdir(path).filter((n) => all || !n.startsWith('.'));
    dirs.push({ name: t, entries: names.map((n) => ({ name: n, st: ctx.fs.stat(joinPath(path, n)) })) });
  }
  const order = (rows: { name: string; st: VfsStat }[]) => {
    const sorted = [...rows];
    if (flags.has('t')) sorted.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs || (a.name < b.name ? -1 : 1));
    else if (flags.has('S')) sorted.sort((a, b) => b.st.size - a.st.size);
    else sorted.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (flags.has('r')) sorted.reverse();
    return sorted;
  };
  const render = (rows: { name: string; st: VfsStat }[]) => {
    const ordered = order(rows);
    if (!long) return onePerLine ? ordered.map((r) => `${r.name}\n`).join('') : ordered.length ? `${ordered.map((r) => r.name).join('  ')}\n` : '';
    const now = ctx.clock.now();
    return ordered.map((r) => `${modeString(r.st)}    1 root     root     ${String(r.st.size).padStart(9)} ${lsTime(r.st.mtimeMs, now)} ${r.name}\n`).join('');
  };
  let out = render(fileRows);
  const multiple = targets.length > 1;
  dirs.forEach((d, i) => {
    if (multiple) out += `${out || i ? '\n' : ''}${d.name}:\n`;
    // 1 KiB blocks of 4 KiB filesystem blocks, as on the node's tmpfs.
    if (long) out += `total ${d.entries.reduce((n, e) => n + (e.st.type === 'file' ? Math.ceil(e.st.size / 4096) * 4 : 0), 0)}\n`;
    out += render(d.entries);
  });
  await print(ctx, out);
  return status;
};

export const mkdir: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv, 'm');
  let status = 0;
  for (const d of operands) {
    try {
      ctx.fs.mkdir(resolvePath(ctx, d), { recursive: flags.has('p') });
    } catch (e) {
      await complain(ctx, `can't create directory '${d}': ${reason(e)}`);
      status = 1;
    }
  }
  return status;
};

export const touch: ShellCommand = async (ctx) => {
  const { operands } = parseArgs(ctx.argv, 'dtr');
  let status = 0;
  for (const f of operands) {
    const path = resolvePath(ctx, f);
    try {
      // Rewriting the same content moves mtime to now (the Vfs has no utimes).
      if (ctx.fs.exists(path)) {
        if (ctx.fs.stat(path).type === 'file') ctx.fs.writeFile(path, '', { append: true });
      } else ctx.fs.writeFile(path, '');
    } catch (e) {
      await complain(ctx, `${f}: ${reason(e)}`);
      status = 1;
    }
  }
  return status;
};

export const rm: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const recursive = flags.has('r') || flags.has('R');
  const force = flags.has('f');
  let status = 0;
  for (const f of operands) {
    const path = resolvePath(ctx, f);
    try {
      if (!ctx.fs.exists(path)) {
        if (!force) {
          await complain(ctx, `can't remove '${f}': No such file or directory`);
          status = 1;
        }
        continue;
      }
      if (ctx.fs.stat(path).type === 'dir' && !recursive) {
        await complain(ctx, `'${f}' is a directory`);
        status = 1;
        continue;
      }
      ctx.fs.rm(path, { recursive, force });
    } catch (e) {
      await complain(ctx, `can't remove '${f}': ${reason(e)}`);
      status = 1;
    }
  }
  return status;
};

function isDir(ctx: ShellCommandContext, path: string): boolean {
  try {
    return ctx.fs.stat(path).type === 'dir';
  } catch {
    return false;
  }
}

const copyOrMove =
  (move: boolean): ShellCommand =>
  async (ctx) => {
    const { flags, operands } = parseArgs(ctx.argv);
    if (operands.length < 2) {
      await complain(ctx, 'missing file operand');
      return 1;
    }
    const dest = operands[operands.length - 1];
    const destPath = resolvePath(ctx, dest);
    const destIsDir = isDir(ctx, destPath);
    let status = 0;
    for (const src of operands.slice(0, -1)) {
      const srcPath = resolvePath(ctx, src);
      try {
        if (!ctx.fs.exists(srcPath)) {
          await complain(ctx, `can't stat '${src}': No such file or directory`);
          status = 1;
          continue;
        }
        const target = destIsDir && !/\/\.$/.test(src) ? joinPath(destPath, basenameOf(srcPath)) : destPath;
        if (move) {
          ctx.fs.rename(srcPath, target);
          continue;
        }
        if (isDir(ctx, srcPath)) {
          if (!flags.has('r') && !flags.has('R') && !flags.has('a')) {
            await complain(ctx, `omitting directory '${src}'`);
            status = 1;
            continue;
          }
          // `cp -r dir/. dest/` copies the contents of dir into dest.
          if (/\/\.$/.test(src) && isDir(ctx, target)) {
            for (const n of ctx.fs.readdir(srcPath)) copyTree(ctx.fs, joinPath(srcPath, n), ctx.fs, joinPath(target, n));
          } else copyTree(ctx.fs, srcPath, ctx.fs, target);
        } else ctx.fs.writeFile(target, ctx.fs.readFile(srcPath));
      } catch (e) {
        await complain(ctx, `can't ${move ? 'move' : 'create'} '${dest}': ${reason(e)}`);
        status = 1;
      }
    }
    return status;
  };

export const cp = copyOrMove(false);
export const mv = copyOrMove(true);

export const basename: ShellCommand = async (ctx) => {
  const [name, suffix] = ctx.argv.slice(1);
  if (name === undefined) {
    await complain(ctx, 'usage: basename FILE [SUFFIX]');
    return 1;
  }
  let b = name.replace(/\/+$/, '').replace(/^.*\//, '') || (name.startsWith('/') ? '/' : '');
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  await print(ctx, `${b}\n`);
  return 0;
};

export const dirname: ShellCommand = async (ctx) => {
  const name = ctx.argv[1];
  if (name === undefined) {
    await complain(ctx, 'usage: dirname FILENAME');
    return 1;
  }
  const trimmed = name.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  await print(ctx, `${i < 0 ? '.' : i === 0 ? '/' : trimmed.slice(0, i)}\n`);
  return 0;
};

export const chmod: ShellCommand = async (ctx) => {
  const files = ctx.argv.slice(2);
  for (const f of files) {
    if (!ctx.fs.exists(resolvePath(ctx, f))) {
      await complain(ctx, `${f}: No such file or directory`);
      return 1;
    }
  }
  return 0;
};

/** find PATH... [-name P] [-iname P] [-type f|d] [-mtime N] [-mmin N] [-maxdepth N] [-mindepth N] [-print] [-delete] [! expr] */
export const find: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  const starts: string[] = [];
  while (args.length && !args[0].startsWith('-') && args[0] !== '!' && args[0] !== '(') starts.push(args.shift()!);
  if (!starts.length) starts.push('.');
  type Test = (path: string, st: VfsStat, depth: number) => boolean;
  const tests: Test[] = [];
  let maxDepth = Infinity;
  let minDepth = 0;
  let del = false;
  // An action (-delete) turns off the implicit -print unless -print is given too.
  let print_ = false;
  let negate = false;
  const now = ctx.clock.now();
  const age = (spec: string, unitMs: number): ((ms: number) => boolean) => {
    const n = Number(spec.replace(/^[+-]/, ''));
    return (mtime) => {
      const units = Math.floor((now - mtime) / unitMs);
      return spec.startsWith('+') ? units > n : spec.startsWith('-') ? units < n : units === n;
    };
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let t: Test | undefined;
    switch (a) {
      case '!':
      case '-not':
        negate = true;
        continue;
      case '-name': {
        const p = args[++i];
        t = (path) => matchPattern(p, basenameOf(path));
        break;
      }
      case '-iname': {
        const p = args[++i].toLowerCase();
        t = (path) => matchPattern(p, basenameOf(path).toLowerCase());
        break;
      }
      case '-path': {
        const p = args[++i];
        t = (path) => matchPattern(p, path);
        break;
      }
      case '-type': {
        const ty = args[++i];
        t = (_p, st) => (ty === 'd' ? st.type === 'dir' : ty === 'f' ? st.type === 'file' : false);
        break;
      }
      case '-mtime': {
        const f = age(args[++i], 24 * 3600 * 1000);
        t = (_p, st) => f(st.mtimeMs);
        break;
      }
      case '-mmin': {
        const f = age(args[++i], 60 * 1000);
        t = (_p, st) => f(st.mtimeMs);
        break;
      }
      case '-maxdepth':
        maxDepth = Number(args[++i]);
        continue;
      case '-mindepth':
        minDepth = Number(args[++i]);
        continue;
      case '-print':
        print_ = true;
        continue;
      case '-a':
        continue;
      case '-delete':
        del = true;
        continue;
      default:
        await complain(ctx, `unrecognized: ${a}`);
        return 1;
    }
    const test = t;
    tests.push(negate ? (p, s, d) => !test(p, s, d) : test);
    negate = false;
  }
  let status = 0;
  const found: string[] = [];
  const walk = (shown: string, path: string, depth: number) => {
    const st = ctx.fs.stat(path);
    if (depth >= minDepth && tests.every((t) => t(shown, st, depth))) found.push(shown);
    if (st.type === 'dir' && depth < maxDepth) {
      for (const n of ctx.fs.readdir(path)) walk(shown.endsWith('/') ? `${shown}${n}` : `${shown}/${n}`, joinPath(path, n), depth + 1);
    }
  };
  for (const s of starts) {
    const path = resolvePath(ctx, s);
    if (!ctx.fs.exists(path)) {
      await complain(ctx, `${s}: No such file or directory`);
      status = 1;
      continue;
    }
    walk(s, path, 0);
  }
  if (print_ || !del) await print(ctx, found.map((f) => `${f}\n`).join(''));
  if (del) {
    for (const f of [...found].reverse()) {
      try {
        ctx.fs.rm(resolvePath(ctx, f), { recursive: true, force: true });
      } catch (e) {
        await complain(ctx, `${f}: ${reason(e)}`);
        status = 1;
      }
    }
  }
  return status;
};

/** xargs [-n N] [-I REPL] [-r] [CMD [ARGS]]: runs CMD with arguments read from stdin. */
export const xargs: ShellCommand = async (ctx) => {
  const argv = ctx.argv;
  let i = 1;
  let perCall = Infinity;
  let replace: string | undefined;
  let noEmpty = false;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    if (argv[i] === '-n') perCall = Number(argv[++i]);
    else if (argv[i] === '-I') replace = argv[++i];
    else if (argv[i] === '-r') noEmpty = true;
    else if (argv[i] === '-0' || argv[i] === '-t') continue;
  }
  const cmd = argv.slice(i).length ? argv.slice(i) : ['echo'];
  const input = await readAll(ctx.stdin);
  const items = replace ? lines(input) : input.split(/\s+/).filter(Boolean);
  if (!items.length && (noEmpty || replace)) return 0;
  let status = 0;
  const stdin = new StringSource(null);
  if (replace) {
    for (const item of items) {
      const r = await ctx.run(cmd.map((a) => a.split(replace!).join(item)), { stdin });
      if (r !== 0) status = 123;
    }
    return status;
  }
  const size = Number.isFinite(perCall) ? perCall : Math.max(1, items.length);
  for (let k = 0; k === 0 || k < items.length; k += size) {
    const r = await ctx.run([...cmd, ...items.slice(k, k + size)], { stdin });
    if (r === 127) return 127;
    if (r !== 0) status = 123;
  }
  return status;
};

export const realpath: ShellCommand = async (ctx) => {
  const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  await print(ctx, files.map((f) => `${resolvePath(ctx, f)}\n`).join(''));
  return 0;
};
