/**
 * A hand-built CommandContext for command tests: a MemoryVfs, captured output, stdin from a
 * string, a clock whose sleep moves virtual time at once, an AbortController standing for
 * signals, and a small ClusterNetwork with a name table and listeners.
 */
import type { ClusterNetwork, DialError, Listener } from '../../network/types';
import { MemoryVfs } from '../vfs';
import type { Vfs } from '../vfs-types';
import type { Budget, Command, CommandContext } from '../shell/command';

export class TableNetwork implements ClusterNetwork {
  readonly listeners = new Map<string, Listener>();
  constructor(
    readonly names: Record<string, string[]> = {},
    /** ip → what dial answers when nothing listens (default: refused for known, unreachable for others). */
    readonly failures: Record<string, DialError> = {},
  ) {}
  resolve(name: string): { fqdn: string; addresses: string[] } | undefined {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { fqdn: name, addresses: [name] };
    const hit = Object.entries(this.names).find(([k]) => k === name || k.startsWith(`${name}.`));
    return hit ? { fqdn: hit[0], addresses: hit[1] } : undefined;
  }
  dial(ip: string, port: number, from?: string): Listener | DialError {
    const host = ip.startsWith('127.') ? from ?? '' : ip;
    return this.listeners.get(`${host}:${port}`) ?? this.failures[ip] ?? 'ECONNREFUSED';
  }
  listen(podIP: string, listener: Listener): () => void {
    this.listeners.set(`${podIP}:${listener.port}`, listener);
    return () => this.listeners.delete(`${podIP}:${listener.port}`);
  }
}

const unlimited: Budget = { step() {}, output() {}, fileBytes() {}, process: () => () => {} };

export interface TestProcess {
  ctx: CommandContext;
  stdout: () => string;
  stderr: () => string;
  /** Output lines written so far, both streams interleaved, for servers that keep running. */
  kill(signal?: string): void;
  now(): number;
  /** Lets pending promise chains (listeners registering, waits) run. */
  flush(): Promise<void>;
}

export function testProcess(argv: string[], opts: { stdin?: string; net?: ClusterNetwork; fs?: Vfs; env?: Record<string, string>; ip?: string; start?: number } = {}): TestProcess {
  let out = '';
  let err = '';
  let now = opts.start ?? Date.UTC(2026, 10, 28, 22, 46, 52);
  const abort = new AbortController();
  let stdinUsed = false;
  const ctx: CommandContext = {
    argv,
    stdin: { read: async () => (stdinUsed || opts.stdin === undefined ? null : ((stdinUsed = true), opts.stdin)) },
    stdout: { write: (c) => void (out += c) },
    stderr: { write: (c) => void (err += c) },
    env: new Map(Object.entries(opts.env ?? {})),
    cwd: '/',
    fs: opts.fs ?? new MemoryVfs({ now: () => now }),
    clock: {
      now: () => now,
      sleep: (ms) => {
        if (abort.signal.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        now += ms;
        // Yield a turn so a polling loop cannot starve everything else.
        return new Promise((resolve) => setImmediate(resolve));
      },
    },
    signal: abort.signal,
    net: opts.net ?? new TableNetwork(),
    pod: { namespace: 'default', name: 'client', hostname: 'client', ip: opts.ip ?? '10.244.1.3', node: 'worker-1' },
    budget: unlimited,
    random: () => 0.5,
  };
  return {
    ctx,
    stdout: () => out,
    stderr: () => err,
    kill: (signal = 'SIGTERM') => abort.abort(signal),
    now: () => now,
    flush: async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

/** Runs a command to its end: [exit status, stdout, stderr]. */
export async function run(cmd: Command, argv: string[], opts: Parameters<typeof testProcess>[1] = {}): Promise<[number, string, string]> {
  const p = testProcess(argv, opts);
  const code = await cmd(p.ctx);
  return [code, p.stdout(), p.stderr()];
}
