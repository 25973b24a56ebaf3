/** What awk reports: a message busybox's awk would print after `awk: ` (exit status 2). */
export class AwkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwkError';
  }
}

/** A bound of what awk may build was passed (see awk-interpreter.ts); busybox says the same when memory runs out. */
export class AwkOutOfMemoryError extends AwkError {
  constructor(what: string) {
    super(`out of memory (${what})`);
    this.name = 'AwkOutOfMemoryError';
  }
}
