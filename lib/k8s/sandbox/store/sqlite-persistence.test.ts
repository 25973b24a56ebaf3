import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { StatusError } from '../errors';
import { ObjectStore } from './object-store';
import { PersistenceFailedError, SqliteStoreFile } from './sqlite-persistence';
import { seededRandom } from '../controllers/framework/names';

const cms = { group: '', resource: 'configmaps' };
const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('SQLite persistence', () => {
  it('runs in WAL mode with synchronous=FULL, so a commit survives a power cut', () => {
    const file = new SqliteStoreFile(tempDir());
    expect(file.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    file.close();
  });

  it('restores the same objects and resourceVersion counter after a restart', () => {
    const dir = tempDir();
    let file = new SqliteStoreFile(dir);
    let store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1), persistence: file.forCluster('c1') });
    const a = store.create(cms, cm('a', { k: '1' }));
    store.create(cms, cm('b'));
    store.update(cms, { ...a, data: { k: '2' } }, { subresource: 'all' });
    store.delete(cms, 'default', 'b');
    const before = store.list(cms);
    store.close();
    file.close();

    file = new SqliteStoreFile(dir);
    store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1), persistence: file.forCluster('c1') });
    expect(store.list(cms)).toEqual(before);
    expect(store.resourceVersion()).toBe('4');
    expect(store.create(cms, cm('c')).metadata.resourceVersion).toBe('5');
    file.close();
  });
  it('answers 410 for a resume from before the restart and resumes from the restart rv', () => {
    const dir = tempDir();
    let file = new SqliteStoreFile(dir);
    const first = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    first.create(cms, cm('a'));
    first.create(cms, cm('b'));
    file.close();
    file = new SqliteStoreFile(dir);
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    let err: unknown;
    try {
      store.watch(cms, { resourceVersion: '1' }, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).message).toBe('too old resource version: 1 (3)');
    const seen: string[] = [];
    store.watch(cms, { resourceVersion: '2' }, (e) => seen.push(e.object.metadata.name!));
    store.create(cms, cm('c'));
    expect(seen).toEqual(['c']);
    file.close();
  });
  it('keeps clusters apart in one file and deletes one cluster only', () => {
    const file = new SqliteStoreFile(tempDir());
    new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('one') }).create(cms, cm('a'));
    new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('two') }).create(cms, cm('b'));
    file.deleteCluster('one');
    expect(file.clusterIds()).toEqual(['two']);
    expect(file.forCluster('one').load()).toEqual({ objects: [], resourceVersion: 0 });
    expect(file.forCluster('two').load().objects.map((o) => o.object.metadata.name)).toEqual(['b']);
    file.close();
  });
  it('commits a group of writes within commitEveryMs, and what is still queued on close', async () => {
    const dir = tempDir();
    let file = new SqliteStoreFile(dir, { commitEveryMs: 5 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create(cms, cm('a'));
    const reader = new SqliteStoreFile(dir);
    expect(reader.forCluster('c1').load().objects).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(reader.forCluster('c1').load().resourceVersion).toBe(1);
    store.create(cms, cm('b'));
    file.close();
    file = new SqliteStoreFile(dir);
    expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name).sort()).toEqual(['a', 'b']);
    reader.close();
    file.close();
  });
  it('writes only the last version of an object changed many times between commits', () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    let a = store.create(cms, cm('a', { n: '0' }));
    for (let i = 1; i <= 50; i++) a = store.update(cms, { ...a, data: { n: String(i) } }, { subresource: 'all' });
    // a's last version: one row, one transaction.
    expect(file.flush()).toBe(1);
    const loaded = file.forCluster('c1').load();
    expect(loaded.objects.map((o) => [o.object.metadata.name, o.object.data])).toEqual([['a', { n: '50' }]]);
    expect(loaded.resourceVersion).toBe(51);
    file.close();
  });
  it('writes nothing of an object created and deleted between commits, and removes one that was on disk', () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    const kept = store.create(cms, cm('kept'));
    expect(file.flush()).toBe(1);
    store.create(cms, cm('brief'));
    store.update(cms, { ...store.get(cms, 'default', 'brief')!, data: { k: 'v' } }, { subresource: 'all' });
    store.delete(cms, 'default', 'brief');
    store.delete(cms, 'default', kept.metadata.name!);
    // brief never reaches the file; kept's row is deleted; the counter moves to 5.
    expect(file.flush()).toBe(1);
    expect(file.forCluster('c1').load()).toEqual({ objects: [], resourceVersion: 5 });
    // Deleted and created again under the same name within one commit: the new one is written.
    store.create(cms, cm('again', { n: '1' }));
    file.flush();
    store.delete(cms, 'default', 'again');
    store.create(cms, cm('again', { n: '2' }));
    file.flush();
    expect(file.forCluster('c1').load().objects.map((o) => o.object.data)).toEqual([{ n: '2' }]);
    // And deleted and created again and deleted: its old row goes.
    store.delete(cms, 'default', 'again');
    store.create(cms, cm('again', { n: '3' }));
    store.delete(cms, 'default', 'again');
    file.flush();
    expect(file.forCluster('c1').load().objects).toEqual([]);
    file.close();
  });
  it('commits at once when maxQueued objects wait', () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000, maxQueued: 3 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    const reader = new SqliteStoreFile(dir);
    store.create(cms, cm('a'));
    store.create(cms, cm('b'));
    expect(reader.forCluster('c1').load().resourceVersion).toBe(0);
    store.create(cms, cm('c'));
    expect(reader.forCluster('c1').load().objects).toHaveLength(3);
    reader.close();
    file.close();
  });
  it('keeps the writes of a failed commit and refuses new writes, naming the cause, until a commit succeeds', () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create(cms, cm('a'));
    // Another connection takes the table away, so the queued commit fails.
    const other = new Database(path.join(dir, 'sandbox-store.db'));
    other.exec('ALTER TABLE objects RENAME TO objects_away');
    expect(() => file.flush()).toThrow(PersistenceFailedError);
    let err: unknown;
    try {
      store.create(cms, cm('b'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PersistenceFailedError);
    expect((err as Error).message).toMatch(/^the sandbox store sandbox-store\.db could not commit writes: no such table: .*objects/);
    // The refused write is not in memory either; the confirmed one still is.
    expect(store.list(cms).items.map((o) => o.metadata.name)).toEqual(['a']);
    other.exec('ALTER TABLE objects_away RENAME TO objects');
    other.close();
    store.create(cms, cm('c'));
    file.flush();
    expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name).sort()).toEqual(['a', 'c']);
    file.close();
  });

  it('commits once for every syncSoon of a turn, across clusters, before any of them resolves', async () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    const one = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('one') });
    const two = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('two') });
    one.create(cms, cm('a'));
    const first = one.syncSoon();
    two.create(cms, cm('b'));
    const second = two.syncSoon();
    expect(second).toBe(first);
    // Another connection sees nothing before the turn, both rows after it.
    const other = new Database(path.join(dir, 'sandbox-store.db'), { readonly: true });
    const rows = () => other.prepare('SELECT cluster, key FROM objects ORDER BY cluster').all();
    expect(rows()).toEqual([]);
    await Promise.all([first, second]);
    expect(rows()).toEqual([{ cluster: 'one', key: '/configmaps/default/a' }, { cluster: 'two', key: '/configmaps/default/b' }]);
    // The next turn's callers get the next commit.
    one.create(cms, cm('c'));
    const third = one.syncSoon();
    expect(third).not.toBe(first);
    await third;
    expect(rows()).toHaveLength(3);
    other.close();
    file.close();
  });
  it('rejects every syncSoon of a turn whose commit fails, and keeps the writes queued', async () => {
    const dir = tempDir();
    const file = new SqliteStoreFile(dir, { commitEveryMs: 60_000 });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create(cms, cm('a'));
    const other = new Database(path.join(dir, 'sandbox-store.db'));
    other.exec('ALTER TABLE objects RENAME TO objects_away');
    const results = await Promise.allSettled([store.syncSoon(), store.syncSoon()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(PersistenceFailedError);
    other.exec('ALTER TABLE objects_away RENAME TO objects');
    other.close();
    await store.syncSoon();
    expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name)).toEqual(['a']);
    file.close();
  });
  it('resolves syncSoon at once when it writes through (nothing is queued)', async () => {
    const file = new SqliteStoreFile(tempDir());
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create(cms, cm('a'));
    await store.syncSoon();
    expect(file.forCluster('c1').load().objects).toHaveLength(1);
    file.close();
  });
});
