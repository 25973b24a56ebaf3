/**
 * Text utilities (busybox coreutils and findutils applets). Filters that can stream do: cat,
 * grep, head, tee, tr, cut process input as it arrives, so they work behind `tail -f`.
 */
import { createHash } from 'node:crypto';
import type { ShellCommand, ShellCommandContext } from '../context';
import { complain, parseArgs, print, readInput, resolvePath, unescape } from './helpers';
import { literalSource, PosixRegex, posixToRe2, RegexSyntaxError } from './regex';
import { formatPrintf, PrintfTooLargeError } from './printf';
import { pacedSort } from './paced-sort';
import { BatchedWriter, forEachSlice, forEachStreamLine, forEachTextLine, LINE_UNITS, readAllCharged, WorkMeter } from './work';

/**
 * Lines sort holds at once. busybox's sort reads all its input into memory too; 25 million
 * one-character lines (a 50 MB file) are about a gigabyte of JavaScript strings in the portal's
 * heap, so past this sort fails as busybox does when memory runs out.
 */
export const MAX_SORT_LINES = 2_000_000;

/** Charges a line to the meter and writes it (with its newline) to out, waiting when either says. */
async function writeLine(meter: WorkMeter, out: BatchedWriter, line: string): Promise<void> {
  const charged = meter.line(line.length);
  if (charged) await charged;
  const written = out.write(`${line}\n`);
  if (written) await written;
}

/** Like inputs(), but stdin is read with its chunks charged to the meter. */
async function chargedInputs(ctx: ShellCommandContext, files: string[], meter: WorkMeter): Promise<{ texts: { name: string; text: string }[]; status: number }> {
  const texts: { name: string; text: string }[] = [];
  let status = 0;
  for (const f of files.length ? files : ['-']) {
    const text = f === '-' ? await readAllCharged(ctx.stdin, meter) : await readInput(ctx, f);
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
  let r: ReturnType<typeof formatPrintf>;
  try {
    r = formatPrintf(ctx.argv[1], ctx.argv.slice(2));
  } catch (e) {
    if (!(e instanceof PrintfTooLargeError)) throw e;
    await complain(ctx, e.message);
    return 1;
  }
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
  const meter = new WorkMeter(ctx);
  for (const [k, f] of files.entries()) {
    if (files.length > 1) await print(ctx, `${k ? '\n' : ''}==> ${f} <==\n`);
    if (values.has('c')) {
      const c = Math.max(0, Number(values.get('c')) || 0);
      if (f === '-') {
        // Reads only what it prints: `yes | head -c 10` ends, and its writer gets a broken pipe.
        let left = c;
        while (left > 0) {
          const chunk = await ctx.stdin.read();
          if (chunk === null) break;
          const part = chunk.length > left ? chunk.slice(0, left) : chunk;
          left -= part.length;
          const wait = meter.charge(part.length);
          if (wait) await wait;
          await print(ctx, part);
        }
        continue;
      }
      const text = await readInput(ctx, f);
      if (text === undefined) status = 1;
      else await print(ctx, text.slice(0, c));
      continue;
    }
    if (f === '-') {
      let count = 0;
      if (n <= 0) continue;
      await forEachStreamLine(ctx.stdin, meter, async (line, partial) => {
        await ctx.stdout.write(partial ? line : `${line}\n`);
        return ++count < n;
      });
      continue;
    }
    const text = await readInput(ctx, f);
    if (text === undefined) status = 1;
    else if (n > 0) {
      let count = 0;
      const out = new BatchedWriter(ctx.stdout);
      // As from stdin, a last line without a newline is printed without one (busybox head).
      await forEachTextLine(text, meter, (line, partial) => {
        const w = out.write(partial ? line : `${line}\n`);
        if (++count >= n) return w ? w.then(() => false) : false;
        return w;
      });
      await out.flush();
    }
  }
  return status;
};

/**
 * The text from the start of its n-th line from the end (or from line n with fromStart),
 * found with indexOf/lastIndexOf over only the lines it skips, never an array of every line.
 */
async function lastLines(text: string, n: number, fromStart: boolean, meter: WorkMeter): Promise<string> {
  if (!text) return '';
  if (fromStart) {
    let at = 0;
    for (let k = 1; k < n; k++) {
      const nl = text.indexOf('\n', at);
      if (nl < 0 || nl === text.length - 1) return '';
      const wait = meter.line(nl - at);
      if (wait) await wait;
      at = nl + 1;
    }
    return text.slice(at);
  }
  if (n === 0) return '';
  // The newline ending the last line does not start a line.
  let at = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let k = 0; k < n; k++) {
    const nl = at > 0 ? text.lastIndexOf('\n', at - 1) : -1;
    const wait = meter.line(at - nl);
    if (wait) await wait;
    if (nl < 0) return text;
    at = nl;
  }
  return text.slice(at + 1);
}

/** Characters of a stream tail keeps beyond what it may print, before it drops the older ones. */
const TAIL_KEEP_CHARS = 1024 * 1024;
/** What tail may hold of a stream at all (a container's whole file budget). */
const TAIL_MAX_CHARS = 64 * 1024 * 1024;

/**
 * The end of stdin, holding only what it may print: `yes | tail -n 1` keeps a bounded buffer
 * (the last lines it could print, plus up to TAIL_KEEP_CHARS), as busybox's tail keeps a ring.
 */
async function tailOfStream(ctx: ShellCommandContext, meter: WorkMeter, want: { chars: number } | { lines: number; fromStart: boolean }): Promise<string> {
  if ('lines' in want && want.fromStart) {
    let k = 0;
    await forEachStreamLine(ctx.stdin, meter, async (line, partial) => {
      if (++k >= want.lines) await ctx.stdout.write(partial ? line : `${line}\n`);
    });
    return '';
  }
  let buf = '';
  for (let c = await ctx.stdin.read(); c !== null; c = await ctx.stdin.read()) {
    buf += c;
    if (buf.length > TAIL_MAX_CHARS) throw new Error(`out of memory (the last ${'chars' in want ? `${want.chars} characters` : `${want.lines} lines`} of this input are over ${TAIL_MAX_CHARS} characters)`);
    const wait = meter.charge(c.length);
    if (wait) await wait;
    if (buf.length > 2 * TAIL_KEEP_CHARS) {
      if ('chars' in want) buf = buf.slice(-Math.max(want.chars, TAIL_KEEP_CHARS));
      else {
        const end = await lastLines(buf, want.lines, false, meter);
        buf = end.length < buf.length - TAIL_KEEP_CHARS ? buf.slice(-Math.max(end.length, TAIL_KEEP_CHARS)) : buf;
      }
    }
  }
  if ('chars' in want) return want.chars > 0 ? buf.slice(-want.chars) : '';
  return lastLines(buf, want.lines, false, meter);
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
  const meter = new WorkMeter(ctx);
  if (files.length === 1 && files[0] === '-') {
    await print(ctx, await tailOfStream(ctx, meter, values.has('c') ? { chars: Number(values.get('c')) } : { lines: n, fromStart }));
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
    await print(ctx, values.has('c') ? text.slice(-Number(values.get('c'))) : await lastLines(text, n, fromStart, meter));
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

/** Lines, words (runs of non-blanks, as isspace splits them) and characters, a slice at a time. */
async function countText(text: string, meter: WorkMeter): Promise<{ l: number; w: number; c: number }> {
  let l = 0;
  let w = 0;
  let inWord = false;
  await forEachSlice(text, meter, (slice) => {
    for (let i = 0; i < slice.length; i++) {
      const ch = slice.charCodeAt(i);
      if (ch === 10) l++;
      if (ch === 32 || (ch >= 9 && ch <= 13)) inWord = false;
      else if (!inWord) {
        inWord = true;
        w++;
      }
    }
  });
  return { l, w, c: text.length };
}

export const wc: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const want = ['l', 'w', 'c'].filter((f) => flags.has(f) || (f === 'c' && flags.has('m')));
  const cols = want.length ? want : ['l', 'w', 'c'];
  const meter = new WorkMeter(ctx);
  const { texts, status } = await chargedInputs(ctx, operands, meter);
  const totals = { l: 0, w: 0, c: 0 };
  const rows: string[] = [];
  for (const { name, text } of texts) {
    const counts = await countText(text, meter);
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
  const meter = new WorkMeter(ctx);
  const { texts, status } = await chargedInputs(ctx, operands, meter);
  let all: string[] = [];
  for (const t of texts) {
    await forEachTextLine(t.text, meter, (l) => {
      all.push(l);
      if (all.length > MAX_SORT_LINES) return false;
    });
  }
  if (all.length > MAX_SORT_LINES) {
    await complain(ctx, `out of memory (more than ${MAX_SORT_LINES.toLocaleString('en')} lines to sort)`);
    return 1;
  }
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
  all = await pacedSort(all, cmp, meter);
  if (flags.has('r')) all.reverse();
  const out = new BatchedWriter(ctx.stdout);
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    if (flags.has('u') && i > 0 && cmp(all[i - 1], l) === 0) continue;
    await writeLine(meter, out, l);
  }
  await out.flush();
  return status;
};

export const uniq: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const meter = new WorkMeter(ctx);
  const { texts, status } = await chargedInputs(ctx, operands.slice(0, 1), meter);
  const out = new BatchedWriter(ctx.stdout);
  // One group at a time: a file of 25 million equal lines is one group, not 25 million.
  let group: { line: string; count: number } | undefined;
  const emit = (g: { line: string; count: number }) => {
    if (flags.has('d') ? g.count <= 1 : flags.has('u') ? g.count !== 1 : false) return undefined;
    return out.write(flags.has('c') ? `${String(g.count).padStart(7)} ${g.line}\n` : `${g.line}\n`);
  };
  for (const t of texts) {
    await forEachTextLine(t.text, meter, (l) => {
      if (group && (flags.has('i') ? group.line.toLowerCase() === l.toLowerCase() : group.line === l)) {
        group.count++;
        return;
      }
      const w = group && emit(group);
      group = { line: l, count: 1 };
      return w;
    });
  }
  if (group) await emit(group);
  await out.flush();
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
  const meter = new WorkMeter(ctx);
  if (!operands.length) {
    const out = new BatchedWriter(ctx.stdout);
    await forEachStreamLine(
      ctx.stdin,
      meter,
      (l) => {
        const r = cutLine(l);
        return r === undefined ? undefined : out.write(`${r}\n`);
      },
      () => out.flush(),
    );
    await out.flush();
    return 0;
  }
  const { texts, status } = await chargedInputs(ctx, operands, meter);
  const out = new BatchedWriter(ctx.stdout);
  for (const t of texts) {
    await forEachTextLine(t.text, meter, (l) => {
      const r = cutLine(l);
      return r === undefined ? undefined : out.write(`${r}\n`);
    });
  }
  await out.flush();
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

/** Work units of one character through tr, and the slice it translates at once. */
const TR_UNITS_PER_CHAR = 8;
const TR_SLICE_CHARS = 16 * 1024;

export const tr: ShellCommand = async (ctx) => {
  const { flags, operands } = parseArgs(ctx.argv);
  const set1 = trSet(operands[0] ?? '');
  const set2 = trSet(operands[1] ?? '');
  const inSet1 = (c: string) => (flags.has('c') ? !set1.includes(c) : set1.includes(c));
  const deleting = flags.has('d');
  const squeezing = flags.has('s');
  const squeezeSet = new Set(deleting ? set2 : set2.length ? set2 : set1);
  // What each character becomes (null: deleted), worked out once per distinct character: the
  // sets are arrays, and searching them for every character of a 50 MB input took seconds.
  const mapped = new Map<string, string | null>();
  const mapChar = (c: string): string | null => {
    let r = mapped.get(c);
    if (r !== undefined) return r;
    if (deleting && inSet1(c)) r = null;
    else if (!deleting && set2.length && inSet1(c)) {
      const idx = set1.indexOf(c);
      r = set2[Math.min(idx < 0 ? set2.length - 1 : idx, set2.length - 1)];
    } else r = c;
    mapped.set(c, r);
    return r;
  };
  let lastOut = '';
  const translate = (chunk: string): string => {
    const out: string[] = [];
    for (const c of chunk) {
      const r = mapChar(c);
      if (r === null) continue;
      if (squeezing && r === lastOut && squeezeSet.has(r)) continue;
      out.push(r);
      lastOut = r;
    }
    return out.join('');
  };
  const meter = new WorkMeter(ctx);
  for (let c = await ctx.stdin.read(); c !== null; c = await ctx.stdin.read()) {
    // A character costs tr about eight times what it costs a scan (TR_UNITS_PER_CHAR).
    await forEachSlice(
      c,
      meter,
      async (slice) => {
        const charged = meter.charge(slice.length * (TR_UNITS_PER_CHAR - 1));
        if (charged) await charged;
        await print(ctx, translate(slice));
      },
      TR_SLICE_CHARS,
    );
  }
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
  const meter = new WorkMeter(ctx);
  const out = new BatchedWriter(ctx.stdout);
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
        for (const m of bare.matches(l)) if (m.end > m.index) await out.write(`${prefix}${m.groups[0]}\n`);
      } else await out.write(`${prefix}${l}\n`);
    });
    if (flags.has('q')) return;
    if (flags.has('l') && count) await out.write(`${name}\n`);
    else if (flags.has('c')) await out.write(`${showName ? `${name}:` : ''}${count}\n`);
    await out.flush();
  };
  for (const f of files.length ? files : ['-']) {
    if (flags.has('q') && total) break;
    if (f === '-') {
      await grepStream('(standard input)', { each: (fn) => forEachStreamLine(ctx.stdin, meter, fn, () => out.flush()) });
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
    await grepStream(f, { each: (fn) => forEachTextLine(text, meter, fn) });
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
  const meter = new WorkMeter(ctx);
  for (let i = 0; incr > 0 ? first + i * incr <= last + 1e-9 : first + i * incr >= last - 1e-9; i++) {
    batch.push(fmt(first + i * incr).padStart(w, '0'));
    if (batch.length >= 512) {
      await ctx.stdout.write((firstOut ? '' : sep) + batch.join(sep));
      firstOut = false;
      batch = [];
      // Formatting and writing a number is worth a line of work (a step every 16 numbers).
      const wait = meter.charge(512 * LINE_UNITS);
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
  const meter = new WorkMeter(ctx);
  const { texts, status } = await chargedInputs(ctx, operands.slice(0, 1), meter);
  const text = texts.map((t) => t.text).join('');
  const out = new BatchedWriter(ctx.stdout);
  if (flags.has('d')) {
    // Quads of base64 decode on their own: a slice is decoded up to its last whole quad.
    let carry = '';
    await forEachSlice(text, meter, (slice) => {
      const clean = carry + slice.replace(/\s+/g, '');
      const whole = clean.length - (clean.length % 4);
      carry = clean.slice(whole);
      return out.write(Buffer.from(clean.slice(0, whole), 'base64').toString('latin1'));
    });
    if (carry) out.write(Buffer.from(carry, 'base64').toString('latin1'));
    await out.flush();
    return status;
  }
  // 57 bytes make one 76-character line: slices of whole lines encode on their own.
  await forEachSlice(
    text,
    meter,
    (slice) => {
      const encoded = Buffer.from(slice, 'latin1').toString('base64');
      const rows: string[] = [];
      for (let i = 0; i < encoded.length; i += 76) rows.push(encoded.slice(i, i + 76));
      return out.write(`${rows.join('\n')}\n`);
    },
    57 * 1024,
  );
  if (!text) out.write('\n');
  await out.flush();
  return status;
};

const hashSum =
  (algorithm: 'md5' | 'sha1' | 'sha256'): ShellCommand =>
  async (ctx) => {
    const { operands } = parseArgs(ctx.argv);
    const meter = new WorkMeter(ctx);
    const { texts, status } = await chargedInputs(ctx, operands, meter);
    for (const t of texts) {
      const hash = createHash(algorithm);
      await forEachSlice(t.text, meter, (slice) => void hash.update(slice, 'latin1'));
      await print(ctx, `${hash.digest('hex')}  ${t.name}\n`);
    }
    return status;
  };

export const md5sum = hashSum('md5');
export const sha1sum = hashSum('sha1');
export const sha256sum = hashSum('sha256');

export const rev: ShellCommand = async (ctx) => {
  const out = new BatchedWriter(ctx.stdout);
  await forEachStreamLine(ctx.stdin, new WorkMeter(ctx), (l) => out.write(`${[...l].reverse().join('')}\n`), () => out.flush());
  await out.flush();
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
