/**
 * Makes a SQLite WAL file's commits durable with an fsync of our own. The store runs with
 * synchronous=NORMAL, so a commit only writes the WAL (a tenth of a millisecond) and SQLite
 * fsyncs it at checkpoints; this class fsyncs it after commits. A committed transaction is on
 * disk once the WAL file holding its commit frame is fsynced (fsync flushes the file's data
 * whatever descriptor asks), which is what synchronous=FULL did inside each commit, on the
 * sandbox worker's one thread, for the commits nobody waits for too.
 *
 * - now(): every commit so far on disk before it returns (what an answer waits for).
 * - soon(): a promise resolved once every commit made before the call is on disk; the fsync
 *   runs on libuv's thread pool, and commits made while one runs are covered by the next one
 *   (for the commits nobody waits for: they reach the disk without holding up the thread).
 * A failed fsync rejects its waiters with the error and is tried again by the next caller.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface WalSyncIo {
  open(file: string): number;
  fsync(fd: number, done: (err: Error | null) => void): void;
  fsyncSync(fd: number): void;
  close(fd: number): void;
}

const nodeIo: WalSyncIo = {
  open: (file) => fs.openSync(file, 'r'),
  fsync: (fd, done) => fs.fsync(fd, (err) => done(err)),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
};

/** The WAL could not be made durable (an fsync failed): its waiters are told, never left hanging. */
export class WalSyncFailedError extends Error {
  constructor(readonly file: string, readonly cause: unknown) {
    super(`the sandbox store ${path.basename(file)} could not be written to disk: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'WalSyncFailedError';
  }
}

export class WalSync {
  /** Commits counted so far, and how many of them are known to be on disk. */
  private written = 0;
  private durable = 0;
  private running = false;
  private waiters: { upTo: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private fd: number | undefined;
  private dirSynced = false;

  /** walFile: the database's `-wal` file (opened at the first fsync: SQLite makes it on the first commit). */
  constructor(private readonly walFile: string, private readonly io: WalSyncIo = nodeIo) {}

  /** A commit was made: the next fsync must cover it. */
  committed(): void {
    this.written++;
  }

  /** Resolves once every commit made so far is on disk. */
  soon(): Promise<void> {
    if (this.durable >= this.written) return Promise.resolve();
    const upTo = this.written;
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
    this.kick();
    return p;
  }

  /** Every commit made so far on disk before it returns (throws WalSyncFailedError). */
  now(): void {
    if (this.durable >= this.written) return;
    const upTo = this.written;
    try {
      this.io.fsyncSync(this.open());
    } catch (err) {
      throw new WalSyncFailedError(this.walFile, err);
    }
    this.settle(upTo);
  }

  close(): void {
    if (this.fd !== undefined) this.io.close(this.fd);
    this.fd = undefined;
  }

  private kick(): void {
    if (this.running || this.durable >= this.written) return;
    const upTo = this.written;
    let fd: number;
    try {
      fd = this.open();
    } catch (err) {
      this.fail(upTo, err);
      return;
    }
    this.running = true;
    this.io.fsync(fd, (err) => {
      this.running = false;
      if (err) this.fail(upTo, err);
      else this.settle(upTo);
      // Commits made while it ran wait for the next one.
      if (this.waiters.length > 0) this.kick();
    });
  }

  private settle(upTo: number): void {
    if (upTo > this.durable) this.durable = upTo;
    const left: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.upTo <= this.durable) w.resolve();
      else left.push(w);
    }
    this.waiters = left;
  }

  private fail(upTo: number, cause: unknown): void {
    const err = new WalSyncFailedError(this.walFile, cause);
    const left: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.upTo <= upTo) w.reject(err);
      else left.push(w);
    }
    this.waiters = left;
  }

  private open(): number {
    if (this.fd === undefined) {
      this.fd = this.io.open(this.walFile);
      // Once: the WAL's directory entry, so the file itself survives a power cut after its creation.
      if (!this.dirSynced) {
        this.dirSynced = true;
        syncDirectory(path.dirname(this.walFile));
      }
    }
    return this.fd;
  }
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems refuse an fsync of a directory; the file's own fsyncs still hold its data.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
