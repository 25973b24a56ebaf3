/**
 * Text utilities (busybox coreutils and findutils applets). Filters that can stream do: cat,
 * grep, head, tee, tr, cut process input as it arrives, so they work behind `tail -f`.
 */
import { createHash } from 'node:crypto';
import type { ShellCommand, ShellCommandContext } from '../context';
import { forEachLine, readAll } from '../io';
import { complain, lines, parseArgs, print, readInput, resolvePath, unescape } from './helpers';
import { literalSource, PosixRegex, posixToRe2, RegexSyntaxError } from './regex';
import { formatPrintf } from './printf';

/** Reads every operand (or stdin when there is none); status 1 if one could not be read. */
async function inputs(ctx: ShellCommandContext, files: string[]): Promise<{ texts: { name: string; text: string }[]; status: number }> {
  const texts: { name: string; text: string }[] = [];
  let status = 0;
  for (const f of files.length ? files : ['-']) {
    const text = await readInput(ctx, f);
    if (text === undefined) status = 1;
    else texts.push({ name: f, text });
  }
  return { texts, status };
}

export const echo: ShellCommand = async (ctx) => {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < ctx.argv.length && /^-[neE]+$/.test(ctx.argv[i]); i++) {
    for (const f of ctx.argv[i].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = ctx.argv.slice(i).join(' ');
  if (escapes) {
    const u = unescape(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  await ctx.stdout.write(newline ? `${text}\n` : text);
  return 0;
};

export const printf: ShellCommand = async (ctx) => {
  if (ctx.argv.length < 2) {
    await complain(ctx, 'usage: printf FORMAT [ARG]...');
    return 1;
  }
  const r = formatPrintf(ctx.argv[1], ctx.argv.slice(2));
  await print(ctx, r.text);
  for (const e of r.errors) await complain(ctx, e);
  return r.errors.length ? 1 : 0;
};

export const cat: ShellCommand = async (ctx) => {
  const { operands } = parseArgs(ctx.argv);
  let status = 0;
  for (const f of operands.length ? operands : ['-']) {
    if (f === '-') {
      for (let c = await ctx.stdin.read(); c !== null; c = await ctx.stdin.read()) await ctx.stdout.write(c);
      continue;
    }
    const text = await readInput(ctx, f);
    if (text === undefined) status = 1;
    else await print(ctx, text);
  }
  return status;
};

export const head: ShellCommand = async (ctx) => {
  const { values, operands } = parseArgs(ctx.argv, 'nc', 'n');
  const n = Number(values.get('n') ?? 10);
  const files = operands.length ? operands : ['-'];
  let status = 0;
  for (const [k, f] of files.entries()) {
    if (files.length > 1) await print(ctx, `${k ? '\n' : ''}==> ${f} <==\n`);
    if (values.has('c')) {
      const text = await readInput(ctx, f);
      if (text === undefined) status = 1;
      else await print(ctx, text.slice(0, Number(values.get('c'))));
      continue;
    }
    if (f === '-') {
      let count = 0;
      if (n <= 0) continue;
      await forEachLine(ctx.stdin, async (line, partial) => {
        await ctx.stdout.write(partial ? line : `${line}\n`);
        return ++count < n;
      });
      continue;
    }
    const text = await readInput(ctx, f);
    if (text === undefined) status = 1;
    else await print(ctx, lines(text).slice(0, Math.max(0, n)).map((l) => `${l}\n`).join(''));
  }
  return status;
};

function lastLines(text: string, n: number, fromStart: boolean): string {
  const all = lines(text);
  const endsWithNewline = text.endsWith('\n');
  const picked = fromStart ? all.slice(Math.max(0, n - 1)) : n === 0 ? [] : all.slice(-n);
  if (!picked.length) return '';
  const joined = picked.join('\n');
  return endsWithNewline || picked.length < all.length || fromStart ? (endsWithNewline ? `${joined}\n` : joined) : joined;
}

/** Resolves at the next write to path, or rejects with AbortError when the process is signalled. */
function nextChange(ctx: ShellCommandContext, watched: { dirty: boolean; wake?: () => void }): Promise<void> {
  if (watched.dirty) {
    watched.dirty = false;
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      watched.wake = undefined;
      const e = new Error(`aborted by ${String(ctx.signal.reason)}`);
      e.name = 'AbortError';
      reject(e);
    };
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    watched.wake = () => {
      ctx.signal.removeEventListener('abort', onAbort);
      watched.dirty = false;
      resolve();
    };
  });
}

/** tail [-n N] [-f|-F] FILE: -f follows appends until killed (busybox coreutils/tail.c). */
export const tail: ShellCommand = async (ctx) => {
  const { flags, values, operands } = parseArgs(ctx.argv, 'nc', 'n', { follow: 'f', retry: 'F' });
  const nSpec = values.get('n') ?? '10';
  const fromStart = nSpec.startsWith('+');
  const n = Math.abs(Number(nSpec));
  const follow = flags.has('f') || flags.has('F');
  const retry = flags.has('F');
  const files = operands.length ? operands : ['-'];
  if (files.length === 1 && files[0] === '-') {
    await print(ctx, lastLines(await readAll(ctx.stdin), n, fromStart));
    return 0;
  }
  let status = 0;
  const followed: { file: string; path: string; offset: number }[] = [];
  for (const [k, f] of files.entries()) {
    const path = resolvePath(ctx, f);
    if (files.length > 1) await print(ctx, `${k ? '\n' : ''}==> ${f} <==\n`);
    if (!ctx.fs.exists(path)) {
      await complain(ctx, `can't open '${f}': No such file or directory`);
      status = 1;
      if (retry) followed.push({ file: f, path, offset: 0 });
      continue;
    }
    const text = ctx.fs.readFile(path);
    await print(ctx, values.has('c') ? text.slice(-Number(values.get('c'))) : lastLines(text, n, fromStart));
    followed.push({ file: f, path, offset: text.length });
  }
  if (!follow) return status;
  if (!followed.length) {
    await complain(ctx, 'no files');
    return 1;
  }
  const watched: { dirty: boolean; wake?: () => void } = { dirty: false };
  const offs = followed.map((f) =>
    ctx.fs.watch(f.path, () => {
      watched.dirty = true;
      watched.wake?.();
    }),
  );
  try {
    for (;;) {
      await nextChange(ctx, watched);
      for (const f of followed) {
        if (!ctx.fs.exists(f.path)) continue;
        const text = ctx.fs.readFile(f.path);
        if (text.length < f.offset) {
          await complain(ctx, `${f.file}: file truncated`);
          f.offset = 0;
        }
        if (text.length > f.offset) {
          const chunk = text.slice(f.offset);
          f.offset = text.length;
          await ctx.stdout.write(chunk);
        }
      }
    }
  } finally {
    for (const off of offs) off();
  }
};

export const wc: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const want = ['l', 'w', 'c'].filter((f) => flags.has(f) || (f === 'c' && flags.has('m')));
  const cols = want.length ? want : ['l', 'w', 'c'];
  const { texts, status } = await inputs(ctx, operands);
  const totals = { l: 0, w: 0, c: 0 };
  const rows: string[] = [];
  for (const { name, text } of texts) {
    const counts = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: text.length };
    totals.l += counts.l;
    totals.w += counts.w;
    totals.c += counts.c;
    const nums = cols.map((c) => counts[c as 'l' | 'w' | 'c']);
    // busybox: a single count of stdin prints the bare number; otherwise columns of width 7+.
    if (operands.length === 0) rows.push(nums.length === 1 ? `${nums[0]}` : nums.map((x) => String(x).padStart(7)).join(' '));
    else rows.push(`${nums.map((x) => String(x).padStart(7)).join(' ')} ${name}`);
  }
  if (texts.length > 1) rows.push(`${cols.map((c) => String(totals[c as 'l' | 'w' | 'c']).padStart(7)).join(' ')} total`);
  await print(ctx, rows.map((r) => `${r}\n`).join(''));
  return status;
};

export const sort: ShellCommand = async (ctx) => {
  const { flags, values, operands } = parseArgs(ctx.argv, 'ktT');
  const { texts, status } = await inputs(ctx, operands);
  let all = texts.flatMap((t) => lines(t.text));
  const sep = values.get('t');
  const keySpec = values.get('k');
  const key = (l: string): string => {
    if (!keySpec) return l;
    const [start, end] = keySpec.split(',').map((x) => Number.parseInt(x, 10));
    const fields = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return fields.slice(start - 1, end ? end : undefined).join(sep ?? ' ');
  };
  const numeric = flags.has('n') || flags.has('g') || flags.has('h');
  const cmp = (a: string, b: string): number => {
    const ka = flags.has('f') ? key(a).toLowerCase() : key(a);
    const kb = flags.has('f') ? key(b).toLowerCase() : key(b);
    if (numeric) {
      const d = (Number.parseFloat(ka) || 0) - (Number.parseFloat(kb) || 0);
      if (d !== 0) return d;
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  all.sort(cmp);
  if (flags.has('r')) all.reverse();
  if (flags.has('u')) all = all.filter((l, i) => i === 0 || cmp(all[i - 1], l) !== 0);
  await print(ctx, all.map((l) => `${l}\n`).join(''));
  return status;
};

export const uniq: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const { texts, status } = await inputs(ctx, operands.slice(0, 1));
  const groups: { line: string; count: number }[] = [];
  for (const l of texts.flatMap((t) => lines(t.text))) {
    const last = groups[groups.length - 1];
    const same = last && (flags.has('i') ? last.line.toLowerCase() === l.toLowerCase() : last.line === l);
    if (same) last.count++;
    else groups.push({ line: l, count: 1 });
  }
  const kept = groups.filter((g) => (flags.has('d') ? g.count > 1 : flags.has('u') ? g.count === 1 : true));
  await print(ctx, kept.map((g) => (flags.has('c') ? `${String(g.count).padStart(7)} ${g.line}\n` : `${g.line}\n`)).join(''));
  return status;
};

/** A cut list: 1,3,5-7,-2,4- → predicate on 1-based positions. */
function cutList(spec: string): (n: number) => boolean {
  const ranges = spec.split(',').map((r) => {
    const [a, b] = r.includes('-') ? r.split('-') : [r, r];
    return [a ? Number(a) : 1, b ? Number(b) : Infinity] as const;
  });
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: ShellCommand = async (ctx) => {
  const { flags, values, operands } = parseArgs(ctx.argv, 'dfcb');
  const delim = values.get('d') ?? '\t';
  const fields = values.get('f');
  const chars = values.get('c') ?? values.get('b');
  if (!fields && !chars) {
    await complain(ctx, 'you must specify a list of bytes, characters, or fields');
    return 1;
  }
  const pick = cutList((fields ?? chars)!);
  const cutLine = (l: string): string | undefined => {
    if (chars) return [...l].filter((_, i) => pick(i + 1)).join('');
    if (!l.includes(delim)) return flags.has('s') ? undefined : l;
    return l
      .split(delim)
      .filter((_, i) => pick(i + 1))
      .join(delim);
  };
  if (!operands.length) {
    await forEachLine(ctx.stdin, async (l) => {
      const r = cutLine(l);
      if (r !== undefined) await ctx.stdout.write(`${r}\n`);
    });
    return 0;
  }
  const { texts, status } = await inputs(ctx, operands);
  const out = texts.flatMap((t) => lines(t.text).map(cutLine)).filter((l): l is string => l !== undefined);
  await print(ctx, out.map((l) => `${l}\n`).join(''));
  return status;
};

const TR_CLASSES: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lower: 'abcdefghijklmnopqrstuvwxyz', digit: '0123456789', space: ' \t\n\r\f\v', blank: ' \t',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
};

function trSet(spec: string): string[] {
  const s = unescape(spec).text;
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const m = /^\[:([a-z]+):\]/.exec(s.slice(i));
    if (m) {
      out.push(...(TR_CLASSES[m[1]] ?? ''));
      i += m[0].length - 1;
    } else if (s[i + 1] === '-' && i + 2 < s.length) {
      for (let c = s.charCodeAt(i); c <= s.charCodeAt(i + 2); c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(s[i]);
  }
  return out;
}

export const tr: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const set1 = trSet(operands[0] ?? '');
  const set2 = trSet(operands[1] ?? '');
  const inSet1 = (c: string) => (flags.has('c') ? !set1.includes(c) : set1.includes(c));
  let lastOut = '';
  const translate = (chunk: string): string => {
    let out = '';
    for (const c of chunk) {
      let r = c;
      if (flags.has('d') && inSet1(c)) continue;
      if (!flags.has('d') && set2.length && inSet1(c)) {
        const idx = set1.indexOf(c);
        r = set2[Math.min(idx < 0 ? set2.length - 1 : idx, set2.length - 1)];
      }
      const squeezeSet = flags.has('d') ? set2 : set2.length ? set2 : set1;
      if (flags.has('s') && r === lastOut && squeezeSet.includes(r)) continue;
      out += r;
      lastOut = r;
    }
    return out;
  };
  for (let c = await ctx.stdin.read(); c !== null; c = await ctx.stdin.read()) await print(ctx, translate(c));
  return 0;
};

export const tee: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const paths = operands.map((f) => resolvePath(ctx, f));
  let status = 0;
  for (const [i, p] of paths.entries()) {
    try {
      if (!flags.has('a') || !ctx.fs.exists(p)) ctx.fs.writeFile(p, '');
    } catch {
      await complain(ctx, `can't open '${operands[i]}': No such file or directory`);
      status = 1;
    }
  }
  for (let c = await ctx.stdin.read(); c !== null; c = await ctx.stdin.read()) {
    for (const p of paths) if (ctx.fs.exists(p)) ctx.fs.writeFile(p, c, { append: true });
    await ctx.stdout.write(c);
  }
  return status;
};

const grepMain: ShellCommand = async (ctx) => {
  // busybox's grep (findutils/grep.c) has no long options: GNU ones such as --line-buffered
  // are refused with getopt's message and the usage, so a script written for GNU grep fails
  // here as it would in a busybox container.
  const { flags, values, operands } = parseArgs(ctx.argv, 'emA');
  const long = [...flags].find((f) => f.startsWith('--'));
  if (long) {
    await complain(ctx, `unrecognized option '${long}'\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFExz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...`);
    return 2;
  }
  const files = [...operands];
  const pattern = values.get('e') ?? files.shift();
  if (pattern === undefined) {
    await complain(ctx, 'usage: grep [-vicEqnlhF] PATTERN [FILE]...');
    return 2;
  }
  // Every variant is compiled once, up front, so a bad pattern fails before any input is read.
  let re: PosixRegex;
  let bare: PosixRegex;
  try {
    const ignoreCase = flags.has('i');
    const source = flags.has('F') ? pattern.split('\n').map(literalSource).join('|') : posixToRe2(pattern, flags.has('E'));
    const wrapped = flags.has('x') ? `^(?:${source})$` : flags.has('w') ? `(?:^|\\W)(?:${source})(?:$|\\W)` : source;
    bare = PosixRegex.fromSource(source, { ignoreCase, shown: pattern });
    re = wrapped === source ? bare : PosixRegex.fromSource(wrapped, { ignoreCase, shown: pattern });
  } catch (e) {
    if (e instanceof RegexSyntaxError) {
      await complain(ctx, e.message);
      return 2;
    }
    throw e;
  }
  const matches = (l: string): boolean => {
    const m = re.test(l);
    return flags.has('v') ? !m : m;
  };
  const showName = (files.length > 1 || flags.has('H')) && !flags.has('h');
  let total = 0;
  let status = 0;
  const grepStream = async (name: string, src: { each: (fn: (l: string, partial: boolean) => Promise<boolean | void>) => Promise<void> }) => {
    let count = 0;
    let lineNo = 0;
    await src.each(async (l) => {
      lineNo++;
      if (!matches(l)) return;
      count++;
      total++;
      if (flags.has('q')) return false;
      if (flags.has('l')) return false;
      if (flags.has('c')) return;
      const prefix = `${showName ? `${name}:` : ''}${flags.has('n') ? `${lineNo}:` : ''}`;
      if (flags.has('o') && !flags.has('v')) {
        for (const m of bare.matches(l)) if (m.end > m.index) await ctx.stdout.write(`${prefix}${m.groups[0]}\n`);
      } else await ctx.stdout.write(`${prefix}${l}\n`);
    });
    if (flags.has('q')) return;
    if (flags.has('l') && count) await ctx.stdout.write(`${name}\n`);
    else if (flags.has('c')) await ctx.stdout.write(`${showName ? `${name}:` : ''}${count}\n`);
  };
  for (const f of files.length ? files : ['-']) {
    if (flags.has('q') && total) break;
    if (f === '-') {
      await grepStream('(standard input)', { each: (fn) => forEachLine(ctx.stdin, fn) });
      continue;
    }
    const path = resolvePath(ctx, f);
    if (!ctx.fs.exists(path)) {
      if (!flags.has('s')) await complain(ctx, `${f}: No such file or directory`);
      status = 2;
      continue;
    }
    if (ctx.fs.stat(path).type === 'dir') {
      if (!flags.has('s')) await complain(ctx, `${f}: Is a directory`);
      continue;
    }
    const text = ctx.fs.readFile(path);
    await grepStream(f, {
      each: async (fn) => {
        for (const l of lines(text)) if ((await fn(l, false)) === false) return;
      },
    });
  }
  if (total) return 0;
  return status || 1;
};

export const seq: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  let sep = '\n';
  let width = false;
  while (args[0]?.startsWith('-') && !/^-\d/.test(args[0])) {
    const a = args.shift()!;
    if (a === '-s') sep = unescape(args.shift() ?? '\n').text;
    else if (a.startsWith('-s')) sep = unescape(a.slice(2)).text;
    else if (a === '-w') width = true;
  }
  const nums = args.map(Number);
  if (!nums.length || nums.some((n) => Number.isNaN(n))) {
    await complain(ctx, `invalid number '${args.find((a) => Number.isNaN(Number(a))) ?? ''}'`);
    return 1;
  }
  const [first, incr, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
  if (incr === 0) return 1;
  const decimals = Math.max(...args.map((a) => (a.includes('.') ? a.split('.')[1].length : 0)));
  const fmt = (n: number) => n.toFixed(decimals);
  const w = width ? Math.max(fmt(first).length, fmt(last).length) : 0;
  let batch: string[] = [];
  let firstOut = true;
  for (let i = 0; incr > 0 ? first + i * incr <= last + 1e-9 : first + i * incr >= last - 1e-9; i++) {
    batch.push(fmt(first + i * incr).padStart(w, '0'));
    if (batch.length >= 512) {
      await ctx.stdout.write((firstOut ? '' : sep) + batch.join(sep));
      firstOut = false;
      batch = [];
      const wait = ctx.pacer.step();
      if (wait) await wait;
    }
  }
  if (batch.length) await ctx.stdout.write((firstOut ? '' : sep) + batch.join(sep));
  if (!firstOut || batch.length) await ctx.stdout.write('\n');
  return 0;
};

/** yes: writes until its reader goes away or the budget ends the container. */
export const yes: ShellCommand = async (ctx) => {
  const line = `${ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y'}\n`;
  const block = line.repeat(Math.max(1, Math.floor(1024 / line.length)));
  for (;;) {
    await ctx.stdout.write(block);
    const wait = ctx.pacer.step();
    if (wait) await wait;
  }
};

export const base64: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const { texts, status } = await inputs(ctx, operands.slice(0, 1));
  const text = texts.map((t) => t.text).join('');
  if (flags.has('d')) {
    await print(ctx, Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('latin1'));
    return status;
  }
  const encoded = Buffer.from(text, 'latin1').toString('base64');
  await print(ctx, `${encoded.match(/.{1,76}/g)?.join('\n') ?? ''}\n`);
  return status;
};

const hashSum =
  (algorithm: 'md5' | 'sha1' | 'sha256'): ShellCommand =>
  async (ctx) => {
    const { operands } = parseArgs(ctx.argv);
    const { texts, status } = await inputs(ctx, operands);
    await print(ctx, texts.map((t) => `${createHash(algorithm).update(t.text, 'latin1').digest('hex')}  ${t.name}\n`).join(''));
    return status;
  };

export const md5sum = hashSum('md5');
export const sha1sum = hashSum('sha1');
export const sha256sum = hashSum('sha256');

export const rev: ShellCommand = async (ctx) => {
  await forEachLine(ctx.stdin, async (l) => {
    await ctx.stdout.write(`${[...l].reverse().join('')}\n`);
  });
  return 0;
};

/**
 * grep, with a regex refused while it runs (one too costly for a line, see regex.ts) ending
 * the command with its message and status 2, as grep's own errors do.
 */
export const grep: ShellCommand = async (ctx) => {
  try {
    return await grepMain(ctx);
  } catch (e) {
    if (!(e instanceof RegexSyntaxError)) throw e;
    await complain(ctx, e.message);
    return 2;
  }
};
