import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { StatusError } from '../errors';
import { ObjectStore } from './object-store';
import { SqliteStoreFile } from './sqlite-persistence';
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
  it('commits batched writes in one transaction per tick and on close', async () => {
    const dir = tempDir();
    let file = new SqliteStoreFile(dir, { batchPerTick: true });
    const store = new ObjectStore({ clock: new ManualClock(0), persistence: file.forCluster('c1') });
    store.create(cms, cm('a'));
    const reader = new SqliteStoreFile(dir);
    expect(reader.forCluster('c1').load().objects).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    expect(reader.forCluster('c1').load().resourceVersion).toBe(1);
    store.create(cms, cm('b'));
    file.close();
    file = new SqliteStoreFile(dir);
    expect(file.forCluster('c1').load().objects.map((o) => o.object.metadata.name).sort()).toEqual(['a', 'b']);
    reader.close();
    file.close();
  });
});
