/** Process, time and identity utilities: sleep, date, hostname, env, id, uname, ps, which, expr, kill. */
import type { ShellCommand } from '../context';
import { DEFAULT_DATE_FORMAT, isoDate, strftime } from './date-format';
import { complain, parseArgs, print } from './helpers';
import { PosixRegex, posixToRe2 } from './regex';
import { signalName } from '../signals';

/** busybox sleep: seconds with fraction and s/m/h/d suffixes, several summed; `infinity`. */
export function parseDuration(spec: string): number | undefined {
  if (spec === 'inf' || spec === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(spec);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]]!;
  return Number(m[1]) * unit * 1000;
}

export const sleep: ShellCommand = async (ctx) => {
  const specs = ctx.argv.slice(1);
  if (!specs.length) {
    await complain(ctx, 'usage: sleep [N]...');
    return 1;
  }
  let total = 0;
  for (const s of specs) {
    const ms = parseDuration(s);
    if (ms === undefined) {
      await complain(ctx, `invalid number '${s}'`);
      return 1;
    }
    total += ms;
  }
  await ctx.clock.sleep(total);
  return 0;
};

/** Parses the few -d forms scripts use: @epoch, ISO dates and times, `now`. */
function parseDateArg(s: string, now: number): number | undefined {
  if (s === 'now' || s === '') return now;
  if (/^@-?\d+$/.test(s)) return Number(s.slice(1)) * 1000;
  const iso = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s) ? Date.parse(s.replace(' ', 'T') + (/[Z+-]\d*:?\d*$/.test(s.slice(10)) ? '' : 'Z')) : NaN;
  return Number.isNaN(iso) ? undefined : iso;
}

export const date: ShellCommand = async (ctx) => {
  let ms = ctx.clock.now();
  let format = DEFAULT_DATE_FORMAT;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('+')) format = a.slice(1);
    else if (a === '-u' || a === '--utc') continue;
    else if (a === '-R') format = '%a, %d %b %Y %H:%M:%S +0000';
    else if (a.startsWith('-I') || a.startsWith('--iso-8601')) {
      const spec = a.startsWith('-I') ? a.slice(2) : (a.split('=')[1] ?? '');
      // Marked so the -I form is rendered after any later -d changes the time.
      format = `\u0000${spec || 'date'}`;
    } else if (a === '-d' || a.startsWith('--date')) {
      const v = a === '-d' ? args[++i] : a.split('=')[1];
      const parsed = parseDateArg(v ?? '', ms);
      if (parsed === undefined) {
        await complain(ctx, `invalid date '${v}'`);
        return 1;
      }
      ms = parsed;
    } else {
      await complain(ctx, `invalid date '${a}'`);
      return 1;
    }
  }
  const text = format.startsWith('\u0000') ? isoDate(ms, format.slice(1)) : strftime(format, ms);
  await print(ctx, `${text}\n`);
  return 0;
};

export const hostname: ShellCommand = async (ctx) => {
  const { flags } = parseArgs(ctx.argv);
  const pod = ctx.pod;
  if (flags.has('i')) await print(ctx, `${pod.ip}\n`);
  else if (flags.has('f')) await print(ctx, `${pod.subdomain ? `${pod.hostname}.${pod.subdomain}.${pod.namespace}.svc.cluster.local` : pod.hostname}\n`);
  else if (flags.has('d')) await print(ctx, `${pod.subdomain ? `${pod.subdomain}.${pod.namespace}.svc.cluster.local` : ''}\n`);
  else await print(ctx, `${flags.has('s') ? pod.hostname.split('.')[0] : pod.hostname}\n`);
  return 0;
};

export const env: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  const vars = new Map(ctx.env);
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '-i' || a === '-') vars.clear();
    else if (a === '-u') vars.delete(args[++i]);
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) vars.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else break;
  }
  if (i < args.length) return ctx.run(args.slice(i), {}, vars);
  await print(ctx, [...vars].map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

export const printenv: ShellCommand = async (ctx) => {
  const names = ctx.argv.slice(1);
  if (!names.length) {
    await print(ctx, [...ctx.env].map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const n of names) {
    const v = ctx.env.get(n);
    if (v === undefined) status = 1;
    else await print(ctx, `${v}\n`);
  }
  return status;
};

export const id: ShellCommand = async (ctx) => {
  const { flags } = parseArgs(ctx.argv);
  if (flags.has('u') || flags.has('g')) await print(ctx, flags.has('n') ? 'root\n' : '0\n');
  else await print(ctx, 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
  return 0;
};

export const whoami: ShellCommand = async (ctx) => {
  await print(ctx, 'root\n');
  return 0;
};

/** The kernel of the simulated nodes. */
export const KERNEL = { release: '6.6.32-kubelab', version: '#1 SMP PREEMPT_DYNAMIC', machine: 'x86_64' };

export const uname: ShellCommand = async (ctx) => {
  const { flags } = parseArgs(ctx.argv);
  const host = ctx.pod.hostname;
  if (flags.has('a')) {
    await print(ctx, `Linux ${host} ${KERNEL.release} ${KERNEL.version} ${KERNEL.machine} GNU/Linux\n`);
    return 0;
  }
  const parts: string[] = [];
  if (flags.has('s') || flags.size === 0) parts.push('Linux');
  if (flags.has('n')) parts.push(host);
  if (flags.has('r')) parts.push(KERNEL.release);
  if (flags.has('v')) parts.push(KERNEL.version);
  if (flags.has('m') || flags.has('p')) parts.push(KERNEL.machine);
  if (flags.has('o')) parts.push('GNU/Linux');
  await print(ctx, `${parts.join(' ')}\n`);
  return 0;
};

export const nproc: ShellCommand = async (ctx) => {
  await print(ctx, `${ctx.env.get('KUBELAB_NPROC') ?? '2'}\n`);
  return 0;
};

export const ps: ShellCommand = async (ctx) => {
  const rows = ctx.processes.list().map((p) => `${String(p.pid).padStart(5)} root      0:00 ${p.command}\n`);
  await print(ctx, `PID   USER     TIME  COMMAND\n${rows.join('')}`);
  return 0;
};

export const which: ShellCommand = async (ctx) => {
  let status = 0;
  for (const n of ctx.argv.slice(1)) {
    if (n.includes('/') ? ctx.hasCommand(n) : ctx.hasCommand(n)) await print(ctx, `${n.includes('/') ? n : `/bin/${n}`}\n`);
    else status = 1;
  }
  return status;
};

export const killCommand: ShellCommand = async (ctx) => {
  const args = ctx.argv.slice(1);
  let sig = 'TERM';
  if (args[0]?.startsWith('-') && args.length > 1) sig = args.shift()!.replace(/^-s?/, '') || (args.shift() ?? 'TERM');
  const name = signalName(sig);
  if (!name) {
    await complain(ctx, `bad signal name '${sig}'`);
    return 1;
  }
  let status = 0;
  for (const a of args) {
    const p = ctx.processes.get(Number(a));
    if (!p) {
      await complain(ctx, `can't kill pid ${a}: No such process`);
      status = 1;
    } else p.signal(name);
  }
  return status;
};

/** expr (busybox coreutils/expr.c): | & = != < <= > >= + - * / % : length substr index match. */
export const expr: ShellCommand = async (ctx) => {
  const toks = ctx.argv.slice(1);
  let i = 0;
  const isInt = (s: string) => /^-?\d+$/.test(s);
  const num = (s: string) => {
    if (!isInt(s)) throw new Error('non-numeric argument');
    return Number(s);
  };
  const truthy = (s: string) => s !== '' && s !== '0';
  const cmp = (a: string, b: string, op: string): boolean => {
    const c = isInt(a) && isInt(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
    return op === '=' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  };
  const match = (s: string, re: string): string => {
    // expr's regex is a BRE anchored at the start of the string (busybox: regexec + rm_so == 0).
    const m = PosixRegex.fromSource(`^(?:${posixToRe2(re, false)})`, { shown: re }).exec(s);
    if (!m) return /\\\(/.test(re) ? '' : '0';
    return m.groups.length > 1 ? (m.groups[1] ?? '') : String(m.end - m.index);
  };
  function primary(): string {
    const t = toks[i++];
    if (t === undefined) throw new Error('syntax error');
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    if (t === 'length') return String(primary().length);
    if (t === 'substr') {
      const s = primary();
      const p = num(primary());
      const l = num(primary());
      return s.substr(p - 1, l);
    }
    if (t === 'index') {
      const s = primary();
      const chars = primary();
      const k = [...s].findIndex((c) => chars.includes(c));
      return String(k + 1);
    }
    if (t === 'match') {
      const s = primary();
      return match(s, primary());
    }
    return t;
  }
  function colon(): string {
    let v = primary();
    while (toks[i] === ':') {
      i++;
      v = match(v, primary());
    }
    return v;
  }
  function mul(): string {
    let v = colon();
    while (toks[i] === '*' || toks[i] === '/' || toks[i] === '%') {
      const op = toks[i++];
      const r = num(colon());
      if (op !== '*' && r === 0) throw new Error('division by zero');
      v = String(op === '*' ? num(v) * r : op === '/' ? Math.trunc(num(v) / r) : num(v) % r);
    }
    return v;
  }
  function add(): string {
    let v = mul();
    while (toks[i] === '+' || toks[i] === '-') {
      const op = toks[i++];
      const r = num(mul());
      v = String(op === '+' ? num(v) + r : num(v) - r);
    }
    return v;
  }
  function rel(): string {
    let v = add();
    while (['=', '==', '!=', '<', '<=', '>', '>='].includes(toks[i])) {
      const op = toks[i++];
      v = cmp(v, add(), op === '==' ? '=' : op) ? '1' : '0';
    }
    return v;
  }
  function and(): string {
    let v = rel();
    while (toks[i] === '&') {
      i++;
      const r = rel();
      v = truthy(v) && truthy(r) ? v : '0';
    }
    return v;
  }
  function or(): string {
    let v = and();
    while (toks[i] === '|') {
      i++;
      const r = and();
      v = truthy(v) ? v : truthy(r) ? r : '0';
    }
    return v;
  }
  try {
    const v = or();
    if (i < toks.length) throw new Error('syntax error');
    await print(ctx, `${v}\n`);
    return truthy(v) ? 0 : 1;
  } catch (e) {
    await complain(ctx, e instanceof Error ? e.message : String(e));
    return 2;
  }
};

export const clear: ShellCommand = async (ctx) => {
  await print(ctx, '\x1b[H\x1b[J');
  return 0;
};

export const nohup: ShellCommand = async (ctx) => (ctx.argv.length > 1 ? ctx.run(ctx.argv.slice(1)) : 1);
