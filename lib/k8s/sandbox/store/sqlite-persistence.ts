/**
 * StorePersistence on better-sqlite3: one database file per data directory holding many
 * clusters keyed by cluster id. WAL mode with synchronous=NORMAL: each mutation is one
 * prepared-statement transaction written before the store confirms it; a process crash loses
 * nothing confirmed, a power loss may lose the last WAL commits (SQLite's NORMAL guarantee).
 *
 * With `batchPerTick: true` writes are queued and committed in one transaction per event-loop
 * tick (setImmediate): about twice the write rate, but a crash loses the current tick's
 * writes even though the store has already confirmed them. close() flushes.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../types';
import type { PersistedObject, StorePersistence } from './persistence';

type QueuedWrite = { cluster: string; rv: number } & ({ put: PersistedObject } | { remove: string });

export class SqliteStoreFile {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly batchPerTick: boolean;
  private queue: QueuedWrite[] = [];
  private flushScheduled: ReturnType<typeof setImmediate> | undefined;
  private readonly writeQueued: (q: QueuedWrite[]) => void;

  constructor(dataDir: string, opts: { fileName?: string; batchPerTick?: boolean } = {}) {
    const fileName = opts.fileName ?? 'sandbox-store.db';
    this.batchPerTick = opts.batchPerTick ?? false;
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, fileName));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
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
    this.writeQueued = this.db.transaction((q: QueuedWrite[]) => {
      for (const w of q) {
        if ('put' in w) this.stmts.put.run(w.cluster, w.put.key, w.put.group, w.put.resource, JSON.stringify(w.put.object));
        else this.stmts.remove.run(w.cluster, w.remove);
        this.stmts.setRv.run(w.cluster, w.rv);
      }
    });
  }

  /** Commits queued writes now (batchPerTick mode); a no-op otherwise. */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.queue.length === 0) return;
    const q = this.queue;
    this.queue = [];
    this.writeQueued(q);
  }

  private enqueue(w: QueuedWrite): void {
    this.queue.push(w);
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  /** The persistence of one cluster; many clusters share this file. */
  forCluster(clusterId: string): StorePersistence {
    const s = this.stmts;
    const put = this.db.transaction((e: PersistedObject, rv: number) => {
      s.put.run(clusterId, e.key, e.group, e.resource, JSON.stringify(e.object));
      s.setRv.run(clusterId, rv);
    });
    const remove = this.db.transaction((key: string, rv: number) => {
      s.remove.run(clusterId, key);
      s.setRv.run(clusterId, rv);
    });
    return {
      load: () => (this.flush(), {
        objects: s.load.all(clusterId).map((r) => ({ key: r.key, group: r.grp, resource: r.resource, object: JSON.parse(r.body) as KubeObject })),
        resourceVersion: s.rv.get(clusterId)?.rv ?? 0,
      }),
      put: (e, rv) => (this.batchPerTick ? this.enqueue({ cluster: clusterId, rv, put: structuredClone(e) }) : put(e, rv)),
      remove: (key, rv) => (this.batchPerTick ? this.enqueue({ cluster: clusterId, rv, remove: key }) : remove(key, rv)),
      // The file is shared; closing one cluster's store leaves it open for the others.
      close: () => undefined,
    };
  }

  deleteCluster(clusterId: string): void {
    this.flush();
    this.db.transaction(() => {
      this.stmts.dropObjects.run(clusterId);
      this.stmts.dropCluster.run(clusterId);
    })();
  }

  clusterIds(): string[] {
    this.flush();
    return this.stmts.clusters.all().map((r) => r.cluster);
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}
