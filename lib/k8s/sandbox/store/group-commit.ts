/**
 * The group commit both durable stores share (SQLite, PostgreSQL): mutations are queued and
 * committed together, in one transaction at most commitEveryMs after the first queued one, at
 * once when maxQueued objects wait, and whenever the backend flushes (before a read, on sync(),
 * on close). Only the last version of an object written several times in between is written,
 * nothing of one created and deleted in between, and each cluster's resourceVersion once.
 *
 * A commit that fails keeps its writes queued; until a later commit succeeds, every new write is
 * refused with the backend's error, so the failure reaches whoever writes next instead of being lost.
 */
import type { PersistedObject } from './persistence';
import { soonOnThread } from '../../../turns/turns';

/**
 * A queued mutation of one object: its last version, or its removal. fresh: the object was
 * created since the last commit, so the backend has no row for it.
 */
export type QueuedWrite = { cluster: string; key: string; put?: PersistedObject; fresh: boolean };

export interface GroupCommitOptions {
  /** The longest a confirmed write waits for its transaction; 0: the backend writes through. */
  commitEveryMs: number;
  /** Commit at once when this many objects wait. */
  maxQueued: number;
  /** Writes them in one transaction; throws (writing nothing) when it cannot. */
  commit(writes: Iterable<QueuedWrite>, rvs: Map<string, number>): void;
  /** The error a failed commit is reported as (to the flusher and to later writers). */
  failed(cause: unknown): Error;
  /** Told after each commit that wrote something (the SQLite store then makes it durable: wal-sync.ts). */
  committed?(): void;
}

export class GroupCommit {
  /** Queued writes by cluster and key: a later write of an object replaces the earlier one. */
  private queue = new Map<string, QueuedWrite>();
  /** The resourceVersion each cluster reached in the queued writes. */
  private queuedRv = new Map<string, number>();
  private commitTimer: ReturnType<typeof setTimeout> | undefined;
  /** The commit syncSoon's callers of this turn wait for (one for all of them). */
  private soon: Promise<void> | undefined;
  private failure: unknown;

  constructor(private readonly opts: GroupCommitOptions) {}

  /** Whether writes are queued (group commit) rather than written through by the backend. */
  get enabled(): boolean {
    return this.opts.commitEveryMs > 0;
  }

  /**
   * Commits the queued writes now, in one transaction; returns how many objects it wrote or
   * removed. Throws opts.failed(cause), keeping them queued, when the commit fails.
   */
  flush(): number {
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    if (this.queue.size === 0 && this.queuedRv.size === 0) return 0;
    const writes = this.queue;
    const rvs = this.queuedRv;
    this.queue = new Map();
    this.queuedRv = new Map();
    try {
      this.opts.commit(writes.values(), rvs);
    } catch (err) {
      // Nothing was written (the transaction rolled back): queue it all again, under any writes
      // queued meanwhile, which are newer.
      for (const [k, w] of writes) if (!this.queue.has(k)) this.queue.set(k, w);
      for (const [c, rv] of rvs) if (!this.queuedRv.has(c)) this.queuedRv.set(c, rv);
      this.failure = err;
      throw this.opts.failed(err);
    }
    this.failure = undefined;
    this.opts.committed?.();
    return writes.size;
  }

  /**
   * A flush on the next turn, shared by every caller until it runs: when a class applies
   * together, the API server's answers of one turn wait for one transaction instead of each
   * paying its own. Write-through has nothing queued: it resolves at once.
   */
  syncSoon(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.soon ??= new Promise<void>((resolve, reject) => {
      // The answers wait for it: in the request lane of a sandbox worker (lib/turns/turns.ts).
      soonOnThread(() => {
        this.soon = undefined;
        try {
          this.flush();
          resolve();
        } catch (err) {
          reject(err);
        }
      }, 'request');
    });
    return this.soon;
  }

  enqueue(cluster: string, key: string, rv: number, put: PersistedObject | undefined, created: boolean): void {
    if (this.failure !== undefined) this.flush(); // throws again while the backend still fails
    const k = `${cluster}\0${key}`;
    const prior = this.queue.get(k);
    // With no write queued, the backend holds what memory held before this one: no row for a create.
    const fresh = prior ? prior.fresh : created;
    // Delete first so the map keeps writes in the order of their last change.
    this.queue.delete(k);
    if (put || !fresh) this.queue.set(k, { cluster, key, put, fresh });
    this.queuedRv.set(cluster, rv);
    if (this.queue.size >= this.opts.maxQueued) this.flushOrRemember();
    else this.commitTimer ??= setTimeout(() => this.flushOrRemember(), this.opts.commitEveryMs);
  }

  /** Whether writes of this cluster wait in the queue (a read of its rows must flush first). */
  holds(cluster: string): boolean {
    return this.queuedRv.has(cluster);
  }

  /** Forgets a cluster's queued writes (it is deleted, or another shard runs it now). */
  discard(cluster: string): void {
    for (const [k, w] of this.queue) if (w.cluster === cluster) this.queue.delete(k);
    this.queuedRv.delete(cluster);
  }

  /** A commit nobody waits on: its failure is kept for the next write to report. */
  private flushOrRemember(): void {
    try {
      this.flush();
    } catch {
      // Kept in this.failure: the next write or flush reports it.
    }
  }
}
