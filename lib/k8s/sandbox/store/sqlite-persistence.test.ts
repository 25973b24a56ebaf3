import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStoreFile } from './sqlite-persistence';
import { describePersistenceContract } from './persistence-contract';
import { ObjectStore } from './object-store';
import { ManualClock } from '../clock';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-store-'));
const onFile = <T>(dir: string, fn: (db: Database.Database) => T): T => {
  const db = new Database(path.join(dir, 'sandbox-store.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
};

describePersistenceContract<string>({
  name: 'SQLite',
  place: async () => {
    const dir = tempDir();
    return { place: dir, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
  open: (dir, opts) => new SqliteStoreFile(dir, opts),
  breakObjectsTable: async (dir) => onFile(dir, (db) => void db.exec('ALTER TABLE objects RENAME TO objects_away')),
  repairObjectsTable: async (dir) => onFile(dir, (db) => void db.exec('ALTER TABLE objects_away RENAME TO objects')),
  committedRows: async (dir) => onFile(dir, (db) => db.prepare<[], { cluster: string; key: string }>('SELECT cluster, key FROM objects ORDER BY cluster, key').all()),
  missingTableMessage: /^the sandbox store sandbox-store\.db could not commit writes: no such table: .*objects/,
});

describe('SQLite persistence', () => {
  it('runs in WAL mode with synchronous=NORMAL, its WAL fsynced by wal-sync before a write is confirmed', async () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    expect(file.durability()).toEqual({ journalMode: 'wal', synchronous: 1 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create({ group: '', resource: 'configmaps' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default' } });
    // What the API server waits for before it answers: the commit, then the WAL's fsync.
    await file.syncSoon();
    expect(onFile(dir, (db) => db.prepare('SELECT key FROM objects').all())).toHaveLength(1);
    file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a cluster after committing its own queued writes, leaving other clusters\' writes queued for their commit', () => {
    const dir = tempDir();
    const cms = { group: '', resource: 'configmaps' };
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });
    const committed = () => onFile(dir, (db) => db.prepare<[], { cluster: string }>('SELECT cluster FROM objects ORDER BY cluster').all().map((r) => r.cluster));
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('busy') }).create(cms, cm('queued'));
    new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('own') }).create(cms, cm('mine'));
    file.flush();
    new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('busy') }).create(cms, cm('queued-2'));

    // Waking 'own' reads its committed row; busy's new write stays queued.
    const woken = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('own') });
    expect(woken.count(cms)).toBe(1);
    expect(committed()).toEqual(['busy', 'own']);
    // Waking 'busy' commits its queued write first, so it reads it back.
    expect(new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('busy') }).count(cms)).toBe(2);
    expect(committed()).toEqual(['busy', 'busy', 'own']);
    file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives a waking store its rows as stored text, parsed one object at a time when first read, and rewrites none it never read', () => {
    const dir = tempDir();
    const cms = { group: '', resource: 'configmaps' };
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });
    let file = new SqliteStoreFile(dir);
    let store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create(cms, cm('read'));
    store.create(cms, cm('unread'));
    store.close();
    file.close();
    // A body no JSON parser accepts: only reading that object can fail.
    onFile(dir, (db) => db.prepare("UPDATE objects SET body = '{not json' WHERE key LIKE '%/unread'").run());

    file = new SqliteStoreFile(dir);
    store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    expect(store.count(cms)).toBe(2);
    expect(store.resourceVersion()).toBe('2');
    const read = store.peek(cms, 'default', 'read')!;
    expect(read.data).toEqual({ k: 'read' });
    expect(Object.isFrozen(read) && Object.isFrozen(read.metadata)).toBe(true);
    expect(() => store.peek(cms, 'default', 'unread')).toThrow(SyntaxError);
    store.close();
    file.close();
    expect(onFile(dir, (db) => db.prepare<[], { body: string }>("SELECT body FROM objects WHERE key LIKE '%/unread'").get()?.body)).toBe('{not json');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
