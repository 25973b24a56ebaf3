/** A script the shell cannot parse; the message reads as busybox ash's (`syntax error: ...`). */
export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(`syntax error: ${message}`);
    this.name = 'ShellSyntaxError';
  }
}
