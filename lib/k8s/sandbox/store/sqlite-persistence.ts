/**
 * StorePersistence on better-sqlite3: one database file per data directory holding many
 * clusters keyed by cluster id, in WAL mode. A write a learner is told is done is on disk (it
 * survives a power cut, not only a crash of the process). With synchronous=FULL SQLite fsynced
 * the WAL inside every commit, on the sandbox worker's one thread, including the commits nobody
 * waits for (a controller's writes, ten a second). Now the file runs with synchronous=NORMAL (a
 * commit writes the WAL without waiting for the disk: 0.09 ms against 1.8 ms on these
 * machines) and wal-sync.ts fsyncs the WAL itself: the commit the API server's answers of a
 * turn wait for (syncSoon), sync() and a clean stop fsync at once, on this thread; every other
 * commit is followed by an fsync on libuv's thread pool that nobody waits for. An answer's fsync
 * stays on this thread because, made asynchronous, its completion was noticed only on the
 * worker's next turn, which under a class cost more than the fsync (scripts/bench/RESULTS.md).
 * A crash or a power cut loses what it lost with FULL, and NORMAL in WAL mode cannot corrupt
 * the file.
 *
 * Two ways to commit:
 * - write-through (the default): each mutation is its own transaction, written before the
 *   store confirms it; a process crash loses nothing confirmed.
 * - group commit (`commitEveryMs`): mutations are queued and committed together, in one
 *   transaction at most commitEveryMs after the first queued one, at once when `maxQueued`
 *   objects wait, before a read of a cluster with writes queued, on sync() and on close. Only the last version
 *   of an object written several times in between is written, nothing of one created and
 *   deleted in between (a skip's Jobs, pods and Events mostly), and each cluster's
 *   resourceVersion once. A crash (not a clean stop) loses what was queued since the last
 *   commit. The product runs this way (PRODUCT_COMMIT_EVERY_MS), and its API server, skips,
 *   node operations and exercise checks sync before they answer, so what a learner was told is
 *   done is on disk. A simulated day of an every-minute CronJob makes some 26,000 writes, and
 *   a transaction each cost more CPU than simulating them (cronjob-24h bench with
 *   BENCH_PERSIST=1: 4.1–4.8 s a day write-through, 1.2–1.5 s with group commit, 1.1–1.4 s in
 *   memory).
 *
 * A commit that fails (disk full, file gone) keeps its writes queued; until a later commit
 * succeeds, every new write is refused with PersistenceFailedError, so the failure reaches
 * whoever writes next instead of being lost. The queue is group-commit.ts, shared with the
 * PostgreSQL store.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../types';
import type { PersistedObject, StorePersistence } from './persistence';
import { GroupCommit, type QueuedWrite } from './group-commit';
import { WalSync } from './wal-sync';

/**
 * The product's group commit (server.ts, the sandbox CLI): a crash loses at most this much of
 * the writes no one was told about (controllers' and kubelets'), and a long skip through
 * virtual time commits some ten times a second.
 */
export const PRODUCT_COMMIT_EVERY_MS = 100;

/** The group commit's bound on waiting objects when no option says otherwise. */
export const DEFAULT_MAX_QUEUED = 5_000;

/** A write refused because an earlier group commit failed and no commit has succeeded since. */
export class PersistenceFailedError extends Error {
  /** file: the store's file, or for a database a name without slashes (its basename is itself). */
  constructor(readonly file: string, readonly cause: unknown) {
    super(`the sandbox store ${path.basename(file)} could not commit writes: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PersistenceFailedError';
  }
}

export interface SqliteStoreFileOptions {
  fileName?: string;
  /** Group commit: the longest a confirmed write waits for its transaction. Unset or 0: write-through. */
  commitEveryMs?: number;
  /** Group commit: commit at once when this many objects wait. */
  maxQueued?: number;
}

export class SqliteStoreFile {
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly stmts;
  private readonly group: GroupCommit;
  private readonly wal: WalSync;
  /** This turn's syncSoon: the group commit's promise and the one that also waits for the WAL's fsync. */
  private soon: { commit: Promise<void>; durable: Promise<void> } | undefined;

  constructor(dataDir: string, opts: SqliteStoreFileOptions = {}) {
    const fileName = opts.fileName ?? 'sandbox-store.db';
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, fileName);
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    // Durable through wal-sync.ts, not inside each commit (the file comment says why).
    this.db.pragma('synchronous = NORMAL');
    this.wal = new WalSync(`${this.file}-wal`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects (cluster TEXT NOT NULL, key TEXT NOT NULL, grp TEXT NOT NULL, resource TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS clusters (cluster TEXT PRIMARY KEY, rv INTEGER NOT NULL);
    `);
    this.stmts = {
      load: this.db.prepare<[string], { key: string; grp: string; resource: string; body: string }>('SELECT key, grp, resource, body FROM objects WHERE cluster = ?'),
      rv: this.db.prepare<[string], { rv: number }>('SELECT rv FROM clusters WHERE cluster = ?'),
      put: this.db.prepare('INSERT INTO objects (cluster, key, grp, resource, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cluster, key) DO UPDATE SET body = excluded.body'),
      remove: this.db.prepare('DELETE FROM objects WHERE cluster = ? AND key = ?'),
      setRv: this.db.prepare('INSERT INTO clusters (cluster, rv) VALUES (?, ?) ON CONFLICT (cluster) DO UPDATE SET rv = excluded.rv'),
      dropObjects: this.db.prepare('DELETE FROM objects WHERE cluster = ?'),
      dropCluster: this.db.prepare('DELETE FROM clusters WHERE cluster = ?'),
      clusters: this.db.prepare<[], { cluster: string }>('SELECT cluster FROM clusters'),
    };
    const commitQueued = this.db.transaction((writes: Iterable<QueuedWrite>, rvs: Map<string, number>) => {
      for (const w of writes) {
        if (w.put) this.stmts.put.run(w.cluster, w.key, w.put.group, w.put.resource, JSON.stringify(w.put.object));
        else this.stmts.remove.run(w.cluster, w.key);
      }
      for (const [cluster, rv] of rvs) this.stmts.setRv.run(cluster, rv);
    });
    this.group = new GroupCommit({
      commitEveryMs: opts.commitEveryMs ?? 0,
      maxQueued: opts.maxQueued ?? DEFAULT_MAX_QUEUED,
      commit: commitQueued,
      failed: (cause) => new PersistenceFailedError(this.file, cause),
      // Every commit reaches the disk soon even when nobody waits for it (a controller's writes).
      // (On the next turn: an answer's commit is fsynced at once by syncSoon, and then this finds nothing to do.)
      committed: () => {
        this.wal.committed();
        setImmediate(() => this.wal.soon().catch(() => undefined));
      },
    });
  }

  /**
   * Commits the queued writes now, in one transaction; returns how many objects it wrote or
   * removed (0 when write-through). Throws, keeping them queued, when the commit fails.
   */
  flush(): number {
    const n = this.group.flush();
    this.wal.now();
    return n;
  }

  /** Commits the queued writes so this connection's reads see them; the disk is wal-sync's business. */
  private commitQueued(): void {
    this.group.flush();
  }

  /**
   * A commit on the next turn, shared by every caller until it runs (GroupCommit.syncSoon), then
   * the WAL's fsync (wal-sync.ts): the API server's answers of one turn wait for one transaction
   * and one fsync.
   */
  syncSoon(): Promise<void> {
    const commit = this.group.syncSoon();
    // One promise for every caller of a turn, as the group commit's own.
    if (this.soon?.commit !== commit) this.soon = { commit, durable: commit.then(() => this.wal.now()) };
    return this.soon.durable;
  }

  /** The persistence of one cluster; many clusters share this file. */
  forCluster(clusterId: string): StorePersistence {
    const s = this.stmts;
    const putTx = this.db.transaction((e: PersistedObject, rv: number) => {
      s.put.run(clusterId, e.key, e.group, e.resource, JSON.stringify(e.object));
      s.setRv.run(clusterId, rv);
    });
    const removeTx = this.db.transaction((key: string, rv: number) => {
      s.remove.run(clusterId, key);
      s.setRv.run(clusterId, rv);
    });
    // Write-through: on disk before the store confirms, as FULL did.
    const put = (e: PersistedObject, rv: number) => this.durably(() => putTx(e, rv));
    const remove = (key: string, rv: number) => this.durably(() => removeTx(key, rv));
    // A cluster's rows are read as committed once its own queued writes are: the other clusters'
    // wait for their commit, so a wake among busy clusters pays no commit (and fsync) of theirs.
    const flushOwn = () => {
      if (this.group.holds(clusterId)) this.commitQueued();
    };
    return {
      load: () => (flushOwn(), {
        objects: s.load.all(clusterId).map((r) => ({ key: r.key, group: r.grp, resource: r.resource, object: JSON.parse(r.body) as KubeObject })),
        resourceVersion: s.rv.get(clusterId)?.rv ?? 0,
      }),
      // The rows' bodies as they are: parsing them all was most of a wake (ObjectStore parses each when first read).
      loadEncoded: () => (flushOwn(), {
        objects: s.load.all(clusterId).map((r) => ({ key: r.key, group: r.grp, resource: r.resource, json: r.body })),
        resourceVersion: s.rv.get(clusterId)?.rv ?? 0,
      }),
      // A queued entry keeps the object itself: the store passes versions it freezes at once.
      put: (e, rv, created = false) => (this.group.enabled ? this.group.enqueue(clusterId, e.key, rv, e, created) : put(e, rv)),
      remove: (key, rv) => (this.group.enabled ? this.group.enqueue(clusterId, key, rv, undefined, false) : remove(key, rv)),
      // Commits every cluster's queue: one transaction, and the others' writes are as good to commit.
      sync: () => void this.flush(),
      syncSoon: () => this.syncSoon(),
      drop: () => this.deleteCluster(clusterId),
      // The file is shared; closing one cluster's store leaves it open for the others.
      close: () => undefined,
    };
  }

  deleteCluster(clusterId: string): void {
    // Its queued writes would only be committed to be deleted: discard them, commit the rest.
    this.group.discard(clusterId);
    this.commitQueued();
    this.durably(() =>
      this.db.transaction(() => {
        this.stmts.dropObjects.run(clusterId);
        this.stmts.dropCluster.run(clusterId);
      })(),
    );
  }

  /** A transaction of its own, on disk before it returns. */
  private durably(tx: () => void): void {
    tx();
    this.wal.committed();
    this.wal.now();
  }

  /** The journal mode and synchronous level the file runs with (1 is NORMAL: the WAL's fsyncs are wal-sync's; see the file comment). */
  durability(): { journalMode: string; synchronous: number } {
    return { journalMode: String(this.db.pragma('journal_mode', { simple: true })), synchronous: Number(this.db.pragma('synchronous', { simple: true })) };
  }

  clusterIds(): string[] {
    this.commitQueued();
    return this.stmts.clusters.all().map((r) => r.cluster);
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.wal.close();
      this.db.close();
    }
  }
}
