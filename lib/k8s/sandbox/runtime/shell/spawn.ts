/**
 * The entry point the container runtime calls: starts a process (a container's main process
 * or a `kubectl exec` session) from argv. `sh -c SCRIPT`, `sh FILE`, an interactive `sh`
 * reading stdin, or any single command (utility, network tool, image process) run here,
 * streaming stdout/stderr chunks to callbacks as they are written.
 */
import type { ClusterNetwork } from '../../network/types';
import type { Vfs } from '../vfs-types';
import { AccountedVfs } from './accounted-vfs';
import { createBudget, ContainerBudget } from './budget';
import { BudgetExceededError, type Budget, type ByteSink, type CommandContext, type CommandTable } from './command';
import type { ShellCommandContext } from './context';
import { BUILTINS } from './builtins';
import { EMPTY_SOURCE, Pipe } from './io';
import { runInteractive, TtyInput } from './interactive';
import { BreakLoop, ContinueLoop, ExitShell, Interp, Proc, ReturnFromFunction, stdio, type Fds, type ProcessEnv } from './interp';
import { BrokenPipeError } from './io';
import { Pacer, ProcessKilledError, type PacerClock } from './pacer';
import { parse, ShellSyntaxError } from './parser';
import { ProcessTable } from './process-table';
import { ShellState } from './state';
import { UTILITIES } from './utils';
import { normalizePath } from '../vfs/path';

export type ProcessSignal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP';

export interface SpawnOptions {
  argv: string[];
  env?: Record<string, string> | { name: string; value: string }[];
  /** workingDir (default /). */
  cwd?: string;
  fs: Vfs;
  /** The cluster clock (Clock from clock.ts fits). */
  clock: PacerClock;
  net: ClusterNetwork;
  pod: CommandContext['pod'];
  /** Shared by every process of the container (main and exec sessions); default createBudget(). */
  budget?: Budget;
  random?: () => number;
  /** Network tools and image processes; they win over the built-in utilities of the same name. */
  commands?: CommandTable;
  /** The container's processes (shared by main process and exec sessions for ps/kill). */
  processes?: ProcessTable;
  /** Whether stdin is open (kubectl exec -i, spec.stdin); otherwise reads see end of input. */
  stdin?: boolean;
  /** A terminal (kubectl exec -t): echo, line editing, `\r\n` output, prompts. */
  tty?: boolean;
  onStdout(chunk: string): void;
  onStderr(chunk: string): void;
  /**
   * PID 1 semantics of Linux: a signal without a handler is ignored, so `sh -c 'sleep 3600'`
   * survives SIGTERM until SIGKILL after the grace period, as on a real node. Default false.
   */
  initProcess?: boolean;
}

export interface ProcessExit {
  code: number;
  /** The signal that ended it ('SIGKILL' also for a budget kill). */
  signal?: ProcessSignal;
  /** Set when a budget ended the process tree (map to Error or OOMKilled). */
  error?: BudgetExceededError;
}

export interface ShellProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  kill(sig: ProcessSignal): void;
  /** Bytes typed or piped in (kubectl exec -i); close() is end of input (Ctrl-D, stdin closed). */
  readonly stdin: { write(data: string): void | Promise<void>; close(): void };
  /** Interpreter steps so far (test drivers settle until it stops moving). */
  steps(): number;
}

/** The kubelet reports this as StartError / ContainerCannotRun: the command does not exist. */
export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`exec: "${command}": executable file not found in $PATH`);
    this.name = 'CommandNotFoundError';
  }
}

const SHELLS = new Set(['sh', 'ash', 'bash', 'dash']);
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function isShell(argv0: string): boolean {
  return SHELLS.has(argv0.replace(/^.*\//, ''));
}

function envEntries(env: SpawnOptions['env']): [string, string][] {
  if (!env) return [];
  if (Array.isArray(env)) return env.map((e) => [e.name, e.value]);
  return Object.entries(env);
}

/** Output to a callback, charged to the budget; on a terminal `\n` becomes `\r\n`. */
function outputSink(budget: Budget, tty: boolean, cb: (chunk: string) => void): ByteSink {
  return {
    write(chunk: string) {
      if (!chunk) return;
      budget.output(chunk.length);
      cb(tty ? chunk.replace(/\r?\n/g, '\r\n') : chunk);
    },
  };
}

function newState(entries: Iterable<[string, string]>, cwd: string, pod: CommandContext['pod']): ShellState {
  const state = new ShellState();
  state.set('PATH', DEFAULT_PATH, true);
  state.set('HOME', '/root', true);
  state.set('HOSTNAME', pod.hostname, true);
  for (const [k, v] of entries) state.set(k, v, true);
  state.set('PWD', cwd, true);
  state.set('PS1', '\\w \\$ ');
  state.set('PS2', '> ');
  state.set('IFS', ' \t\n');
  state.cwd = cwd;
  return state;
}

/** Maps what ends a shell body to an exit status; budget and kill errors pass through. */
function statusOf(e: unknown): number {
  if (e instanceof ExitShell || e instanceof ReturnFromFunction) return e.status;
  if (e instanceof BrokenPipeError) return 141;
  if (e instanceof BreakLoop || e instanceof ContinueLoop) return 0;
  throw e;
}

interface ShellArgs {
  script?: string;
  file?: string;
  arg0: string;
  positional: string[];
  errexit: boolean;
  xtrace: boolean;
  interactive: boolean;
}

/** sh [-eux] [-c SCRIPT [ARG0 [ARG...]] | FILE [ARG...] | -s] */
function parseShellArgs(argv: string[]): ShellArgs | string {
  const r: ShellArgs = { arg0: argv[0], positional: [], errexit: false, xtrace: false, interactive: false };
  let i = 1;
  let command = false;
  for (; i < argv.length && /^[-+][a-zA-Z]+$/.test(argv[i]); i++) {
    for (const f of argv[i].slice(1)) {
      if (f === 'c') command = true;
      else if (f === 'e') r.errexit = true;
      else if (f === 'x') r.xtrace = true;
      else if (f === 'i') r.interactive = true;
      else if (f === 's' || f === 'l' || f === 'u') continue;
      else return `-${f}: invalid option`;
    }
  }
  if (argv[i] === '--') i++;
  if (command) {
    if (i >= argv.length) return '-c requires an argument';
    r.script = argv[i];
    if (argv[i + 1] !== undefined) r.arg0 = argv[i + 1];
    r.positional = argv.slice(i + 2);
  } else if (i < argv.length) {
    r.file = argv[i];
    r.arg0 = argv[i];
    r.positional = argv.slice(i + 1);
  }
  return r;
}

/** Runs a shell command line in interp (the body of a process); resolves with its exit status. */
async function runShell(interp: Interp, args: ShellArgs, fds: Fds, tty: boolean): Promise<number> {
  const state = interp.state;
  state.arg0 = args.arg0;
  state.positional = args.positional;
  state.options.errexit = args.errexit;
  state.options.xtrace = args.xtrace;
  let status: number;
  try {
    if (args.script !== undefined || args.file !== undefined) {
      let src = args.script;
      if (src === undefined) {
        const path = normalizePath(args.file!, state.cwd);
        if (!interp.fs.exists(path) || interp.fs.stat(path).type !== 'file') {
          await interp.error(fds, `can't open '${args.file}': No such file or directory`);
          return 2;
        }
        src = interp.fs.readFile(path);
      }
      let script;
      try {
        script = parse(src);
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        await interp.error(fds, args.script !== undefined ? `-c: line 1: ${e.message}` : e.message);
        return 2;
      }
      status = await interp.runList(script, fds);
    } else {
      status = await runInteractive(interp, fds, tty);
    }
  } catch (e) {
    status = statusOf(e);
  }
  return runExitTrap(interp, fds, status);
}

async function runExitTrap(interp: Interp, fds: Fds, status: number): Promise<number> {
  const action = interp.state.traps.get('EXIT');
  if (!action) return status;
  interp.state.traps.delete('EXIT');
  interp.state.lastStatus = status;
  try {
    await interp.evalString(action, fds);
  } catch (e) {
    return statusOf(e);
  }
  return status;
}

export function spawnProcess(opts: SpawnOptions): ShellProcess {
  const budget = opts.budget ?? createBudget();
  const processes = opts.processes ?? new ProcessTable();
  const cwd = normalizePath(opts.cwd ?? '/');
  const tty = opts.tty ?? false;
  const state = newState(envEntries(opts.env), cwd, opts.pod);
  const holder: { proc?: Proc } = {};
  const entry = processes.add({ ppid: 0, command: opts.argv.join(' '), startedAt: opts.clock.now(), signal: (sig) => holder.proc?.deliver(sig) });
  const proc = new Proc(entry.pid, () => state.traps);
  holder.proc = proc;
  proc.ignoresDefaultSignals = opts.initProcess ?? false;
  const stepsPerSecond = budget instanceof ContainerBudget ? budget.limits.stepsPerSecond : 5_000;
  const pacer = new Pacer(budget, opts.clock, stepsPerSecond, proc.kill.signal);
  let fatalError: BudgetExceededError | undefined;

  const env: ProcessEnv = {
    fs: new AccountedVfs(opts.fs, budget),
    clock: opts.clock,
    net: opts.net,
    pod: opts.pod,
    budget,
    random: opts.random ?? Math.random,
    extraCommands: opts.commands ?? {},
    utilities: { ...UTILITIES, sh: shellUtility, ash: shellUtility, bash: shellUtility },
    builtins: BUILTINS,
    processes,
    pacer,
    tty,
    startedAt: opts.clock.now(),
    fatal(err) {
      if (!fatalError && err instanceof BudgetExceededError) fatalError = err;
      proc.terminate(137, 'KILL');
    },
    spawnShell: (argv, ctx) => shellUtility({ ...ctx, argv }),
  };

  /** `sh ...` run from inside the shell (and scripts in the filesystem): a child process. */
  async function shellUtility(ctx: ShellCommandContext): Promise<number> {
    const args = parseShellArgs(ctx.argv);
    const fds = stdio(ctx.stdin, ctx.stdout, ctx.stderr);
    if (typeof args === 'string') {
      await ctx.stderr.write(`sh: ${args}\n`);
      return 2;
    }
    const childState = newState(ctx.env, ctx.cwd, opts.pod);
    const child = new Proc(ctx.pid, () => childState.traps, proc);
    const onAbort = () => child.deliver(String(ctx.signal.reason ?? 'SIGTERM'));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const status = await Promise.race([runShell(new Interp(env, childState, child), args, fds, false), child.terminated.then((t) => t.code)]);
      return status;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      child.terminate(0);
    }
  }

  const stdout = outputSink(budget, tty, opts.onStdout);
  const stderr = outputSink(budget, tty, opts.onStderr);
  const stdinPipe = new Pipe();
  const ttyInput = tty ? new TtyInput(stdinPipe, (echo) => opts.onStdout(echo), () => proc.deliver('INT')) : undefined;
  const fds = stdio(opts.stdin ? stdinPipe : EMPTY_SOURCE, stdout, stderr);
  const interp = new Interp(env, state, proc);

  const body = async (): Promise<number> => {
    if (isShell(opts.argv[0])) {
      const args = parseShellArgs(opts.argv);
      if (typeof args === 'string') {
        await interp.error(fds, args);
        return 2;
      }
      if (args.script === undefined && args.file === undefined) proc.interactive = true;
      return runShell(interp, args, fds, tty);
    }
    try {
      return await interp.runArgv(opts.argv, fds);
    } catch (e) {
      return statusOf(e);
    }
  };

  if (!isShell(opts.argv[0]) && !interp.lookupCommand(opts.argv[0])) {
    processes.remove(entry.pid);
    throw new CommandNotFoundError(opts.argv[0]);
  }

  const guarded = body().catch(async (e: unknown): Promise<number> => {
    if (e instanceof BudgetExceededError) {
      // A shell prints "Killed" for a SIGKILLed child; say which budget did it, so a learner whose
      // `kubectl exec` filled the disk or looped forever reads why it ended, not just exit 137.
      // Not for a container's main process killed by its memory limit: the OOM killer writes
      // nothing to the container's log, the status says OOMKilled.
      if (e.kind !== 'output' && !(e.kind === 'memory' && opts.initProcess)) {
        try {
          await stderr.write(`Killed: ${e.message}\n`);
        } catch {
          // output budget already spent
        }
      }
      env.fatal(e);
      return 137;
    }
    if (e instanceof ProcessKilledError) return 137;
    // A bug in a command must not take the cluster down: report it as the shell would.
    try {
      await stderr.write(`sh: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    } catch {
      // output budget already spent
    }
    return 2;
  });

  const exited = Promise.race([guarded.then((code) => ({ code, signal: undefined as string | undefined })), proc.terminated]).then((r) => {
    // The container's PID namespace goes with its first process: background jobs die too.
    proc.terminate(r.code, r.signal);
    processes.remove(entry.pid);
    const exit: ProcessExit = { code: r.code };
    if (r.signal) exit.signal = `SIG${r.signal}` as ProcessSignal;
    if (fatalError) exit.error = fatalError;
    return exit;
  });

  return {
    pid: entry.pid,
    exited,
    kill: (sig) => proc.deliver(sig),
    stdin: {
      // The pipe's promise (it holds PIPE_CAPACITY) is the back-pressure exec passes on to its client.
      write: (data) => {
        if (!opts.stdin) return;
        if (ttyInput) return ttyInput.write(data);
        return stdinPipe.write(data);
      },
      close: () => stdinPipe.close(),
    },
    steps: () => pacer.total,
  };
}
