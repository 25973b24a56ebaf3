/**
 * The tests every durable store backend passes (SQLite, PostgreSQL): one suite run against
 * each (sqlite-persistence.test.ts, postgres/pg-store-file.test.ts), so both keep the store's
 * promises: restarts restore objects and the resourceVersion counter, clusters stay apart, and
 * group commit writes the last version only, commits on time, on size and once a turn for every
 * syncSoon, and keeps (and reports) what a failed commit could not write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { StatusError } from '../errors';
import { ObjectStore } from './object-store';
import { PersistenceFailedError } from './sqlite-persistence';
import type { StorePersistence } from './persistence';
import { seededRandom } from '../controllers/framework/names';

/** What the suite needs of a backend's file (SqliteStoreFile, PgStoreFile). */
export interface ContractStoreFile {
  forCluster(clusterId: string): StorePersistence;
  flush(): number;
  deleteCluster(clusterId: string): void;
  clusterIds(): string[];
  close(): void;
}

export interface ContractBackend<Place> {
  name: string;
  /** A new, empty place to keep stores (a temp folder, a database schema); remove() at the end. */
  place(): Promise<{ place: Place; remove(): Promise<void> }>;
  open(place: Place, opts?: { commitEveryMs?: number; maxQueued?: number }): ContractStoreFile;
  /** From another connection: makes the objects table unusable, so commits fail, and back. */
  breakObjectsTable(place: Place): Promise<void>;
  repairObjectsTable(place: Place): Promise<void>;
  /** From another connection: the (cluster, key) rows committed, ordered by cluster. */
  committedRows(place: Place): Promise<{ cluster: string; key: string }[]>;
  /** What a commit that failed on the missing table says. */
  missingTableMessage: RegExp;
}

const cms = { group: '', resource: 'configmaps' };
const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

export function describePersistenceContract<Place>(backend: ContractBackend<Place>): void {
  const cleanups: (() => Promise<void> | void)[] = [];
  const place = async () => {
    const p = await backend.place();
    cleanups.push(() => p.remove());
    return p.place;
  };
  /** Opens a file closed at the end of the test (closing twice is harmless). */
  const open = (p: Place, opts?: { commitEveryMs?: number; maxQueued?: number }) => {
    const f = backend.open(p, opts);
    let closed = false;
    const close = f.close.bind(f);
    f.close = () => {
      if (closed) return;
      closed = true;
      close();
    };
    cleanups.unshift(() => f.close());
    return f;
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  describe(`${backend.name} persistence (the store contract)`, () => {
    it('restores the same objects and resourceVersion counter after a restart', async () => {
      const dir = await place();
      let file = open(dir);
      let store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1), persistence: file.forCluster('c1') });
      const a = store.create(cms, cm('a', { k: '1' }));
      store.create(cms, cm('b'));
      store.update(cms, { ...a, data: { k: '2' } }, { subresource: 'all' });
      store.delete(cms, 'default', 'b');
      const before = store.list(cms);
      store.close();
      file.close();

      file = open(dir);
      store = new ObjectStore({ clock: new ManualClock(0), random: seededRandom(1), persistence: file.forCluster('c1') });
      expect(store.list(cms)).toEqual(before);
      expect(store.resourceVersion()).toBe('4');
      expect(store.create(cms, cm('c')).metadata.resourceVersion).toBe('5');
    });

    it('answers 410 for a resume from before the restart and resumes from the restart rv', async () => {
      const dir = await place();
      let file = open(dir);
      const first = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      first.create(cms, cm('a'));
      first.create(cms, cm('b'));
      file.close();
      file = open(dir);
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
    });

    it('keeps clusters apart in one file and deletes one cluster only', async () => {
      const file = open(await place());
      new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('one') }).create(cms, cm('a'));
      new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('two') }).create(cms, cm('b'));
      file.deleteCluster('one');
      expect(file.clusterIds()).toEqual(['two']);
      expect(file.forCluster('one').load()).toEqual({ objects: [], resourceVersion: 0 });
      expect(file.forCluster('two').load().objects.map((o) => o.object.metadata.name)).toEqual(['b']);
    });

    it('commits a group of writes within commitEveryMs, and what is still queued on close', async () => {
      const dir = await place();
      let file = open(dir, { commitEveryMs: 5 });
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      store.create(cms, cm('a'));
      const reader = open(dir);
      expect(reader.forCluster('c1').load().objects).toHaveLength(0);
      await expect.poll(() => reader.forCluster('c1').load().resourceVersion, { interval: 5 }).toBe(1);
      store.create(cms, cm('b'));
      file.close();
      file = open(dir);
      expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name).sort()).toEqual(['a', 'b']);
    });

    it('writes only the last version of an object changed many times between commits', async () => {
      const file = open(await place(), { commitEveryMs: 60_000 });
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      let a = store.create(cms, cm('a', { n: '0' }));
      for (let i = 1; i <= 50; i++) a = store.update(cms, { ...a, data: { n: String(i) } }, { subresource: 'all' });
      // a's last version: one row, one transaction.
      expect(file.flush()).toBe(1);
      const loaded = file.forCluster('c1').load();
      expect(loaded.objects.map((o) => [o.object.metadata.name, o.object.data])).toEqual([['a', { n: '50' }]]);
      expect(loaded.resourceVersion).toBe(51);
    });

    it('writes nothing of an object created and deleted between commits, and removes one that was stored', async () => {
      const file = open(await place(), { commitEveryMs: 60_000 });
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      const kept = store.create(cms, cm('kept'));
      expect(file.flush()).toBe(1);
      store.create(cms, cm('brief'));
      store.update(cms, { ...store.get(cms, 'default', 'brief')!, data: { k: 'v' } }, { subresource: 'all' });
      store.delete(cms, 'default', 'brief');
      store.delete(cms, 'default', kept.metadata.name!);
      // brief is never stored; kept's row is deleted; the counter moves to 5.
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
    });

    it('commits at once when maxQueued objects wait', async () => {
      const dir = await place();
      const file = open(dir, { commitEveryMs: 60_000, maxQueued: 3 });
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      const reader = open(dir);
      store.create(cms, cm('a'));
      store.create(cms, cm('b'));
      expect(reader.forCluster('c1').load().resourceVersion).toBe(0);
      store.create(cms, cm('c'));
      expect(reader.forCluster('c1').load().objects).toHaveLength(3);
    });

    it('keeps the writes of a failed commit and refuses new writes, naming the cause, until a commit succeeds', async () => {
      const dir = await place();
      const file = open(dir, { commitEveryMs: 60_000 });
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      store.create(cms, cm('a'));
      // Another connection takes the table away, so the queued commit fails.
      await backend.breakObjectsTable(dir);
      expect(() => file.flush()).toThrow(PersistenceFailedError);
      let err: unknown;
      try {
        store.create(cms, cm('b'));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PersistenceFailedError);
      expect((err as Error).message).toMatch(backend.missingTableMessage);
      // The refused write is not in memory either; the confirmed one still is.
      expect(store.list(cms).items.map((o) => o.metadata.name)).toEqual(['a']);
      await backend.repairObjectsTable(dir);
      store.create(cms, cm('c'));
      file.flush();
      expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name).sort()).toEqual(['a', 'c']);
    });

    it('commits once for every syncSoon of a turn, across clusters, before any of them resolves', async () => {
      const dir = await place();
      const file = open(dir, { commitEveryMs: 60_000 });
      const one = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('one') });
      const two = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('two') });
      one.create(cms, cm('a'));
      const first = one.syncSoon();
      two.create(cms, cm('b'));
      const second = two.syncSoon();
      expect(second).toBe(first);
      // Another connection sees nothing before the turn, both rows after it.
      const reader = open(dir);
      expect([reader.forCluster('one').load().objects, reader.forCluster('two').load().objects]).toEqual([[], []]);
      await Promise.all([first, second]);
      expect(await backend.committedRows(dir)).toEqual([{ cluster: 'one', key: '/configmaps/default/a' }, { cluster: 'two', key: '/configmaps/default/b' }]);
      // The next turn's callers get the next commit.
      one.create(cms, cm('c'));
      const third = one.syncSoon();
      expect(third).not.toBe(first);
      await third;
      expect(await backend.committedRows(dir)).toHaveLength(3);
    });

    it('rejects every syncSoon of a turn whose commit fails, and keeps the writes queued', async () => {
      const dir = await place();
      const file = open(dir, { commitEveryMs: 60_000 });
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      store.create(cms, cm('a'));
      await backend.breakObjectsTable(dir);
      const results = await Promise.allSettled([store.syncSoon(), store.syncSoon()]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(PersistenceFailedError);
      await backend.repairObjectsTable(dir);
      await store.syncSoon();
      expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name)).toEqual(['a']);
    });

    it('resolves syncSoon at once when it writes through (nothing is queued)', async () => {
      const file = open(await place());
      const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
      store.create(cms, cm('a'));
      await store.syncSoon();
      expect(file.forCluster('c1').load().objects).toHaveLength(1);
    });
  });
}
