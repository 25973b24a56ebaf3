/**
 * Builtins: commands that change the shell itself (variables, options, traps, cwd, control
 * flow) or wait on it (read, wait), so they cannot run as separate Commands. Messages follow
 * busybox ash.
 */
import { bufferedSource } from './io';
import { BreakLoop, ContinueLoop, ExitShell, ReturnFromFunction, sinkOf, sourceOf, type Builtin, type Fds, type Interp } from './interp';
import { parse } from './parser';
import { exitCodeForSignal, SIGNAL_NUMBERS, signalName } from './signals';
import { ReadonlyVariableError } from './state';
import { evaluateTest, TestSyntaxError } from './test-expr';
import { normalizePath } from '../vfs/path';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quote(v: string): string {
  return `'${v.replace(/'/g, `'"'"'`)}'`;
}

async function out(fds: Fds, text: string): Promise<void> {
  await sinkOf(fds, 1).write(text);
}

/**
 * Races work against a signal to the process (wait and read are interruptible); the abort
 * listener is removed afterwards so a long `while read` loop does not pile listeners up.
 */
async function unlessInterrupted<T>(sh: Interp, work: Promise<T>): Promise<{ value: T } | { sig: string }> {
  const signal = sh.proc.interrupt.signal;
  if (signal.aborted) return { sig: String(signal.reason) };
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<{ sig: string }>((resolve) => {
    onAbort = () => resolve({ sig: String(signal.reason) });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

const exit: Builtin = async (sh, argv) => {
  throw new ExitShell(argv[1] !== undefined ? Number(argv[1]) & 255 : sh.state.lastStatus);
};

const returnBuiltin: Builtin = async (sh, argv) => {
  throw new ReturnFromFunction(argv[1] !== undefined ? Number(argv[1]) & 255 : sh.state.lastStatus);
};

const loopControl =
  (kind: 'break' | 'continue'): Builtin =>
  async (sh, argv, fds) => {
    const n = argv[1] === undefined ? 1 : Number(argv[1]);
    if (!Number.isInteger(n) || n < 1) {
      await sh.error(fds, `${kind}: bad number: ${argv[1]}`);
      return 1;
    }
    if (!sh.inLoop) return 0;
    throw kind === 'break' ? new BreakLoop(n) : new ContinueLoop(n);
  };

const exportBuiltin =
  (mode: 'export' | 'readonly'): Builtin =>
  async (sh, argv, fds) => {
    const names = argv.slice(1).filter((a) => a !== '-p' && a !== '-n');
    if (names.length === 0) {
      const lines = [...sh.state.vars.entries()]
        .filter(([, v]) => (mode === 'export' ? v.exported : v.readonly))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${mode} ${k}=${quote(v.value)}\n`);
      await out(fds, lines.join(''));
      return 0;
    }
    for (const a of names) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!NAME.test(name)) {
        await sh.error(fds, `${mode}: ${a}: bad variable name`);
        return 1;
      }
      try {
        const v = sh.state.vars.get(name);
        if (eq >= 0) sh.state.set(name, a.slice(eq + 1));
        else if (!v) sh.state.vars.set(name, { value: '', exported: false });
        const now = sh.state.vars.get(name)!;
        if (mode === 'export') now.exported = true;
        else now.readonly = true;
        // `export X` of an unset variable exports nothing until it is set; keep it exported-but-empty.
      } catch (e) {
        if (!(e instanceof ReadonlyVariableError)) throw e;
        await sh.error(fds, e.message);
        return 1;
      }
    }
    return 0;
  };

const unset: Builtin = async (sh, argv, fds) => {
  let functions = false;
  for (const a of argv.slice(1)) {
    if (a === '-f') functions = true;
    else if (a === '-v') functions = false;
    else if (functions) sh.state.functions.delete(a);
    else {
      try {
        sh.state.unset(a);
      } catch (e) {
        if (!(e instanceof ReadonlyVariableError)) throw e;
        await sh.error(fds, `unset: ${e.message}`);
        return 1;
      }
    }
  }
  return 0;
};

const OPTION_LETTERS: Record<string, 'errexit' | 'nounset' | 'xtrace' | 'noglob'> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob' };

const set: Builtin = async (sh, argv, fds) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    const lines = [...sh.state.vars.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${quote(v.value)}\n`);
    await out(fds, lines.join(''));
    return 0;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      sh.state.positional = args.slice(i + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      const opt = args[++i];
      const key = Object.values(OPTION_LETTERS).find((o) => o === opt);
      if (key) sh.state.options[key] = a === '-o';
      else if (opt !== 'pipefail' && opt !== 'monitor') {
        await sh.error(fds, `set: illegal option -o ${opt}`);
        return 1;
      }
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      for (const letter of a.slice(1)) {
        const key = OPTION_LETTERS[letter];
        if (key) sh.state.options[key] = a[0] === '-';
        else if (letter !== 'm' && letter !== 'h' && letter !== 'v' && letter !== 'C') {
          await sh.error(fds, `set: illegal option -${letter}`);
          return 1;
        }
      }
      continue;
    }
    sh.state.positional = args.slice(i);
    return 0;
  }
  return 0;
};

const shift: Builtin = async (sh, argv, fds) => {
  const n = argv[1] === undefined ? 1 : Number(argv[1]);
  if (!Number.isInteger(n) || n < 0 || n > sh.state.positional.length) {
    await sh.error(fds, `shift: can't shift that many`);
    return 1;
  }
  sh.state.positional = sh.state.positional.slice(n);
  return 0;
};

const trap: Builtin = async (sh, argv, fds) => {
  const args = argv.slice(1);
  if (args[0] === '--') args.shift();
  if (args.length === 0 || args[0] === '-p') {
    const lines = [...sh.state.traps.entries()].map(([sig, action]) => `trap -- ${quote(action)} ${sig}\n`);
    await out(fds, lines.join(''));
    return 0;
  }
  if (args[0] === '-l') {
    await out(fds, `${Object.entries(SIGNAL_NUMBERS).map(([n, v]) => `${v}) ${n}`).join('\n')}\n`);
    return 0;
  }
  // `trap 15` (only signals) resets them, as `trap - 15` does.
  const resetOnly = args.every((a) => /^\d+$/.test(a));
  const action = resetOnly ? '-' : args[0];
  const sigs = resetOnly ? args : args.slice(1);
  for (const spec of sigs) {
    const name = spec === '0' || spec.toUpperCase() === 'EXIT' ? 'EXIT' : signalName(spec);
    if (!name) {
      await sh.error(fds, `trap: ${spec}: bad trap`);
      return 1;
    }
    if (action === '-') sh.state.traps.delete(name);
    else sh.state.traps.set(name, action);
  }
  return 0;
};

const evalBuiltin: Builtin = async (sh, argv, fds) => sh.evalString(argv.slice(1).join(' '), fds);

const dot: Builtin = async (sh, argv, fds) => {
  const file = argv[1];
  if (!file) {
    await sh.error(fds, `.: filename argument required`);
    return 2;
  }
  const path = normalizePath(file, sh.state.cwd);
  if (!sh.fs.exists(path)) {
    await sh.error(fds, `.: can't open '${file}'`);
    throw new ExitShell(2);
  }
  const saved = sh.state.positional;
  if (argv.length > 2) sh.state.positional = argv.slice(2);
  try {
    return await sh.runList(parse(sh.fs.readFile(path)), fds);
  } catch (e) {
    if (e instanceof ReturnFromFunction) return e.status;
    throw e;
  } finally {
    if (argv.length > 2) sh.state.positional = saved;
  }
};

const exec: Builtin = async (sh, argv, fds) => {
  if (argv.length === 1) return 0;
  throw new ExitShell(await sh.runArgv(argv.slice(1), fds));
};

const cd: Builtin = async (sh, argv, fds) => {
  let target = argv[1] ?? sh.state.get('HOME') ?? '/';
  if (target === '-') {
    target = sh.state.get('OLDPWD') ?? sh.state.cwd;
    await out(fds, `${target}\n`);
  }
  const path = normalizePath(target, sh.state.cwd);
  let ok = false;
  try {
    ok = sh.fs.stat(path).type === 'dir';
  } catch {
    ok = false;
  }
  if (!ok) {
    const why = sh.fs.exists(path) ? 'Not a directory' : 'No such file or directory';
    await sh.error(fds, `cd: can't cd to ${target}: ${why}`);
    return 2;
  }
  sh.state.set('OLDPWD', sh.state.cwd);
  sh.state.cwd = path;
  sh.state.set('PWD', path);
  return 0;
};

const pwd: Builtin = async (sh, _argv, fds) => {
  await out(fds, `${sh.state.cwd}\n`);
  return 0;
};

/** read [-r] [-p prompt] [-t secs] [-n N] [-s] [name...] (busybox shell/shell_common.c). */
const read: Builtin = async (sh, argv, fds) => {
  let raw = false;
  let prompt: string | undefined;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-r') raw = true;
    else if (a === '-p') prompt = argv[++i];
    else if (a === '-t' || a === '-n' || a === '-u' || a === '-d') i++;
    else if (a === '-s') continue;
    else if (/^-[rs]+$/.test(a)) raw = raw || a.includes('r');
    else names.push(a);
  }
  if (prompt) await sinkOf(fds, 2).write(prompt);
  const src = bufferedSource(sourceOf(fds, 0));
  let text = '';
  let eof = false;
  for (;;) {
    const winner = await unlessInterrupted(sh, src.readLine());
    if ('sig' in winner) return exitCodeForSignal(winner.sig);
    const l = winner.value;
    if (l === null) {
      eof = true;
      break;
    }
    if (!raw && l.line.endsWith('\\') && !l.partial) {
      text += l.line.slice(0, -1);
      continue;
    }
    text += l.line;
    if (l.partial) eof = true;
    break;
  }
  if (!raw) text = text.replace(/\\(.)/g, '$1');
  const ifs = sh.state.get('IFS') ?? ' \t\n';
  assignFields(sh, names.length ? names : ['REPLY'], text, ifs, names.length === 0);
  return eof ? 1 : 0;
};

/** Splits a line read into variables: the last one takes the rest of the line (POSIX read). */
function assignFields(sh: Interp, names: string[], text: string, ifs: string, whole: boolean): void {
  if (whole) {
    sh.state.set(names[0], text);
    return;
  }
  const white = [...ifs].filter((c) => ' \t\n'.includes(c));
  const isWhite = (c: string) => white.includes(c);
  const isSep = (c: string) => ifs.includes(c);
  let rest = text;
  const trimStart = (s: string) => {
    let k = 0;
    while (k < s.length && isWhite(s[k])) k++;
    return s.slice(k);
  };
  const trimEnd = (s: string) => {
    let k = s.length;
    while (k > 0 && isWhite(s[k - 1])) k--;
    return s.slice(0, k);
  };
  rest = trimStart(rest);
  names.forEach((name, idx) => {
    if (idx === names.length - 1) {
      sh.state.set(name, trimEnd(rest));
      return;
    }
    let k = 0;
    while (k < rest.length && !isSep(rest[k])) k++;
    sh.state.set(name, rest.slice(0, k));
    rest = rest.slice(k);
    // One separator: any IFS whitespace around at most one non-whitespace IFS character.
    rest = trimStart(rest);
    if (rest && isSep(rest[0]) && !isWhite(rest[0])) rest = trimStart(rest.slice(1));
  });
}

const wait: Builtin = async (sh, argv) => {
  const pids = argv.slice(1).map((p) => Number(p.replace(/^%/, '')));
  const targets = pids.length ? pids : [...sh.state.jobs.keys()];
  let status = 0;
  for (const pid of targets) {
    const job = sh.state.jobs.get(pid);
    if (!job) {
      status = sh.state.finishedJobs.get(pid) ?? 127;
      continue;
    }
    const winner = await unlessInterrupted(sh, job);
    if ('sig' in winner) return exitCodeForSignal(winner.sig);
    status = winner.value;
    sh.state.jobs.delete(pid);
  }
  return pids.length ? status : 0;
};

const local: Builtin = async (sh, argv, fds) => {
  const frame = sh.state.localFrames[sh.state.localFrames.length - 1];
  if (!frame) {
    await sh.error(fds, `local: not in a function`);
    return 1;
  }
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!frame.has(name)) {
      const v = sh.state.vars.get(name);
      frame.set(name, v ? { ...v } : undefined);
    }
    sh.state.set(name, eq >= 0 ? a.slice(eq + 1) : (sh.state.get(name) ?? ''));
  }
  return 0;
};

const kill: Builtin = async (sh, argv, fds) => {
  let sig = 'TERM';
  const args = argv.slice(1);
  if (args[0] === '-l') {
    await out(fds, `${Object.keys(SIGNAL_NUMBERS).join(' ')}\n`);
    return 0;
  }
  if (args[0] === '-s') {
    sig = args[1] ?? 'TERM';
    args.splice(0, 2);
  } else if (args[0]?.startsWith('-') && args.length > 1) {
    sig = args.shift()!.slice(1);
  }
  const name = signalName(sig);
  if (!name) {
    await sh.error(fds, `kill: bad signal name '${sig}'`);
    return 1;
  }
  if (!args.length) {
    await sh.error(fds, `kill: usage: kill [-s SIGNAL | -SIGNAL] PID...`);
    return 2;
  }
  let status = 0;
  for (const a of args) {
    const jobs = [...sh.state.jobs.keys()];
    const pid = a.startsWith('%') ? jobs[Number(a.slice(1)) - 1] : Math.abs(Number(a));
    const entry = pid === undefined ? undefined : sh.env.processes.get(pid);
    if (!entry) {
      await sh.error(fds, `kill: can't kill pid ${a}: No such process`);
      status = 1;
      continue;
    }
    entry.signal(name);
  }
  return status;
};

const typeBuiltin: Builtin = async (sh, argv, fds) => {
  let status = 0;
  for (const n of argv.slice(1)) {
    if (sh.state.functions.has(n)) await out(fds, `${n} is a function\n`);
    else if (sh.env.builtins[n]) await out(fds, `${n} is a shell builtin\n`);
    else if (sh.lookupCommand(n)) await out(fds, `${n} is ${n.includes('/') ? n : `/bin/${n}`}\n`);
    else {
      await out(fds, `${n}: not found\n`);
      status = 1;
    }
  }
  return status;
};

const command: Builtin = async (sh, argv, fds) => {
  const args = argv.slice(1);
  if (args[0] === '-v' || args[0] === '-V') {
    let status = 0;
    for (const n of args.slice(1)) {
      if (sh.state.functions.has(n) || sh.env.builtins[n]) await out(fds, `${n}\n`);
      else if (sh.lookupCommand(n)) await out(fds, `${n.includes('/') ? n : `/bin/${n}`}\n`);
      else status = 1;
    }
    return status;
  }
  if (!args.length) return 0;
  const builtin = sh.env.builtins[args[0]];
  if (builtin) return builtin(sh, args, fds);
  const c = sh.lookupCommand(args[0]);
  if (!c) {
    await sh.error(fds, `${args[0]}: not found`);
    return 127;
  }
  return sh.runExternal(c, args, fds, sh.state.exportedEnv());
};

const test: Builtin = async (sh, argv, fds) => {
  let args = argv.slice(1);
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      await sh.error(fds, `[: missing ]`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluateTest(args, sh.fs, sh.state.cwd) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestSyntaxError) {
      await sh.error(fds, `${argv[0]}: ${e.message}`);
      return 2;
    }
    throw e;
  }
};

const jobs: Builtin = async (sh, _argv, fds) => {
  let n = 0;
  for (const pid of sh.state.jobs.keys()) await out(fds, `[${++n}]   Running    ${pid}\n`);
  return 0;
};

const ok: Builtin = async () => 0;
const fail: Builtin = async () => 1;

export const BUILTINS: Record<string, Builtin> = {
  ':': ok,
  true: ok,
  false: fail,
  exit,
  return: returnBuiltin,
  break: loopControl('break'),
  continue: loopControl('continue'),
  export: exportBuiltin('export'),
  readonly: exportBuiltin('readonly'),
  unset,
  set,
  shift,
  trap,
  eval: evalBuiltin,
  '.': dot,
  source: dot,
  exec,
  cd,
  pwd,
  read,
  wait,
  local,
  kill,
  type: typeBuiltin,
  command,
  test,
  '[': test,
  jobs,
  umask: async (_sh, argv, fds) => {
    if (argv.length === 1) await out(fds, '0022\n');
    return 0;
  },
  ulimit: async (_sh, _argv, fds) => {
    await out(fds, 'unlimited\n');
    return 0;
  },
  hash: ok,
};
