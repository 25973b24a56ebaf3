/**
 * Runs container shells on a ManualClock for tests: run(ms) steps virtual time from timer to
 * timer and lets promise chains settle between timers (as testing/sim-cluster.ts does), so
 * a test reads as a timeline: "Done!" appears exactly 10 virtual seconds after the start.
 */
import { ManualClock, runVirtualTime } from '../../clock';
import type { ClusterNetwork } from '../../network/types';
import { MemoryVfs } from '../vfs/memory-vfs';
import type { Vfs } from '../vfs-types';
import { createBudget, type BudgetLimits } from './budget';
import type { CommandTable } from './command';
import { ProcessTable } from './process-table';
import { spawnProcess, type ProcessExit, type ShellProcess, type SpawnOptions } from './spawn';

/** A network with nothing on it: every name is NXDOMAIN, every dial unreachable. */
export const EMPTY_NETWORK: ClusterNetwork = {
  resolve: () => undefined,
  dial: () => 'EHOSTUNREACH',
  listen: () => () => undefined,
};

export const TEST_POD = { namespace: 'default', name: 'demo', hostname: 'demo', ip: '10.244.1.5', node: 'worker-1' };

export interface Chunk {
  /** Virtual ms since the harness started. */
  at: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export class SettleError extends Error {
  constructor() {
    super('shell harness did not settle: a process keeps busy without time passing');
    this.name = 'SettleError';
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ShellHarness {
  readonly clock: ManualClock;
  readonly fs: Vfs;
  readonly processes = new ProcessTable();
  readonly chunks: Chunk[] = [];
  readonly start: number;
  private readonly procs: ShellProcess[] = [];
  readonly exits = new Map<ShellProcess, ProcessExit>();
  private seed = 42;

  constructor(opts: { fs?: Vfs; start?: number } = {}) {
    this.start = opts.start ?? Date.UTC(2026, 10, 28, 22, 46, 52);
    this.clock = new ManualClock(this.start);
    this.fs = opts.fs ?? new MemoryVfs({ now: () => this.clock.now(), files: { '/etc/hostname': 'demo\n', '/tmp/.keep': '' } });
  }

  /** A deterministic Math.random stand-in (LCG). */
  random = (): number => {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed / 2 ** 31;
  };

  spawn(argv: string[] | string, opts: Partial<SpawnOptions> & { limits?: Partial<BudgetLimits>; commands?: CommandTable } = {}): ShellProcess {
    const p = spawnProcess({
      argv: typeof argv === 'string' ? ['sh', '-c', argv] : argv,
      fs: this.fs,
      clock: this.clock,
      net: EMPTY_NETWORK,
      pod: TEST_POD,
      random: this.random,
      processes: this.processes,
      budget: opts.budget ?? createBudget(opts.limits),
      onStdout: (text) => this.chunks.push({ at: this.clock.now() - this.start, stream: 'stdout', text }),
      onStderr: (text) => this.chunks.push({ at: this.clock.now() - this.start, stream: 'stderr', text }),
      ...opts,
    });
    this.procs.push(p);
    void p.exited.then((e) => this.exits.set(p, e));
    return p;
  }

  /** Lets every process run until none moves without time passing. */
  async settle(maxTurns = 20_000): Promise<void> {
    let idle = 0;
    let last = -1;
    for (let i = 0; i < maxTurns; i++) {
      await tick();
      const activity = this.procs.reduce((n, p) => n + p.steps(), 0) + this.chunks.length + this.exits.size;
      if (activity === last) {
        if (++idle >= 3) return;
      } else idle = 0;
      last = activity;
    }
    throw new SettleError();
  }

  /** Advances virtual time by ms, firing every timer in order and settling after each. */
  async run(ms: number): Promise<void> {
    await runVirtualTime(this.clock, ms, () => this.settle());
  }

  /** Runs until p exits (at most maxMs of virtual time) and returns its exit. */
  async exit(p: ShellProcess, maxMs = 3_600_000): Promise<ProcessExit | undefined> {
    const target = this.clock.now() + maxMs;
    await this.settle();
    while (!this.exits.has(p)) {
      const due = this.clock.nextDue();
      if (due === undefined || due > target) break;
      this.clock.advance(Math.max(0, due - this.clock.now()));
      await this.settle();
    }
    return this.exits.get(p);
  }

  stdout(): string {
    return this.chunks.filter((c) => c.stream === 'stdout').map((c) => c.text).join('');
  }
  stderr(): string {
    return this.chunks.filter((c) => c.stream === 'stderr').map((c) => c.text).join('');
  }
  /** Each complete stdout line with the virtual second its last chunk was written. */
  timeline(): { at: number; line: string }[] {
    const out: { at: number; line: string }[] = [];
    let buf = '';
    for (const c of this.chunks.filter((x) => x.stream === 'stdout')) {
      buf += c.text;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        out.push({ at: c.at / 1000, line: buf.slice(0, nl) });
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    }
    return out;
  }
}

/** Runs a script to completion and returns its output and status (for table tests). */
export async function runScript(script: string, opts: { harness?: ShellHarness; maxMs?: number; stdin?: string } = {}): Promise<{ stdout: string; stderr: string; code: number | undefined; harness: ShellHarness }> {
  const h = opts.harness ?? new ShellHarness();
  const p = h.spawn(script, { stdin: opts.stdin !== undefined });
  if (opts.stdin !== undefined) {
    p.stdin.write(opts.stdin);
    p.stdin.close();
  }
  const exit = await h.exit(p, opts.maxMs);
  return { stdout: h.stdout(), stderr: h.stderr(), code: exit?.code, harness: h };
}
