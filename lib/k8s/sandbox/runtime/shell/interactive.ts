/**
 * `kubectl exec -it pod -- sh`: a shell reading commands from stdin, with busybox's `/ # `
 * prompt on a terminal. TtyInput plays the kernel's line discipline for the terminal: it
 * echoes keys, erases on backspace, turns Enter into a line, Ctrl-C into SIGINT and Ctrl-D on
 * an empty line into end of input.
 */
import { bufferedSource } from './io';
import type { Pipe } from './io';
import { ExitShell, ReturnFromFunction, sourceOf, type Fds, type Interp } from './interp';
import { parse, ShellSyntaxError } from './parser';

/** Bytes one line may hold before Enter (Linux's N_TTY_BUF_SIZE, 4096, less the newline). */
export const MAX_INPUT = 4095;

export class TtyInput {
  private line = '';

  constructor(
    private readonly pipe: Pipe,
    private readonly echo: (text: string) => void,
    private readonly interrupt: () => void,
  ) {}

  /** Returns the pipe's promise when a completed line filled it (back-pressure for exec). */
  write(data: string): void | Promise<void> {
    let full: Promise<void> | undefined;
    for (const c of data) {
      if (c === '\r' || c === '\n') {
        this.echo('\r\n');
        full = this.pipe.write(`${this.line}\n`) || full;
        this.line = '';
      } else if (c === '\x7f' || c === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
      } else if (c === '\x03') {
        this.echo('^C\r\n');
        this.line = '';
        this.interrupt();
      } else if (c === '\x04') {
        if (!this.line) this.pipe.close();
      } else if (c === '\x15') {
        this.echo('\b \b'.repeat(this.line.length));
        this.line = '';
      } else if ((c >= ' ' || c === '\t') && this.line.length < MAX_INPUT) {
        // Past MAX_INPUT the line discipline drops what is typed, as Linux's n_tty does.
        this.line += c;
        this.echo(c);
      }
    }
    return full;
  }
}

/** busybox's default root prompt `\w \$ `: `/ # `, `~ # ` at $HOME, `/tmp # `. */
export function prompt(sh: Interp): string {
  const home = sh.state.get('HOME');
  const cwd = sh.state.cwd;
  const w = home && (cwd === home || cwd.startsWith(`${home}/`)) ? `~${cwd.slice(home.length)}` : cwd;
  return `${w} # `;
}

export async function runInteractive(sh: Interp, fds: Fds, tty: boolean): Promise<number> {
  const input = bufferedSource(sourceOf(fds, 0));
  let pending = '';
  for (;;) {
    if (tty) await fds.get(2)?.sink?.write(pending ? (sh.state.get('PS2') ?? '> ') : prompt(sh));
    const l = await input.readLine();
    if (l === null) {
      if (tty) await fds.get(1)?.sink?.write('\n');
      return sh.state.lastStatus;
    }
    pending += `${l.line}\n`;
    let script;
    try {
      script = parse(pending);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      if (/end of file|unterminated/.test(e.message)) continue;
      await sh.error(fds, e.message);
      sh.state.lastStatus = 2;
      pending = '';
      continue;
    }
    pending = '';
    try {
      sh.state.lastStatus = await sh.runList(script, fds);
    } catch (e) {
      if (e instanceof ExitShell) return e.status;
      if (e instanceof ReturnFromFunction) continue;
      throw e;
    }
    sh.proc.rearm();
  }
}
