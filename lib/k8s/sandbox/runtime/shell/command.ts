/**
 * The contract for a command inside a container: shell builtins and utilities (runtime/shell),
 * network tools (runtime/network-commands) and modelled server processes (runtime/images)
 * all implement Command, so the shell can run any of them in a pipeline and the runtime can
 * start any of them as a container's main process.
 */
import type { ClusterNetwork } from '../../network/types';
import type { Vfs } from '../vfs-types';

/** A stream a command reads: chunks as they are written upstream; null at end of input. */
export interface ByteSource {
  read(): Promise<string | null>;
}

/** A stream a command writes; await the result to respect back-pressure of a slow reader. */
export interface ByteSink {
  write(chunk: string): void | Promise<void>;
}

/** Per-container limits; each method throws BudgetExceededError when a limit is crossed. */
export interface Budget {
  /** One interpreter step (a command run, a loop iteration, an expansion). */
  step(n?: number): void;
  /** Bytes written to stdout/stderr. */
  output(bytes: number): void;
  /** Bytes written to files (emptyDir, rootfs). */
  fileBytes(bytes: number): void;
  /** A process or subshell started (fork-bomb shapes); returns a release function. */
  process(): () => void;
}

export type BudgetKind = 'steps' | 'output' | 'fileBytes' | 'processes' | 'memory';

export class BudgetExceededError extends Error {
  constructor(readonly kind: BudgetKind, readonly limit: number, message?: string) {
    super(message ?? `container exceeded its ${kind} budget (${limit})`);
    this.name = 'BudgetExceededError';
  }
}

export interface CommandContext {
  /** argv[0] is the command name as typed. */
  argv: string[];
  stdin: ByteSource;
  stdout: ByteSink;
  stderr: ByteSink;
  /** Exported environment (the command may read; changes do not reach the caller). */
  env: Map<string, string>;
  cwd: string;
  fs: Vfs;
  /** Cluster time: now() is virtual epoch ms; sleep resolves on the cluster clock, or rejects with AbortError when signal aborts. */
  clock: { now(): number; sleep(ms: number): Promise<void> };
  /** Aborted when the process is signalled; reason is the signal name ('SIGTERM', 'SIGKILL'). */
  signal: AbortSignal;
  net: ClusterNetwork;
  /** This container's identity, for hostname, nslookup's search path and listeners. */
  pod: { namespace: string; name: string; hostname: string; subdomain?: string; ip: string; node: string };
  budget: Budget;
  /** Injected randomness ($RANDOM, jitter). */
  random(): number;
}

/** Resolves with the exit status (0–255). */
export type Command = (ctx: CommandContext) => Promise<number>;

export type CommandTable = Record<string, Command>;
