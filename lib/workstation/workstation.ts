/**
 * A learner's workstation: the sandbox runtime's shell interpreter (lib/k8s/sandbox/runtime/
 * shell: pipes, $(…), loops, grep/awk/sed…, `&`, jobs, kill) running in the portal's process
 * as ONE long-lived interactive `sh` per learner, on an in-memory filesystem whose home
 * directory persists (home-store.ts). Nothing here touches the server's files or network:
 * `kubectl` is a command that runs the real, confined kubectl (lib/lab/kubectl) against the
 * learner's own cluster only, and curl/wget/nslookup reach that cluster's virtual network.
 *
 * Lines go to the shell's stdin one command at a time. How the portal knows a line is over:
 * after it, the workstation writes `__kubelab_done TOKEN SEQ $?`, a command only this object
 * answers (TOKEN is random per workstation, so printing it or guessing it does not work).
 * A line that leaves a compound command open (`for …; do`) is held until it is complete, and
 * the terminal shows PS2.
 */
import crypto from 'node:crypto';
import { MemoryVfs } from '../k8s/sandbox/runtime/vfs/memory-vfs';
import { createBudget, type BudgetLimits, type ContainerBudget } from '../k8s/sandbox/runtime/shell/budget';
import type { CommandTable } from '../k8s/sandbox/runtime/shell/command';
import { parse, ShellSyntaxError } from '../k8s/sandbox/runtime/shell/parser';
import { spawnProcess, type ShellProcess } from '../k8s/sandbox/runtime/shell/spawn';
import { networkCommands } from '../k8s/sandbox/runtime/network-commands';
import type { ClusterNetwork } from '../k8s/sandbox/network/types';
import type { PacerClock } from '../k8s/sandbox/runtime/shell/pacer';
import { HOME, HOME_LIMIT_BYTES, HomeTooLargeError, snapshotHome, type HomeStore } from './home-store';
import { workstationCommands, type KubectlRun, type ForwardResolver, type ForwardTarget } from './commands';
import type { Listener } from '../k8s/sandbox/network/types';

/** The workstation's address on the cluster network (outside the pod and service ranges). */
export const WORKSTATION_IP = '192.168.49.1';
/** A compound command may span this many bytes of lines before it runs. */
export const MAX_PENDING_BYTES = 64 * 1024;
/** Background output printed while no command runs, shown before the next one (the newest part). */
export const BACKLOG_BYTES = 64 * 1024;
/** After Ctrl+C, how long a line gets to end before the shell is replaced. */
export const INTERRUPT_GRACE_MS = 2000;
/** The longest a line may run (a watch or logs -f included) before it is interrupted. */
export const LINE_LIMIT_MS = 10 * 60_000;

/** The shell's budgets: a step rate and total (background loops included), output per line, files, processes. */
export const WORKSTATION_LIMITS: BudgetLimits = {
  stepsPerSecond: 20_000,
  maxSteps: 50_000_000,
  maxOutputBytes: 4 * 1024 * 1024,
  maxFileBytes: HOME_LIMIT_BYTES,
  maxProcesses: 32,
};

/**
 * Read by the shell when it starts. `fg` is a function because only the shell itself knows its
 * jobs: it waits for job N (Ctrl+C interrupts the wait; the job goes on, `kill %N` ends it).
 */
const STARTUP = `fg() { jobs > /tmp/.fg-jobs; n=\${1:-%1}; n=\${n#%}; pid=$(awk -v n="$n" 'NR==n {print $3}' /tmp/.fg-jobs); rm -f /tmp/.fg-jobs; if [ -z "$pid" ]; then echo "sh: fg: \${1:-%1}: no such job" >&2; return 1; fi; wait "$pid"; }
`;

export const realClock: PacerClock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export interface WorkstationBinding {
  /** The cluster's virtual network (undefined while the cluster sleeps: names do not resolve). */
  net?: ClusterNetwork;
  /** Runs an allowed kubectl for this learner (slots, confinement and the cluster in it). */
  kubectl: KubectlRun;
  /** Finds the pod or service a port-forward targets. */
  resolveForward: ForwardResolver;
  /** The bench editor's text, for `-f editor`. */
  editor?: string;
}

export interface LineResult {
  /** The line's exit status; undefined when the shell ended (exit, a budget) or waits for more. */
  status?: number;
  /** The line opened a compound command: send the rest. */
  more?: boolean;
  stopped?: 'cancelled' | 'timeout' | 'shell-ended';
  /** Whether a kubectl passed the allowlist and ran during the line. */
  kubectlRan?: boolean;
}

export interface LineOptions {
  onOutput(chunk: string): void;
  /** A refusal (kubectl flag or verb): shown as the terminal's error line. */
  onRefused?(message: string): void;
  signal: AbortSignal;
  limitMs?: number;
}

export class WorkstationBusyError extends Error {
  constructor() {
    super('your workstation is still running a command: wait for it to finish or press Ctrl+C');
    this.name = 'WorkstationBusyError';
  }
}

export class Workstation {
  readonly vfs: MemoryVfs;
  private shell?: ShellProcess;
  private budget!: ContainerBudget;
  private readonly token = crypto.randomBytes(16).toString('hex');
  private seq = 0;
  private readonly waiters = new Map<number, (status: number | undefined) => void>();
  private listener?: (chunk: string) => void;
  private refusedListener?: (message: string) => void;
  private backlog = '';
  private pending = '';
  private busy = false;
  private kubectlStarts = 0;
  private dirty = false;
  /** Local ports of running `kubectl port-forward`s: 127.0.0.1:port → cluster ip:port. */
  readonly forwards = new Map<number, ForwardTarget>();
  binding: WorkstationBinding;
  lastUsed: number;

  constructor(
    readonly learnerId: string,
    private readonly home: HomeStore,
    binding: WorkstationBinding,
    private readonly clock: PacerClock = realClock,
  ) {
    this.binding = binding;
    this.lastUsed = clock.now();
    const files: Record<string, string> = { [`${HOME}/.keep`]: '' };
    for (const [rel, data] of Object.entries(home.load(learnerId))) files[`${HOME}/${rel}`] = data;
    this.vfs = new MemoryVfs({ now: () => clock.now(), files, limitBytes: HOME_LIMIT_BYTES + 64 * 1024 });
    this.vfs.rm(`${HOME}/.keep`, { force: true });
    this.vfs.mkdir('/tmp', { recursive: true });
    this.vfs.onUsage(() => {
      this.dirty = true;
    });
  }

  /** True while a line runs. */
  get running(): boolean {
    return this.busy;
  }

  private net(): ClusterNetwork {
    return {
      resolve: (name, ns) => {
        if (name === 'localhost') return { fqdn: 'localhost', addresses: ['127.0.0.1'] };
        if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return { fqdn: name, addresses: [name] };
        return this.binding.net?.resolve(name, ns);
      },
      dial: (ip, port) => {
        if (ip === 'localhost' || ip.startsWith('127.')) {
          const f = this.forwards.get(port);
          if (!f) return 'ECONNREFUSED';
          if (!(f instanceof Promise)) return this.binding.net ? this.binding.net.dial(f.ip, f.port, WORKSTATION_IP) : 'EHOSTUNREACH';
          return this.pendingForward(port, f);
        }
        return this.binding.net ? this.binding.net.dial(ip, port, WORKSTATION_IP) : 'EHOSTUNREACH';
      },
      // Nothing listens on the workstation (nc -l has nowhere to be reached from).
      listen: () => () => undefined,
    };
  }

  /** A connection to a port whose port-forward is still finding its pod: it goes through once found. */
  pendingForward(port: number, target: Promise<{ ip: string; port: number } | undefined>): Listener {
    const connect = async (): Promise<Listener> => {
      const t = await target;
      const l = t && this.binding.net ? this.binding.net.dial(t.ip, t.port, WORKSTATION_IP) : 'ECONNREFUSED';
      if (typeof l === 'string') throw new Error(`connection to 127.0.0.1:${port} failed: ${l}`);
      return l;
    };
    return {
      port,
      http: async (req, from) => {
        const l = await connect();
        if (!l.http) throw new Error(`127.0.0.1:${port} does not speak HTTP`);
        return l.http(req, from);
      },
      tcp: async (data, from) => {
        const l = await connect();
        if (!l.tcp) throw new Error(`127.0.0.1:${port} does not take raw TCP`);
        return l.tcp(data, from);
      },
    };
  }

  private commands(): CommandTable {
    return {
      ...networkCommands,
      ...workstationCommands(this),
      __kubelab_done: async (ctx) => {
        const [, token, seq, status] = ctx.argv;
        if (token !== this.token) {
          await ctx.stderr.write('sh: __kubelab_done: not found\n');
          return 127;
        }
        const n = Number(seq);
        this.waiters.get(n)?.(Number(status));
        this.waiters.delete(n);
        return Number(status) || 0;
      },
    };
  }

  private emit(chunk: string): void {
    if (this.listener) this.listener(chunk);
    else this.backlog = (this.backlog + chunk).slice(-BACKLOG_BYTES);
  }

  startedKubectl(): void {
    this.kubectlStarts++;
  }

  /** Called by the kubectl command when the allowlist refuses. */
  refused(message: string): boolean {
    if (!this.refusedListener) return false;
    this.refusedListener(message);
    return true;
  }

  private start(): ShellProcess {
    this.budget = createBudget(WORKSTATION_LIMITS);
    const shell = spawnProcess({
      argv: ['sh'],
      env: { HOME, USER: 'learner', LOGNAME: 'learner', PATH: '/usr/local/bin:/usr/bin:/bin', TERM: 'xterm-256color', SHELL: '/bin/sh' },
      cwd: HOME,
      fs: this.vfs,
      clock: this.clock,
      net: this.net(),
      pod: { namespace: 'default', name: 'workstation', hostname: 'workstation', ip: WORKSTATION_IP, node: 'workstation' },
      budget: this.budget,
      commands: this.commands(),
      stdin: true,
      tty: false,
      onStdout: (c) => this.emit(c),
      onStderr: (c) => this.emit(c),
    });
    void shell.stdin.write(STARTUP);
    void shell.exited.then((exit) => {
      if (this.shell !== shell) return;
      this.shell = undefined;
      this.forwards.clear();
      const why = exit.error ? `${exit.error.message.replace(/^container/, 'the workstation shell')}` : `the shell exited (status ${exit.code})`;
      this.emit(`[${why}; a new shell starts with your next command, your files are kept]\n`);
      for (const w of this.waiters.values()) w(undefined);
      this.waiters.clear();
    });
    return shell;
  }

  /** Runs one line typed at the prompt; resolves when it (and everything it started in the foreground) is over. */
  async runLine(line: string, opts: LineOptions): Promise<LineResult> {
    if (this.busy) throw new WorkstationBusyError();
    this.busy = true;
    this.lastUsed = this.clock.now();
    try {
      if (this.pending.length + line.length > MAX_PENDING_BYTES) {
        this.pending = '';
        opts.onOutput(`sh: the command is longer than ${MAX_PENDING_BYTES / 1024} KiB; it was dropped\n`);
        return { status: 2 };
      }
      this.pending += `${line}\n`;
      try {
        parse(this.pending);
      } catch (e) {
        // Incomplete (an open `do`, quote or here-document): wait for the next line, as PS2 does.
        if (e instanceof ShellSyntaxError && /end of file|unterminated|here-document/i.test(e.message)) return { more: true };
      }
      const script = this.pending;
      this.pending = '';
      if (!this.shell) this.shell = this.start();
      const shell = this.shell;
      this.budget.outputBytes = 0;
      if (this.backlog) {
        opts.onOutput(this.backlog);
        this.backlog = '';
      }
      this.listener = opts.onOutput;
      this.refusedListener = opts.onRefused;
      const startsBefore = this.kubectlStarts;
      const seq = ++this.seq;
      const done = new Promise<number | undefined>((resolve) => this.waiters.set(seq, resolve));
      void shell.stdin.write(`${script}__kubelab_done ${this.token} ${seq} $?\n`);
      const stopped = await this.waitOrStop(shell, done, opts);
      const status = await Promise.race([done, Promise.resolve<undefined>(undefined)]);
      return { status: stopped === 'shell-ended' ? undefined : status, stopped, kubectlRan: this.kubectlStarts > startsBefore };
    } finally {
      this.listener = undefined;
      this.refusedListener = undefined;
      this.busy = false;
      this.lastUsed = this.clock.now();
      this.persist();
    }
  }

  private async waitOrStop(shell: ShellProcess, done: Promise<number | undefined>, opts: LineOptions): Promise<LineResult['stopped']> {
    let stop: (why: 'cancelled' | 'timeout') => void = () => undefined;
    const stopRequested = new Promise<'cancelled' | 'timeout'>((resolve) => (stop = resolve));
    const onAbort = () => stop('cancelled');
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
    const cancelTimer = this.clock.setTimer(opts.limitMs ?? LINE_LIMIT_MS, () => stop('timeout'));
    try {
      const first = await Promise.race([done.then((s) => ({ s })), stopRequested]);
      if (typeof first === 'object') return first.s === undefined ? 'shell-ended' : undefined;
      if (first === 'timeout') this.emit(`\n[stopped after ${Math.round((opts.limitMs ?? LINE_LIMIT_MS) / 60_000)} min]\n`);
      // Ctrl+C: SIGINT interrupts the command in the foreground; the shell goes on to the done marker.
      shell.kill('SIGINT');
      let cancelGrace = () => undefined as void;
      const graceOver = new Promise<'grace'>((resolve) => (cancelGrace = this.clock.setTimer(INTERRUPT_GRACE_MS, () => resolve('grace'))));
      const r = await Promise.race([done.then(() => 'done' as const), graceOver]);
      cancelGrace();
      if (r === 'grace' && this.shell === shell) {
        // A command that ignores SIGINT (trap '' INT) does not hold the terminal: a new shell replaces it.
        this.shell = undefined;
        this.forwards.clear();
        shell.kill('SIGKILL');
        for (const w of this.waiters.values()) w(undefined);
        this.waiters.clear();
        opts.onOutput('[the command did not stop on Ctrl+C; the shell was replaced, your files are kept]\n');
      }
      return first;
    } finally {
      cancelTimer();
      opts.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Saves the home directory when a line changed files (bounded; a home over the limit is not saved). */
  persist(): void {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      const files = snapshotHome(this.vfs);
      this.home.save(this.learnerId, files);
    } catch (e) {
      if (e instanceof HomeTooLargeError) this.emit(`[your home directory is over ${HOME_LIMIT_BYTES / 1024} KiB and was not saved: ${e.message}]\n`);
      else console.error('kubelab workstation: saving a home directory failed:', e);
    }
  }

  /** Ends the shell (and its background jobs) and keeps the files. */
  close(): void {
    this.persist();
    const shell = this.shell;
    this.shell = undefined;
    this.forwards.clear();
    shell?.kill('SIGKILL');
    for (const w of this.waiters.values()) w(undefined);
    this.waiters.clear();
    this.vfs.release();
  }

  /** Approximate bytes held: files, pending input, background output. */
  approximateBytes(): number {
    return this.vfs.usedBytes() + this.pending.length + this.backlog.length;
  }
}
