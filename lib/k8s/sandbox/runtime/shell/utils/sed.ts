/**
 * sed: addresses (N, $, /re/, ranges, !), commands s (g p N I), p, d, q, =, a, i, c, y;
 * -n, -e, -E/-r, -i. Streams line by line unless the script needs the last line ($).
 */
import type { ShellCommand } from '../context';
import type { ByteSink } from '../command';
import { complain, resolvePath } from './helpers';
import { BatchedWriter, forEachStreamLine, forEachTextLine, readAllCharged, WorkMeter } from './work';
import { compileRegex, RegexSyntaxError, type PosixRegex } from './regex';

type Addr = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: PosixRegex };

interface SedCommand {
  a1?: Addr;
  a2?: Addr;
  negate: boolean;
  name: string;
  re?: PosixRegex;
  replacement?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  from?: string;
  to?: string;
  /** Range state: inside addr1..addr2. */
  active?: boolean;
}

export class SedScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SedScriptError';
  }
}

function readDelimited(src: string, i: number, delim: string): [string, number] {
  let out = '';
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '\\' && src[i + 1] === delim) {
      out += delim;
      i++;
    } else if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
    } else if (c === delim) return [out, i + 1];
    else out += c;
  }
  throw new SedScriptError(`unterminated \`s' command`);
}

export function parseSed(script: string, extended: boolean): SedCommand[] {
  const cmds: SedCommand[] = [];
  let i = 0;
  const skip = () => {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
  };
  const addr = (): Addr | undefined => {
    if (/\d/.test(script[i] ?? '')) {
      const m = /^\d+/.exec(script.slice(i))!;
      i += m[0].length;
      return { kind: 'line', n: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { kind: 'last' };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[++i] : '/';
      const [re, next] = readDelimited(script, i + 1, delim);
      i = next;
      return { kind: 're', re: compileRegex(re, { extended }) };
    }
    return undefined;
  };
  for (skip(); i < script.length; skip()) {
    if (script[i] === '#') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    const cmd: SedCommand = { negate: false, name: '' };
    cmd.a1 = addr();
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = addr();
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      cmd.negate = true;
      i++;
    }
    while (script[i] === ' ') i++;
    cmd.name = script[i++] ?? '';
    switch (cmd.name) {
      case 's': {
        const delim = script[i];
        const [re, a] = readDelimited(script, i + 1, delim);
        const [rep, b] = readDelimited(script, a, delim);
        i = b;
        const flags = /^[gpiI0-9]*/.exec(script.slice(i))![0];
        i += flags.length;
        cmd.re = compileRegex(re, { extended, ignoreCase: /[iI]/.test(flags) });
        cmd.replacement = rep;
        cmd.global = flags.includes('g');
        cmd.print = flags.includes('p');
        cmd.nth = Number(/\d+/.exec(flags)?.[0] ?? 1);
        break;
      }
      case 'y': {
        const delim = script[i];
        const [from, a] = readDelimited(script, i + 1, delim);
        const [to, b] = readDelimited(script, a, delim);
        i = b;
        cmd.from = from;
        cmd.to = to;
        break;
      }
      case 'a':
      case 'i':
      case 'c': {
        if (script[i] === '\\') i++;
        if (script[i] === '\n') i++;
        while (script[i] === ' ') i++;
        const end = script.indexOf('\n', i);
        cmd.text = script.slice(i, end < 0 ? script.length : end);
        i = end < 0 ? script.length : end;
        break;
      }
      case 'p':
      case 'd':
      case 'q':
      case '=':
      case 'P':
      case 'D':
        break;
      case '{':
      case '}':
        throw new SedScriptError(`unsupported command ${cmd.name}`);
      default:
        throw new SedScriptError(`unsupported command ${cmd.name}`);
    }
    cmds.push(cmd);
  }
  return cmds;
}

function expandReplacement(rep: string, m: (string | undefined)[]): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '&') out += m[0] ?? '';
    else if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      if (/\d/.test(n)) out += m[Number(n)] ?? '';
      else if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else out += n;
    } else out += c;
  }
  return out;
}

/** Runs the script over one line; returns the output for it and whether to quit. */
class SedRunner {
  lineNo = 0;
  constructor(
    private readonly cmds: SedCommand[],
    private readonly quiet: boolean,
  ) {}

  private matches(a: Addr, line: string, last: boolean): boolean {
    if (a.kind === 'line') return this.lineNo === a.n;
    if (a.kind === 'last') return last;
    return a.re.test(line);
  }

  private selected(c: SedCommand, line: string, last: boolean): boolean {
    let hit: boolean;
    if (!c.a1) hit = true;
    else if (!c.a2) hit = this.matches(c.a1, line, last);
    else if (c.active) {
      hit = true;
      if (c.a2.kind === 'line' ? this.lineNo >= c.a2.n : this.matches(c.a2, line, last)) c.active = false;
    } else if (this.matches(c.a1, line, last)) {
      hit = true;
      c.active = !(c.a2.kind === 'line' && c.a2.n <= this.lineNo);
    } else hit = false;
    return c.negate ? !hit : hit;
  }

  run(input: string, last: boolean): { out: string; quit: boolean } {
    this.lineNo++;
    let line = input;
    let out = '';
    let append = '';
    for (const c of this.cmds) {
      if (!this.selected(c, line, last)) continue;
      switch (c.name) {
        case 's': {
          let n = 0;
          let did = false;
          line = c.re!.replace(line, true, (m) => {
            n++;
            if ((c.global && n >= c.nth!) || n === c.nth) {
              did = true;
              return expandReplacement(c.replacement!, m.groups);
            }
            return m.groups[0] ?? '';
          });
          if (did && c.print) out += `${line}\n`;
          break;
        }
        case 'y':
          line = [...line].map((ch) => (c.from!.includes(ch) ? (c.to![c.from!.indexOf(ch)] ?? ch) : ch)).join('');
          break;
        case 'p':
          out += `${line}\n`;
          break;
        case 'P':
          out += `${line.split('\n')[0]}\n`;
          break;
        case '=':
          out += `${this.lineNo}\n`;
          break;
        case 'a':
          append += `${c.text}\n`;
          break;
        case 'i':
          out += `${c.text}\n`;
          break;
        case 'c':
          return { out: `${out}${c.text}\n`, quit: false };
        case 'd':
        case 'D':
          return { out, quit: false };
        case 'q':
          return { out: out + (this.quiet ? '' : `${line}\n`) + append, quit: true };
      }
    }
    return { out: out + (this.quiet ? '' : `${line}\n`) + append, quit: false };
  }
}

const sedMain: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  let quiet = false;
  let extended = false;
  let inPlace = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-e') scripts.push(args[++i] ?? '');
    else if (/^-[nErsi]+$/.test(a)) {
      quiet ||= a.includes('n');
      extended ||= a.includes('E') || a.includes('r');
      inPlace ||= a.includes('i');
    } else if (a.startsWith('-i')) inPlace = true;
    else if (!scripts.length && !files.length && !a.startsWith('-')) scripts.push(a);
    else files.push(a);
  }
  let cmds: SedCommand[];
  try {
    cmds = parseSed(scripts.join('\n'), extended);
  } catch (e) {
    await complain(ctx, e instanceof Error ? e.message : String(e));
    return 1;
  }
  const runner = new SedRunner(cmds, quiet);
  const needsLast = cmds.some((c) => c.a1?.kind === 'last' || c.a2?.kind === 'last');
  const meter = new WorkMeter(ctx);
  // A line at a time, charged to the CPU budget (a 50 MB file took a minute in one go).
  const runText = (text: string, sink: ByteSink) => {
    const out = new BatchedWriter(sink);
    return forEachTextLine(text, meter, (l, _partial, last) => {
      const r = runner.run(l, last);
      const w = r.out ? out.write(r.out) : undefined;
      if (r.quit) return w ? w.then(() => false) : false;
      return w;
    }).then(() => out.flush());
  };
  if (!files.length) {
    if (needsLast) {
      await runText(await readAllCharged(ctx.stdin, meter), ctx.stdout);
      return 0;
    }
    const out = new BatchedWriter(ctx.stdout);
    await forEachStreamLine(
      ctx.stdin,
      meter,
      async (l) => {
        const r = runner.run(l, false);
        if (r.out) await out.write(r.out);
        return !r.quit;
      },
      () => out.flush(),
    );
    await out.flush();
    return 0;
  }
  let status = 0;
  for (const f of files) {
    const path = resolvePath(ctx, f);
    if (!ctx.fs.exists(path)) {
      await complain(ctx, `${f}: No such file or directory`);
      status = 2;
      continue;
    }
    if (inPlace) {
      const parts: string[] = [];
      await runText(ctx.fs.readFile(path), { write: (chunk) => void parts.push(chunk) });
      ctx.fs.writeFile(path, parts.join(''));
    } else await runText(ctx.fs.readFile(path), ctx.stdout);
  }
  return status;
};

/**
 * sed, with a regex refused while it runs (one too costly for a line, see regex.ts) ending
 * the command with its message and status 1, as sed's own errors do.
 */
export const sed: ShellCommand = async (ctx) => {
  try {
    return await sedMain(ctx);
  } catch (e) {
    if (!(e instanceof RegexSyntaxError)) throw e;
    await complain(ctx, e.message);
    return 1;
  }
};
