import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { seededRandom } from '../controllers/framework/names';
import type { KubeObject, ManagedFieldsEntry, WatchEvent } from '../types';
import { DeferredManagedFields, equalButManagedFields, MAX_CHAIN, type ManagedFieldsCompute } from './deferred-managed-fields';
import { ObjectStore } from './object-store';
import type { PersistedObject, StorePersistence } from './persistence';

const entry = (manager: string, fields: Record<string, unknown>): ManagedFieldsEntry => ({ manager, operation: 'Update', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: fields });
/** A version as the store hands it over before freezing it: its parts frozen, itself not yet. */
const version = (rv: number, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: Object.freeze({ name: 'c', namespace: 'default', resourceVersion: String(rv), ...extra }), data: Object.freeze({ rv: String(rv) }),
}) as KubeObject;

/** A compute that records its calls and names the version it ran for. */
function recorder(): { calls: string[]; compute(tag: string): ManagedFieldsCompute } {
  const calls: string[] = [];
  return {
    calls,
    compute: (tag) => (before, v) => {
      calls.push(`${tag}: before ${before?.metadata.resourceVersion ?? '-'} with ${before?.metadata.managedFields?.map((e) => e.manager).join(',') ?? 'none'}`);
      return [...(before?.metadata.managedFields ?? []), entry(tag, { [`f:rv${v.metadata.resourceVersion}`]: {} })];
    },
  };
}

describe('DeferredManagedFields', () => {
  it('gives back a version that was never deferred as it is', () => {
    const d = new DeferredManagedFields();
    const v = version(1);
    expect(d.finish(v)).toBe(v);
    expect(d.isDeferred(v)).toBe(false);
  });

  it('computes a deferred version once, on its first read, and keeps the result', () => {
    const d = new DeferredManagedFields();
    const r = recorder();
    const v = version(1);
    d.defer(v, undefined, r.compute('creator'));
    expect(r.calls).toEqual([]);
    const done = d.finish(v);
    expect(done.metadata.managedFields?.map((e) => e.manager)).toEqual(['creator']);
    expect(d.finish(v)).toBe(done);
    expect(r.calls).toEqual(['creator: before - with none']);
    expect(Object.isFrozen(done) && Object.isFrozen(done.metadata)).toBe(true);
    // The stored version itself is left as it was.
    expect(v.metadata.managedFields).toBeUndefined();
  });

  it('finishes a chain oldest first, each write seeing the finished version before it', () => {
    const d = new DeferredManagedFields();
    const r = recorder();
    const [v1, v2, v3] = [version(1), version(2), version(3)];
    d.defer(v1, undefined, r.compute('a'));
    d.defer(v2, v1, r.compute('b'));
    d.defer(v3, v2, r.compute('c'));
    expect(d.finish(v3).metadata.managedFields?.map((e) => e.manager)).toEqual(['a', 'b', 'c']);
    expect(r.calls).toEqual(['a: before - with none', 'b: before 1 with a', 'c: before 2 with a,b']);
    // The older versions were finished on the way, not computed again.
    expect(d.finish(v2).metadata.managedFields?.map((e) => e.manager)).toEqual(['a', 'b']);
    expect(r.calls).toHaveLength(3);
  });

  it('lets a version written without managedFields over a deferred one keep that one\'s', () => {
    const d = new DeferredManagedFields();
    const r = recorder();
    const [v1, v2] = [version(1), version(2)];
    d.defer(v1, undefined, r.compute('a'));
    d.inheritIfDeferred(v2, v1);
    expect(d.finish(v2).metadata.managedFields).toEqual(d.finish(v1).metadata.managedFields);
    // Over a version that was never deferred there is nothing to inherit: it stays as written.
    const v3 = version(3);
    d.inheritIfDeferred(v3, version(0));
    expect(d.isDeferred(v3)).toBe(false);
  });

  it('computes a chain once it is MAX_CHAIN long, so an object written often and never read holds few old versions', () => {
    const d = new DeferredManagedFields();
    const r = recorder();
    let prev: KubeObject | undefined;
    for (let rv = 1; rv <= MAX_CHAIN; rv++) {
      const v = version(rv);
      d.defer(v, prev, r.compute('w'));
      prev = v;
    }
    expect(r.calls).toHaveLength(0);
    d.defer(version(MAX_CHAIN + 1), prev, r.compute('w'));
    expect(r.calls).toHaveLength(MAX_CHAIN);
  });

  it('puts managedFields where ObjectMeta has them: after finalizers, before fields it does not know', () => {
    const d = new DeferredManagedFields();
    const v = version(1, { finalizers: ['x'], ...({ zzz: 1 } as object) });
    d.defer(v, undefined, () => [entry('m', {})]);
    expect(Object.keys(d.finish(v).metadata)).toEqual(['name', 'namespace', 'resourceVersion', 'finalizers', 'managedFields', 'zzz']);
  });
});

describe('equalButManagedFields', () => {
  it('ignores managedFields and nothing else', () => {
    const a = version(1, { managedFields: [entry('a', {})] });
    expect(equalButManagedFields(a, version(1))).toBe(true);
    expect(equalButManagedFields(version(1), a)).toBe(true);
    expect(equalButManagedFields(a, version(2))).toBe(false);
    expect(equalButManagedFields(version(1, { labels: { x: 'y' } }), version(1))).toBe(false);
    expect(equalButManagedFields({ ...version(1), data: { rv: '9' } } as KubeObject, version(1))).toBe(false);
  });
});

const cms = { group: '', resource: 'configmaps' };
const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data } as KubeObject);
const managers = (o: KubeObject | undefined) => o?.metadata.managedFields?.map((e) => e.manager);
const writer = (manager: string): ManagedFieldsCompute => (before) => [...(before?.metadata.managedFields ?? []).filter((e) => e.manager !== manager), entry(manager, {})];

class MemoryPersistence implements StorePersistence {
  readonly puts: PersistedObject[] = [];
  load() { return { objects: [], resourceVersion: 0 }; }
  put(e: PersistedObject) { this.puts.push(JSON.parse(JSON.stringify(e)) as PersistedObject); }
  remove() {}
  close() {}
}

describe('the object store with deferred managedFields', () => {
  const newStore = (persistence?: StorePersistence) => new ObjectStore({ clock: new ManualClock(Date.UTC(2025, 0, 1)), random: seededRandom(3), persistence });

  it('gives them to get, list, copying watches and write results, and not to peek or shared watches', () => {
    const s = newStore();
    const copied: WatchEvent[] = [];
    const shared: WatchEvent[] = [];
    s.watch(cms, { resourceVersion: s.resourceVersion() }, (e) => copied.push(e));
    s.watch(cms, { resourceVersion: s.resourceVersion(), shared: true }, (e) => shared.push(e));
    const created = s.create(cms, cm({ a: '1' }), { managedFields: writer('creator') });
    expect(managers(created)).toEqual(['creator']);
    expect(managers(s.get(cms, 'default', 'c'))).toEqual(['creator']);
    expect(managers(s.list(cms).items[0])).toEqual(['creator']);
    expect(managers(copied[0].object)).toEqual(['creator']);
    expect(s.peek(cms, 'default', 'c')!.metadata.managedFields).toBeUndefined();
    expect(shared[0].object.metadata.managedFields).toBeUndefined();
    expect(managers(s.finished(s.peek(cms, 'default', 'c')!))).toEqual(['creator']);
  });

  it('lets a write that sets none keep the deferred ones, and a tracked write replace them', () => {
    const s = newStore();
    s.create(cms, cm({ a: '1' }), { adopt: true, managedFields: writer('creator') });
    const live = s.peek(cms, 'default', 'c')!;
    // As a binding or a deletion mark: built beside the stored version, no managedFields of its own.
    s.update(cms, { ...live, metadata: { ...live.metadata, labels: { bound: 'yes' } } }, { subresource: 'all' });
    expect(managers(s.get(cms, 'default', 'c'))).toEqual(['creator']);
    s.update(cms, { ...cm({ a: '2' }) }, { subresource: 'all', managedFields: writer('editor') });
    expect(managers(s.get(cms, 'default', 'c'))).toEqual(['creator', 'editor']);
  });

  it('keeps a write that changes nothing a no-op, and one that only changes ownership a write', () => {
    const s = newStore();
    const created = s.create(cms, cm({ a: '1' }), { managedFields: writer('creator') });
    const same = s.update(cms, cm({ a: '1' }), { subresource: 'all', managedFields: writer('creator') });
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    // The values are the same but another manager's entry appears: the API server stores that.
    const moved = s.update(cms, cm({ a: '1' }), { subresource: 'all', managedFields: writer('other') });
    expect(Number(moved.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(managers(moved)).toEqual(['creator', 'other']);
  });

  it('persists a deferred write without computing it, with the last finished managedFields, and the finished ones on close', () => {
    const p = new MemoryPersistence();
    const s = newStore(p);
    // Created over HTTP: its managedFields came with the write.
    s.create(cms, { ...cm({ a: '1' }), metadata: { ...cm({}).metadata, managedFields: [entry('kubectl', {})] } });
    let computed = 0;
    const counted: ManagedFieldsCompute = (before, v) => (computed++, writer('controller')(before, v));
    s.update(cms, cm({ a: '2' }), { subresource: 'all', adopt: true, managedFields: counted });
    expect(computed).toBe(0);
    expect(p.puts.map((row) => managers(row.object))).toEqual([['kubectl'], ['kubectl']]);
    expect(p.puts[1].object.data).toEqual({ a: '2' });
    // A clean shutdown writes what a restart must read back: every write's ownership.
    s.close();
    expect(managers(p.puts.at(-1)!.object)).toEqual(['kubectl', 'controller']);
    expect(p.puts.at(-1)!.object.data).toEqual({ a: '2' });
  });
});
