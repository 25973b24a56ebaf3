/**
 * What the shell's own utilities see beyond the Command contract: a way to run other
 * commands (xargs, env CMD, sh), the container's process table (ps, kill) and the pacer, so
 * a utility that loops on its own (yes, seq) is throttled like a shell loop.
 */
import type { ByteSink, ByteSource, CommandContext } from './command';
import type { Pacer } from './pacer';
import type { ProcessTable } from './process-table';

export interface RunIO {
  stdin?: ByteSource;
  stdout?: ByteSink;
  stderr?: ByteSink;
}

export interface ShellCommandContext extends CommandContext {
  run(argv: string[], io?: RunIO, env?: Map<string, string>): Promise<number>;
  hasCommand(name: string): boolean;
  processes: ProcessTable;
  pacer: Pacer;
  /** True when stdout is a terminal (kubectl exec -t): ls prints columns. */
  tty: boolean;
  /** PID of the process running this command (ps, $$). */
  pid: number;
}

export type ShellCommand = (ctx: ShellCommandContext) => Promise<number>;
