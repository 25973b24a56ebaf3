/**
 * The streaming executor: walks the syntax tree asynchronously. Every pipeline stage runs
 * concurrently over Pipes, every wait (sleep, a pipe read, `wait`) is a promise on the
 * cluster clock or a stream, and every command and loop iteration is paced by the budget,
 * so thousands of container shells share one Node event loop.
 */
import type { AndOr, Command, Pipeline, Redir, Script, SimpleCommand } from './ast';
import { BudgetExceededError, type ByteSink, type ByteSource, type CommandTable, type CommandContext } from './command';
import type { ClusterNetwork } from '../../network/types';
import type { Vfs } from '../vfs-types';
import { VfsError } from '../vfs-types';
import { normalizePath } from '../vfs/path';
import type { RunIO, ShellCommand, ShellCommandContext } from './context';
import { expandPattern, expandWord, expandWords, ExpansionError, type ExpansionHost } from './expand';
import { abortableSource, AbortedError, BrokenPipeError, BufferSink, bufferedSource, EMPTY_SOURCE, isAbortError, NULL_SINK, Pipe, StringSource } from './io';
import { Pacer, ProcessKilledError, type PacerClock } from './pacer';
import { parse, ShellSyntaxError } from './parser';
import { matchPattern, PatternTooCostlyError } from './pattern';
import type { ProcessTable } from './process-table';
import { exitCodeForSignal, signalName } from './signals';
import { ReadonlyVariableError, ShellState } from './state';
import { WorkMeter } from './utils/work';

// ---------- control flow ----------

export class BreakLoop {
  constructor(public levels: number) {}
}
export class ContinueLoop {
  constructor(public levels: number) {}
}
export class ReturnFromFunction {
  constructor(readonly status: number) {}
}
export class ExitShell {
  constructor(readonly status: number) {}
}

/** Deep recursion (`f() { f; }; f`) ends the shell instead of the Node stack. */
export const MAX_FUNCTION_DEPTH = 200;
/** Command substitution output kept in memory. */
export const MAX_SUBSTITUTION_BYTES = 4 * 1024 * 1024;

// ---------- file descriptors ----------

export interface Fd {
  source?: ByteSource;
  sink?: ByteSink;
}
export type Fds = Map<number, Fd>;

export function stdio(stdin: ByteSource, stdout: ByteSink, stderr: ByteSink): Fds {
  return new Map<number, Fd>([
    [0, { source: stdin }],
    [1, { sink: stdout }],
    [2, { sink: stderr }],
  ]);
}

export function sinkOf(fds: Fds, fd: number): ByteSink {
  return fds.get(fd)?.sink ?? NULL_SINK;
}
export function sourceOf(fds: Fds, fd: number): ByteSource {
  return fds.get(fd)?.source ?? EMPTY_SOURCE;
}

/** Appends each chunk to a file as it is written, so watchers (tail -f) see it at once. */
class FileSink implements ByteSink {
  constructor(
    private readonly fs: Vfs,
    private readonly path: string,
  ) {}
  write(chunk: string): void {
    if (chunk) this.fs.writeFile(this.path, chunk, { append: true });
  }
}

// ---------- processes ----------

/** One process of the tree: the main shell, a background job or an exec session. */
export class Proc {
  readonly kill = new AbortController();
  interrupt = new AbortController();
  readonly pending: string[] = [];
  readonly terminated: Promise<{ code: number; signal?: string }>;
  private resolveTerminated!: (r: { code: number; signal?: string }) => void;
  /** Interactive shells survive SIGINT: it only interrupts the command running. */
  interactive = false;
  /** Linux ignores untrapped SIGTERM/SIGINT for PID 1 (an init process without handlers). */
  ignoresDefaultSignals = false;

  constructor(
    readonly pid: number,
    readonly traps: () => Map<string, string>,
    parent?: Proc,
  ) {
    this.terminated = new Promise((r) => (this.resolveTerminated = r));
    this.kill.signal.addEventListener('abort', () => this.interrupt.abort(this.kill.signal.reason), { once: true });
    if (parent) {
      if (parent.kill.signal.aborted) this.kill.abort(parent.kill.signal.reason);
      else {
        const onParentKilled = () => this.terminate(137, 'KILL');
        parent.kill.signal.addEventListener('abort', onParentKilled, { once: true });
        this.detach = () => parent.kill.signal.removeEventListener('abort', onParentKilled);
      }
    }
  }

  private detach: () => void = () => undefined;

  /** Delivers a signal: trapped ones run their action at the next command boundary. */
  deliver(spec: string): void {
    const name = signalName(spec) ?? 'TERM';
    if (name === '0') return;
    if (name === 'KILL') return this.terminate(137, 'KILL');
    const action = this.traps().get(name);
    if (action === '') return;
    if (action !== undefined) {
      this.pending.push(name);
      this.interrupt.abort(`SIG${name}`);
      return;
    }
    if (this.interactive && name === 'INT') {
      this.interrupt.abort('SIGINT');
      return;
    }
    if (this.ignoresDefaultSignals && (name === 'TERM' || name === 'INT' || name === 'HUP')) return;
    this.terminate(exitCodeForSignal(name), name);
  }

  terminate(code: number, signal?: string): void {
    this.detach();
    if (!this.kill.signal.aborted) this.kill.abort(signal ? `SIG${signal}` : 'exit');
    this.resolveTerminated({ code, signal });
  }

  /** A fresh interrupt for the next command, after a trap ran. */
  rearm(): void {
    if (this.interrupt.signal.aborted && !this.kill.signal.aborted) this.interrupt = new AbortController();
  }
}

/** Everything one spawned process tree shares. */
export interface ProcessEnv {
  fs: Vfs;
  clock: PacerClock;
  net: ClusterNetwork;
  pod: CommandContext['pod'];
  budget: CommandContext['budget'];
  random(): number;
  /** Commands other engineers provide (network tools, image processes); they win over utilities. */
  extraCommands: CommandTable;
  utilities: Record<string, ShellCommand>;
  builtins: Record<string, Builtin>;
  processes: ProcessTable;
  pacer: Pacer;
  tty: boolean;
  startedAt: number;
  /** A budget was exceeded somewhere in the tree: end the container. */
  fatal(err: Error): void;
  /** Runs `sh ...` as a child shell (the sh utility and scripts in the filesystem). */
  spawnShell(argv: string[], ctx: ShellCommandContext): Promise<number>;
}

export type Builtin = (sh: Interp, argv: string[], fds: Fds) => Promise<number>;

/** Builtins whose assignments persist and whose errors end a non-interactive shell (POSIX 2.14). */
const SPECIAL_BUILTINS = new Set(['.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'trap', 'unset']);

const BIN_DIRS = ['/bin/', '/usr/bin/', '/sbin/', '/usr/sbin/', '/usr/local/bin/'];

// ---------- the interpreter ----------

export class Interp implements ExpansionHost {
  /** > 0 while running a condition (if/while test, left of && ||): set -e does not apply. */
  private condDepth = 0;
  private loopDepth = 0;
  private substStatus: number | undefined;

  constructor(
    readonly env: ProcessEnv,
    public state: ShellState,
    readonly proc: Proc,
  ) {}

  // ---- ExpansionHost ----
  get fs(): Vfs {
    return this.env.fs;
  }
  get cwd(): string {
    return this.state.cwd;
  }
  get nounset(): boolean {
    return this.state.options.nounset;
  }
  get noglob(): boolean {
    return this.state.options.noglob;
  }
  getVar(name: string): string | undefined {
    return this.state.get(name);
  }
  setVar(name: string, value: string): void {
    this.state.set(name, value);
  }
  positional(): string[] {
    return this.state.positional;
  }
  special(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.state.lastStatus);
      case '$':
        return String(this.proc.pid);
      case '!':
        return this.state.lastBgPid === undefined ? '' : String(this.state.lastBgPid);
      case '#':
        return String(this.state.positional.length);
      case '*':
      case '@':
        return this.state.positional.join(' ');
      case '-':
        return (this.state.options.errexit ? 'e' : '') + (this.state.options.nounset ? 'u' : '') + (this.state.options.xtrace ? 'x' : '') + (this.state.options.noglob ? 'f' : '');
      case '0':
        return this.state.arg0;
      case 'RANDOM':
        return this.state.vars.has('RANDOM') ? undefined : String(Math.floor(this.env.random() * 32768));
      case 'SECONDS':
        return this.state.vars.has('SECONDS') ? undefined : String(Math.floor((this.env.clock.now() - this.env.startedAt) / 1000));
      case 'PPID':
        return '0';
    }
    if (/^\d+$/.test(name)) return this.state.positional[Number(name) - 1];
    return undefined;
  }
  async commandSubstitution(script: Script): Promise<string> {
    const sub = this.fork();
    const buf = new BufferSink(MAX_SUBSTITUTION_BYTES, () => new BudgetExceededError('output', MAX_SUBSTITUTION_BYTES, `command substitution output over ${MAX_SUBSTITUTION_BYTES} bytes`));
    const fds = new Map(this.currentFds ?? stdio(EMPTY_SOURCE, NULL_SINK, NULL_SINK));
    fds.set(1, { sink: buf });
    const status = await this.runSubshell(sub, () => sub.runList(script, fds));
    this.substStatus = status;
    this.state.lastStatus = status;
    return buf.text();
  }

  private expansionMeter: WorkMeter | undefined;

  /** The fds of the command being expanded (command substitution inherits stdin and stderr). */
  private currentFds: Fds | undefined;

  fork(): Interp {
    return new Interp(this.env, this.state.fork(), this.proc);
  }

  // ---- output helpers ----
  async write(fds: Fds, fd: number, text: string): Promise<void> {
    await sinkOf(fds, fd).write(text);
  }
  async error(fds: Fds, message: string): Promise<void> {
    await sinkOf(fds, 2).write(`sh: ${message}\n`);
  }

  // ---- running ----

  /** Parses and runs source text in this shell (eval, trap actions, `.`). */
  async evalString(src: string, fds: Fds): Promise<number> {
    let script: Script;
    try {
      script = parse(src);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        await this.error(fds, e.message);
        return 2;
      }
      throw e;
    }
    return this.runList(script, fds);
  }

  async runList(script: Script, fds: Fds): Promise<number> {
    let status = 0;
    for (const item of script.items) {
      if (item.background) {
        status = this.startBackground(item.andOr, fds);
      } else {
        status = await this.runAndOr(item.andOr, fds);
      }
      this.state.lastStatus = status;
      if (this.proc.pending.length) await this.runPendingTraps(fds);
    }
    return status;
  }

  private async runAndOr(andOr: AndOr, fds: Fds): Promise<number> {
    if (andOr.rest.length === 0) return this.runPipeline(andOr.first, fds);
    this.condDepth++;
    let status: number;
    try {
      status = await this.runPipeline(andOr.first, fds);
    } finally {
      this.condDepth--;
    }
    for (let i = 0; i < andOr.rest.length; i++) {
      const { op, pipeline } = andOr.rest[i];
      this.state.lastStatus = status;
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      const last = i === andOr.rest.length - 1;
      if (!last) this.condDepth++;
      try {
        status = await this.runPipeline(pipeline, fds);
      } finally {
        if (!last) this.condDepth--;
      }
    }
    return status;
  }

  private async runPipeline(p: Pipeline, fds: Fds): Promise<number> {
    let status: number;
    if (p.negate) this.condDepth++;
    try {
      status = p.commands.length === 1 ? await this.runCommand(p.commands[0], fds) : await this.runStages(p.commands, fds);
    } finally {
      if (p.negate) this.condDepth--;
    }
    if (p.negate) return status === 0 ? 1 : 0;
    if (status !== 0 && this.state.options.errexit && this.condDepth === 0) throw new ExitShell(status);
    return status;
  }

  /** Each stage is a subshell; they run at once and data flows through Pipes chunk by chunk. */
  private async runStages(commands: Command[], fds: Fds): Promise<number> {
    const pipes = commands.slice(1).map(() => new Pipe());
    const stages = commands.map((cmd, i) => {
      const sub = this.fork();
      const stageFds: Fds = new Map(fds);
      if (i > 0) stageFds.set(0, { source: pipes[i - 1] });
      if (i < commands.length - 1) stageFds.set(1, { sink: pipes[i] });
      return this.runSubshell(sub, () => sub.runCommand(cmd, stageFds)).finally(() => {
        if (i < commands.length - 1) pipes[i].close();
        if (i > 0) pipes[i - 1].closeReader();
      });
    });
    const statuses = await Promise.all(stages);
    return statuses[statuses.length - 1];
  }

  /** Runs fn as a subshell: a process for the budget; exit, SIGPIPE and return end only it. */
  async runSubshell(sub: Interp, fn: () => Promise<number>): Promise<number> {
    const release = this.env.budget.process();
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ExitShell) return e.status;
      if (e instanceof BrokenPipeError) return 141;
      if (e instanceof ReturnFromFunction) return e.status;
      if (e instanceof BreakLoop || e instanceof ContinueLoop) return 0;
      throw e;
    } finally {
      release();
    }
  }

  private startBackground(andOr: AndOr, fds: Fds): number {
    const state = this.state.fork();
    const holder: { proc?: Proc } = {};
    const entry = this.env.processes.add({
      ppid: this.proc.pid,
      command: 'sh',
      startedAt: this.env.clock.now(),
      signal: (sig) => holder.proc?.deliver(sig),
    });
    const child = new Proc(entry.pid, () => state.traps, this.proc);
    holder.proc = child;
    const sub = new Interp(this.env, state, child);
    const bgFds: Fds = new Map(fds);
    if (!this.proc.interactive) bgFds.set(0, { source: EMPTY_SOURCE });
    let release: () => void;
    try {
      release = this.env.budget.process();
    } catch (e) {
      this.env.processes.remove(entry.pid);
      throw e;
    }
    const body = (async () => {
      try {
        return await sub.runAndOr(andOr, bgFds);
      } catch (e) {
        if (e instanceof ExitShell) return e.status;
        if (e instanceof BrokenPipeError) return 141;
        if (e instanceof ProcessKilledError) return 137;
        if (e instanceof BudgetExceededError) {
          this.env.fatal(e);
          return 137;
        }
        if (e instanceof ReturnFromFunction) return e.status;
        throw e;
      }
    })();
    const job = Promise.race([body, child.terminated.then((t) => t.code)]).finally(() => {
      release();
      this.env.processes.remove(entry.pid);
      child.terminate(0);
    });
    job.then((status) => this.state.finishedJobs.set(entry.pid, status)).catch(() => undefined);
    this.state.jobs.set(entry.pid, job);
    this.state.lastBgPid = entry.pid;
    return 0;
  }

  async runPendingTraps(fds: Fds): Promise<void> {
    while (this.proc.pending.length) {
      const sig = this.proc.pending.shift()!;
      this.proc.rearm();
      const action = this.state.traps.get(sig);
      if (!action) continue;
      const saved = this.state.lastStatus;
      await this.evalString(action, fds);
      this.state.lastStatus = saved;
    }
  }

  async step(): Promise<void> {
    const wait = this.env.pacer.step();
    if (wait) await wait;
  }

  async runCommand(cmd: Command, fds: Fds): Promise<number> {
    await this.step();
    switch (cmd.type) {
      case 'simple':
        return this.runSimple(cmd, fds);
      case 'function':
        this.state.functions.set(cmd.name, cmd.body);
        return 0;
      case 'group':
        return this.withRedirs(cmd.redirs, fds, (f) => this.runList(cmd.body, f));
      case 'subshell': {
        const sub = this.fork();
        return this.withRedirs(cmd.redirs, fds, (f) => this.runSubshell(sub, () => sub.runList(cmd.body, f)));
      }
      case 'if':
        return this.withRedirs(cmd.redirs, fds, async (f) => {
          for (const clause of cmd.clauses) {
            if ((await this.runCondition(clause.cond, f)) === 0) return this.runList(clause.body, f);
          }
          return cmd.elseBody ? this.runList(cmd.elseBody, f) : 0;
        });
      case 'while':
        return this.withRedirs(cmd.redirs, fds, async (f) => {
          let status = 0;
          this.loopDepth++;
          try {
            for (;;) {
              await this.step();
              const c = await this.runCondition(cmd.cond, f);
              if (cmd.until ? c === 0 : c !== 0) break;
              const r = await this.loopBody(cmd.body, f);
              if (r.broken) {
                status = r.status;
                break;
              }
              status = r.status;
            }
          } finally {
            this.loopDepth--;
          }
          return status;
        });
      case 'for':
        return this.withRedirs(cmd.redirs, fds, async (f) => {
          this.currentFds = f;
          const items = cmd.items ? await expandWords(cmd.items, this) : [...this.state.positional];
          let status = 0;
          this.loopDepth++;
          try {
            for (const item of items) {
              await this.step();
              this.setOrReport(cmd.name, item);
              const r = await this.loopBody(cmd.body, f);
              status = r.status;
              if (r.broken) break;
            }
          } finally {
            this.loopDepth--;
          }
          return status;
        });
      case 'case':
        return this.withRedirs(cmd.redirs, fds, async (f) => {
          this.currentFds = f;
          const word = await expandWord(cmd.word, this);
          for (const item of cmd.items) {
            for (const p of item.patterns) {
              let hit: boolean;
              try {
                hit = matchPattern(await expandPattern(p, this), word);
              } catch (e) {
                // A pattern too costly for the word ends the shell as an expansion error does.
                if (!(e instanceof PatternTooCostlyError)) throw e;
                await this.error(f, e.message);
                if (this.proc.interactive) return 1;
                throw new ExitShell(2);
              }
              if (hit) return this.runList(item.body, f);
            }
          }
          return 0;
        });
    }
  }

  private async runCondition(cond: Script, fds: Fds): Promise<number> {
    this.condDepth++;
    try {
      return await this.runList(cond, fds);
    } finally {
      this.condDepth--;
    }
  }

  private async loopBody(body: Script, fds: Fds): Promise<{ status: number; broken: boolean }> {
    try {
      return { status: await this.runList(body, fds), broken: false };
    } catch (e) {
      if (e instanceof BreakLoop) {
        if (--e.levels > 0) throw e;
        return { status: 0, broken: true };
      }
      if (e instanceof ContinueLoop) {
        if (--e.levels > 0) throw e;
        return { status: 0, broken: false };
      }
      throw e;
    }
  }

  get inLoop(): boolean {
    return this.loopDepth > 0;
  }

  private setOrReport(name: string, value: string): void {
    this.state.set(name, value);
  }

  private async withRedirs(redirs: Redir[], fds: Fds, fn: (fds: Fds) => Promise<number>): Promise<number> {
    if (!redirs.length) return fn(fds);
    const applied = await this.applyRedirs(redirs, fds);
    if (typeof applied === 'number') return applied;
    return fn(applied);
  }

  /** Opens the redirections of a command; a failure prints busybox's message and returns 1. */
  async applyRedirs(redirs: Redir[], fds: Fds): Promise<Fds | number> {
    const out: Fds = new Map(fds);
    for (const r of redirs) {
      this.currentFds = out;
      if (r.op === '<<' || r.op === '<<-') {
        const body = r.heredoc ? await expandWord(r.heredoc, this) : '';
        out.set(r.fd, { source: new StringSource(body) });
        continue;
      }
      const target = await expandWord(r.target, this);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') {
          out.delete(r.fd);
          continue;
        }
        if (/^\d+$/.test(target)) {
          const src = out.get(Number(target));
          if (!src) {
            await this.error(fds, `${target}: bad file descriptor`);
            return 1;
          }
          out.set(r.fd, src);
          continue;
        }
        // `>&file` is `>file 2>&1` in bash and ash.
      }
      const opened = this.openFile(target, r.op, fds);
      if (typeof opened === 'string') {
        await this.error(fds, opened);
        return 1;
      }
      if (r.op === '&>' || (r.op === '>&' && !/^\d+$/.test(target))) {
        out.set(1, opened);
        out.set(2, opened);
      } else out.set(r.fd, opened);
    }
    return out;
  }

  private openFile(target: string, op: Redir['op'], fds: Fds): Fd | string {
    if (target === '/dev/null') return op === '<' ? { source: EMPTY_SOURCE } : { sink: NULL_SINK };
    if (target === '/dev/stdout') return fds.get(1) ?? { sink: NULL_SINK };
    if (target === '/dev/stderr') return fds.get(2) ?? { sink: NULL_SINK };
    if (target === '/dev/stdin') return fds.get(0) ?? { source: EMPTY_SOURCE };
    const path = normalizePath(target, this.state.cwd);
    try {
      if (op === '<') {
        if (!this.fs.exists(path)) return `can't open '${target}': No such file or directory`;
        return { source: new StringSource(this.fs.readFile(path)) };
      }
      if (this.fs.exists(path) && this.fs.stat(path).type === 'dir') return `can't create ${target}: Is a directory`;
      if (op === '>>' || op === '<>') {
        if (!this.fs.exists(path)) this.fs.writeFile(path, '');
      } else this.fs.writeFile(path, '');
      return { sink: new FileSink(this.fs, path) };
    } catch (e) {
      if (e instanceof VfsError) {
        if (e.code === 'ENOENT') return `can't create ${target}: nonexistent directory`;
        return `can't create ${target}: ${e.message.replace(/^.*?: /, '')}`;
      }
      throw e;
    }
  }

  private async runSimple(cmd: SimpleCommand, fds: Fds): Promise<number> {
    this.currentFds = fds;
    this.substStatus = undefined;
    let argv: string[];
    const assigns: [string, string][] = [];
    try {
      for (const a of cmd.assigns) assigns.push([a.name, await expandWord(a.value, this)]);
      argv = await expandWords(cmd.words, this);
      // What the expansions built is charged by its length: a loop growing a string pays for it.
      let chars = 0;
      for (const a of argv) chars += a.length;
      for (const [, v] of assigns) chars += v.length;
      const charged = chars >= 1024 ? (this.expansionMeter ??= new WorkMeter(this.env)).charge(chars) : undefined;
      if (charged) await charged;
    } catch (e) {
      if (e instanceof ExpansionError || e instanceof PatternTooCostlyError) {
        await this.error(fds, e.message);
        if (this.proc.interactive) return 1;
        throw new ExitShell(2);
      }
      throw e;
    }
    if (argv.length === 0) {
      for (const [k, v] of assigns) {
        try {
          this.state.set(k, v);
        } catch (e) {
          if (!(e instanceof ReadonlyVariableError)) throw e;
          await this.error(fds, e.message);
          return 1;
        }
      }
      const r = await this.withRedirs(cmd.redirs, fds, async () => 0);
      return r !== 0 ? r : (this.substStatus ?? 0);
    }
    if (this.state.options.xtrace) await this.write(fds, 2, `+ ${argv.join(' ')}\n`);
    const applied = cmd.redirs.length ? await this.applyRedirs(cmd.redirs, fds) : fds;
    if (typeof applied === 'number') return applied;
    if (argv[0] === 'exec' && argv.length === 1) {
      // `exec >log 2>&1`: the redirections stay for the rest of this shell.
      for (const [fd, v] of applied) fds.set(fd, v);
      for (const fd of [...fds.keys()]) if (!applied.has(fd)) fds.delete(fd);
      return 0;
    }
    return this.runArgv(argv, applied, assigns);
  }

  /** Runs an expanded command line: special builtin, function, builtin, command, or script. */
  async runArgv(argv: string[], fds: Fds, assigns: [string, string][] = []): Promise<number> {
    const name = argv[0];
    // Functions first, as bash and busybox ash do (`:(){ :|:& };:` defines and calls `:`).
    const fn = this.state.functions.get(name);
    if (fn) return this.callFunction(name, fn, argv.slice(1), fds, assigns);
    if (SPECIAL_BUILTINS.has(name) && this.env.builtins[name]) {
      for (const [k, v] of assigns) this.state.set(k, v);
      return this.env.builtins[name](this, argv, fds);
    }
    const builtin = this.env.builtins[name];
    if (builtin) {
      if (!assigns.length) return builtin(this, argv, fds);
      const saved = assigns.map(([k]) => [k, this.state.vars.get(k)] as const);
      for (const [k, v] of assigns) this.state.set(k, v);
      try {
        return await builtin(this, argv, fds);
      } finally {
        for (const [k, v] of saved) {
          if (v) this.state.vars.set(k, v);
          else this.state.vars.delete(k);
        }
      }
    }
    const command = this.lookupCommand(name);
    if (!command) {
      await this.error(fds, `${name}: not found`);
      return 127;
    }
    const env = this.state.exportedEnv();
    for (const [k, v] of assigns) env.set(k, v);
    return this.runExternal(command, argv, fds, env);
  }

  /** Finds a command by name or path (/bin/echo, ./script.sh). */
  lookupCommand(name: string): ShellCommand | undefined {
    // Image programs are registered by their full path too (/docker-entrypoint.sh, /fluent-bit/bin/fluent-bit).
    const byPath = name.includes('/') ? this.env.extraCommands[name] : undefined;
    if (byPath) return byPath as ShellCommand;
    const base = BIN_DIRS.find((d) => name.startsWith(d) && !name.slice(d.length).includes('/'));
    const key = base ? name.slice(base.length) : name;
    if (!name.includes('/') || base) {
      const c = this.env.extraCommands[key] ?? this.env.utilities[key];
      if (c) return c as ShellCommand;
      if (!name.includes('/')) return undefined;
    }
    const path = normalizePath(name, this.state.cwd);
    if (this.fs.exists(path) && this.fs.stat(path).type === 'file') {
      return (ctx) => this.env.spawnShell(['sh', path, ...ctx.argv.slice(1)], ctx);
    }
    return undefined;
  }

  hasCommand(name: string): boolean {
    return !!(this.env.builtins[name] || this.state.functions.has(name) || this.lookupCommand(name));
  }

  private async callFunction(name: string, body: Command, args: string[], fds: Fds, assigns: [string, string][]): Promise<number> {
    if (this.state.funcDepth >= MAX_FUNCTION_DEPTH) {
      await this.error(fds, `${name}: function nesting too deep (${MAX_FUNCTION_DEPTH})`);
      throw new ExitShell(2);
    }
    const savedPositional = this.state.positional;
    this.state.positional = args;
    this.state.funcDepth++;
    this.state.localFrames.push(new Map());
    for (const [k, v] of assigns) this.state.set(k, v);
    try {
      return await this.runCommand(body, fds);
    } catch (e) {
      if (e instanceof ReturnFromFunction) return e.status;
      throw e;
    } finally {
      this.state.funcDepth--;
      this.state.positional = savedPositional;
      const frame = this.state.localFrames.pop()!;
      for (const [k, v] of frame) {
        if (v) this.state.vars.set(k, v);
        else this.state.vars.delete(k);
      }
    }
  }

  /** Runs a utility or a provided Command with a CommandContext; its pid is in the process table while it runs. */
  async runExternal(command: ShellCommand, argv: string[], fds: Fds, env: Map<string, string>): Promise<number> {
    const signal = this.proc.interrupt.signal;
    const entry = this.env.processes.add({ ppid: this.proc.pid, command: argv.join(' '), startedAt: this.env.clock.now(), signal: (sig) => this.proc.deliver(sig) });
    const ctx = this.commandContext(argv, fds, env, signal, entry.pid);
    try {
      return await command(ctx);
    } catch (e) {
      if (isAbortError(e)) return exitCodeForSignal(String((e as AbortedError).signalName ?? signal.reason ?? 'TERM'));
      if (e instanceof BrokenPipeError || e instanceof BudgetExceededError || e instanceof ProcessKilledError || e instanceof ExitShell) throw e;
      if (e instanceof VfsError) {
        await sinkOf(fds, 2).write(`${argv[0]}: ${e.message}\n`);
        return 1;
      }
      await sinkOf(fds, 2).write(`${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    } finally {
      this.env.processes.remove(entry.pid);
    }
  }

  commandContext(argv: string[], fds: Fds, env: Map<string, string>, signal: AbortSignal, pid: number): ShellCommandContext {
    const clock = this.env.clock;
    return {
      argv,
      stdin: abortableSource(bufferedSource(sourceOf(fds, 0)), signal),
      stdout: sinkOf(fds, 1),
      stderr: sinkOf(fds, 2),
      env,
      cwd: this.state.cwd,
      fs: this.env.fs,
      clock: { now: () => clock.now(), sleep: (ms) => sleepOn(clock, ms, signal) },
      signal,
      net: this.env.net,
      pod: this.env.pod,
      budget: this.env.budget,
      random: this.env.random,
      run: (args: string[], io: RunIO = {}, runEnv?: Map<string, string>) => {
        const sub = this.fork();
        if (runEnv) for (const [k, v] of runEnv) sub.state.set(k, v, true);
        const subFds: Fds = new Map(fds);
        if (io.stdin) subFds.set(0, { source: io.stdin });
        if (io.stdout) subFds.set(1, { sink: io.stdout });
        if (io.stderr) subFds.set(2, { sink: io.stderr });
        return sub.runSubshell(sub, () => sub.runArgv(args, subFds));
      },
      hasCommand: (n) => this.hasCommand(n),
      processes: this.env.processes,
      pacer: this.env.pacer,
      tty: this.env.tty,
      pid,
    };
  }
}

/** Sleeps on the cluster clock; rejects with AbortError when signal aborts. Infinity waits for the signal only. */
export function sleepOn(clock: PacerClock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError(String(signal.reason)));
    let cancel: () => void = () => undefined;
    const onAbort = () => {
      cancel();
      reject(new AbortedError(String(signal.reason)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(ms)) {
      cancel = clock.setTimer(Math.max(0, ms), () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    }
  });
}
