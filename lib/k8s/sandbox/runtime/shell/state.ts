/**
 * The state a shell carries and a subshell copies: variables (and which are exported),
 * functions, positional parameters, options, traps and working directory.
 */
import type { Command } from './ast';

export interface Variable {
  value: string;
  exported: boolean;
  readonly?: boolean;
}

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  noglob: boolean;
}

export class ShellState {
  vars = new Map<string, Variable>();
  functions = new Map<string, Command>();
  positional: string[] = [];
  arg0 = 'sh';
  options: ShellOptions = { errexit: false, nounset: false, xtrace: false, noglob: false };
  /** Signal name ('TERM', 'INT', 'EXIT', ...) → action; '' ignores the signal. */
  traps = new Map<string, string>();
  cwd = '/';
  lastStatus = 0;
  lastBgPid: number | undefined;
  /** Background jobs of this shell: pid → exit status when done. */
  jobs = new Map<number, Promise<number>>();
  finishedJobs = new Map<number, number>();
  /** Local variables saved by `local` in each active function call. */
  localFrames: Map<string, Variable | undefined>[] = [];
  funcDepth = 0;

  fork(): ShellState {
    const s = new ShellState();
    for (const [k, v] of this.vars) s.vars.set(k, { ...v });
    s.functions = new Map(this.functions);
    s.positional = [...this.positional];
    s.arg0 = this.arg0;
    s.options = { ...this.options };
    // A subshell keeps ignored signals and resets caught ones (POSIX 2.12).
    for (const [k, v] of this.traps) if (v === '') s.traps.set(k, '');
    s.cwd = this.cwd;
    s.lastStatus = this.lastStatus;
    s.lastBgPid = this.lastBgPid;
    s.funcDepth = this.funcDepth;
    return s;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  set(name: string, value: string, exported?: boolean): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ReadonlyVariableError(name);
    if (v) {
      v.value = value;
      if (exported) v.exported = true;
    } else this.vars.set(name, { value, exported: exported ?? false });
  }

  unset(name: string): void {
    if (this.vars.get(name)?.readonly) throw new ReadonlyVariableError(name);
    this.vars.delete(name);
  }

  exportedEnv(): Map<string, string> {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (v.exported) env.set(k, v.value);
    return env;
  }
}

export class ReadonlyVariableError extends Error {
  constructor(readonly variable: string) {
    super(`${variable}: is read only`);
    this.name = 'ReadonlyVariableError';
  }
}
