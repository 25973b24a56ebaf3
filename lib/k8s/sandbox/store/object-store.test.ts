import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { KubeObject, WatchEvent } from '../types';
import { ObjectStore } from './object-store';
import { seededRandom } from '../controllers/framework/names';
import { catchStatusError } from '../status-error.testing';

const pods = { group: '', resource: 'pods' };
const cms = { group: '', resource: 'configmaps' };
const pod = (name: string, extra: Partial<KubeObject> = {}, ns = 'default'): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...(extra.metadata ?? {}) }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, ...extra,
} as KubeObject);
const newStore = (opts: { maxObjects?: number; historySize?: number } = {}) => new ObjectStore({ clock: new ManualClock(Date.UTC(2025, 0, 1)), random: seededRandom(7), ...opts });

const statusOf = catchStatusError;

describe('ObjectStore CRUD', () => {
  it('assigns uid, resourceVersion, creationTimestamp and generation 1 on create', () => {
    const s = newStore();
    const p = s.create(pods, pod('a'));
    expect(p.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.metadata).toMatchObject({ resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z', generation: 1 });
    expect(s.resourceVersion()).toBe('1');
  });
  it('returns deep copies so callers cannot change stored objects', () => {
    const s = newStore();
    const p = s.create(pods, pod('a'));
    p.metadata.labels = { x: 'y' };
    s.get(pods, 'default', 'a')!.metadata.name = 'changed';
    expect(s.get(pods, 'default', 'a')!.metadata).not.toHaveProperty('labels');
    expect(s.get(pods, 'default', 'a')!.metadata.name).toBe('a');
  });
  it('rejects a duplicate name with 409 AlreadyExists', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    const err = statusOf(() => s.create(pods, pod('a')));
    expect(err.code).toBe(409);
    expect(err.message).toBe('pods "a" already exists');
  });
  it('generates names from generateName with five allowed characters', () => {
    const s = newStore();
    const p = s.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-', namespace: 'default' } });
    expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const long = s.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x'.repeat(70), namespace: 'default' } });
    expect(long.metadata.name).toHaveLength(63);
  });
  it('requires name or generateName with 422 Invalid', () => {
    const err = statusOf(() => newStore().create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: {} }));
    expect(err.code).toBe(422);
    expect(err.message).toContain('metadata.name: Required value: name or generateName is required');
  });
  it('does not store a dry-run create', () => {
    const s = newStore();
    s.create(pods, pod('a'), { dryRun: true });
    expect(s.get(pods, 'default', 'a')).toBeUndefined();
    expect(s.resourceVersion()).toBe('0');
  });
  it('returns 404 NotFound when updating or deleting a missing object', () => {
    const s = newStore();
    expect(statusOf(() => s.update(pods, pod('x'))).message).toBe('pods "x" not found');
    expect(statusOf(() => s.delete({ group: 'apps', resource: 'deployments' }, 'default', 'x')).message).toBe('deployments.apps "x" not found');
  });
});

describe('ObjectStore updates', () => {
  it('rejects a stale resourceVersion with 409 Conflict', () => {
    const s = newStore();
    const p = s.create(pods, pod('a'));
    s.update(pods, { ...p, metadata: { ...p.metadata, labels: { a: 'b' } } });
    const err = statusOf(() => s.update(pods, p));
    expect(err.code).toBe(409);
    expect(err.message).toContain('the object has been modified');
  });
  it('bumps generation only when something outside metadata and status changes', () => {
    const s = newStore();
    let p = s.create(pods, pod('a'));
    p = s.update(pods, { ...p, metadata: { ...p.metadata, labels: { a: 'b' } } });
    expect(p.metadata.generation).toBe(1);
    p = s.update(pods, { ...p, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect(p.metadata.generation).toBe(2);
    p = s.update(pods, { ...p, status: { phase: 'Running' } }, { subresource: 'status' });
    expect(p.metadata.generation).toBe(2);
  });
  it('keeps status on main updates and spec on status updates', () => {
    const s = newStore();
    let p = s.create(pods, pod('a'));
    p = s.update(pods, { ...p, status: { phase: 'Running' } }, { subresource: 'status' });
    p = s.update(pods, { ...p, status: { phase: 'Failed' }, spec: { containers: [] } });
    expect(p.status).toEqual({ phase: 'Running' });
    p = s.update(pods, { ...p, spec: { containers: [{ name: 'hacked' }] }, status: { phase: 'Succeeded' } }, { subresource: 'status' });
    expect(p.spec).toEqual({ containers: [] });
    expect(p.status).toEqual({ phase: 'Succeeded' });
  });
  it('writes everything with subresource all', () => {
    const s = newStore();
    const c = s.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } });
    const u = s.update(cms, { ...c, data: { a: '2' }, status: { x: 1 } }, { subresource: 'all' });
    expect(u).toMatchObject({ data: { a: '2' }, status: { x: 1 } });
  });
  it('keeps uid and creationTimestamp whatever the caller sends', () => {
    const s = newStore();
    const p = s.create(pods, pod('a'));
    const u = s.update(pods, { ...p, metadata: { ...p.metadata, uid: 'other', creationTimestamp: '2000-01-01T00:00:00Z', labels: { a: 'b' } } });
    expect(u.metadata.uid).toBe(p.metadata.uid);
    expect(u.metadata.creationTimestamp).toBe(p.metadata.creationTimestamp);
  });
  it('keeps the resourceVersion for a no-op update', () => {
    const s = newStore();
    const p = s.create(pods, pod('a'));
    expect(s.update(pods, p).metadata.resourceVersion).toBe(p.metadata.resourceVersion);
  });
});

describe('ObjectStore deletion', () => {
  it('marks an object with finalizers once and removes it when the finalizers are emptied', () => {
    const s = newStore();
    const events: WatchEvent[] = [];
    s.create(pods, pod('a', { metadata: { name: 'a', namespace: 'default', finalizers: ['x/y'] } }));
    s.watch(pods, { resourceVersion: s.resourceVersion() }, (e) => events.push(e));
    const first = s.delete(pods, 'default', 'a');
    expect(first.removed).toBe(false);
    expect(first.object.metadata.deletionTimestamp).toBe('2025-01-01T00:00:00Z');
    expect(first.object.metadata.deletionGracePeriodSeconds).toBe(0);
    const again = s.delete(pods, 'default', 'a');
    expect(again.object.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
    const live = s.get(pods, 'default', 'a')!;
    s.update(pods, { ...live, metadata: { ...live.metadata, finalizers: [] } });
    expect(s.get(pods, 'default', 'a')).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });
  it('keeps a pod deleted with a grace period after its last finalizer goes, until a delete with grace 0', () => {
    const s = newStore();
    s.create(pods, pod('a', { metadata: { name: 'a', namespace: 'default', finalizers: ['batch.kubernetes.io/job-tracking'] } }));
    s.delete(pods, 'default', 'a', { gracePeriodSeconds: 30 });
    const live = s.get(pods, 'default', 'a')!;
    s.update(pods, { ...live, metadata: { ...live.metadata, finalizers: [] } });
    expect(s.get(pods, 'default', 'a')?.metadata).toMatchObject({ deletionGracePeriodSeconds: 30 });
    expect(s.delete(pods, 'default', 'a', { gracePeriodSeconds: 0 }).removed).toBe(true);
    expect(s.get(pods, 'default', 'a')).toBeUndefined();
  });
  it('checks uid and resourceVersion preconditions with the API server wording', () => {
    const s = newStore();
    const p = s.create(pods, pod('a'));
    const err = statusOf(() => s.delete(pods, 'default', 'a', { preconditions: { uid: 'nope' } }));
    expect(err.code).toBe(409);
    expect(err.message).toBe(`Operation cannot be fulfilled on pods "a": Precondition failed: UID in precondition: nope, UID in object meta: ${p.metadata.uid}`);
    expect(statusOf(() => s.delete(pods, 'default', 'a', { preconditions: { resourceVersion: '9' } })).message).toContain('ResourceVersion in precondition: 9');
    expect(s.delete(pods, 'default', 'a', { preconditions: { uid: p.metadata.uid } }).removed).toBe(true);
  });
});

describe('ObjectStore list', () => {
  it('filters by namespace, labels and fields and sorts by namespace then name', () => {
    const s = newStore();
    s.create(pods, pod('b', {}, 'ns2'));
    s.create(pods, pod('z', { metadata: { name: 'z', namespace: 'ns1', labels: { app: 'web' } } }));
    s.create(pods, pod('a', { metadata: { name: 'a', namespace: 'ns1', labels: { app: 'db' } } }));
    expect(s.list(pods).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['ns1/a', 'ns1/z', 'ns2/b']);
    expect(s.list(pods, { namespace: 'ns2' }).items).toHaveLength(1);
    expect(s.list(pods, { labelSelector: 'app in (web)' }).items.map((p) => p.metadata.name)).toEqual(['z']);
    expect(s.list(pods, { fieldSelector: 'metadata.namespace!=ns1' }).items.map((p) => p.metadata.name)).toEqual(['b']);
    expect(s.list(pods).resourceVersion).toBe('3');
  });
  it('pages with limit and continue tokens', () => {
    const s = newStore();
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.create(pods, pod(n));
    const first = s.list(pods, { limit: 2 });
    expect(first.items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(first.remainingItemCount).toBe(3);
    const second = s.list(pods, { limit: 2, continue: first.continue });
    const third = s.list(pods, { limit: 2, continue: second.continue });
    expect([...second.items, ...third.items].map((p) => p.metadata.name)).toEqual(['c', 'd', 'e']);
    expect(third.continue).toBeUndefined();
  });
  it('rejects a malformed continue token with 400', () => {
    expect(statusOf(() => newStore().list(pods, { continue: 'garbage' })).code).toBe(400);
  });
});

describe('ObjectStore watch', () => {
  it('sends initial ADDED events for rv 0 then live events', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    const seen: string[] = [];
    s.watch(pods, { resourceVersion: '0' }, (e) => seen.push(`${e.type}:${e.object.metadata.name}`));
    s.create(pods, pod('b'));
    s.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
    expect(seen).toEqual(['ADDED:a', 'ADDED:b']);
  });
  it('gives a shared watcher the stored object itself, frozen, and other watchers a copy of it', () => {
    const s = newStore();
    const shared: KubeObject[] = [];
    const copied: KubeObject[] = [];
    s.watch(pods, { resourceVersion: s.resourceVersion(), shared: true }, (e) => shared.push(e.object));
    s.watch(pods, { resourceVersion: s.resourceVersion() }, (e) => copied.push(e.object));
    s.create(pods, pod('a'));
    expect(shared[0]).toBe(s.peek(pods, 'default', 'a'));
    expect(Object.isFrozen(shared[0].metadata)).toBe(true);
    expect(copied[0]).not.toBe(shared[0]);
    expect(copied[0]).toEqual(shared[0]);
    copied[0].metadata.labels = { changed: 'by-the-watcher' };
    expect(s.peek(pods, 'default', 'a')!.metadata.labels).toBeUndefined();
  });
  it('turns selector transitions into ADDED and DELETED for the watcher', () => {
    const s = newStore();
    const seen: string[] = [];
    let p = s.create(pods, pod('a'));
    s.watch(pods, { resourceVersion: s.resourceVersion(), labelSelector: 'app=web', namespace: 'default' }, (e) => seen.push(e.type));
    p = s.update(pods, { ...p, metadata: { ...p.metadata, labels: { app: 'web' } } });
    p = s.update(pods, { ...p, metadata: { ...p.metadata, labels: { app: 'web', v: '2' } } });
    s.update(pods, { ...p, metadata: { ...p.metadata, labels: { app: 'db' } } });
    s.delete(pods, 'default', 'a');
    expect(seen).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });
  it('replays events after the given resourceVersion on resume', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    const rv = s.resourceVersion();
    s.create(pods, pod('b'));
    s.delete(pods, 'default', 'a');
    const seen: string[] = [];
    s.watch(pods, { resourceVersion: rv }, (e) => seen.push(`${e.type}:${e.object.metadata.name}:${e.object.metadata.resourceVersion}`));
    expect(seen).toEqual(['ADDED:b:2', 'DELETED:a:3']);
  });
  it('answers 410 Expired for a resourceVersion older than the history window', () => {
    const s = newStore({ historySize: 3 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.create(pods, pod(n));
    const err = statusOf(() => s.watch(pods, { resourceVersion: '1' }, () => undefined));
    expect(err.code).toBe(410);
    expect(err.message).toBe('too old resource version: 1 (3)');
    const seen: string[] = [];
    s.watch(pods, { resourceVersion: '2' }, (e) => seen.push(e.object.metadata.name!));
    expect(seen).toEqual(['c', 'd', 'e']);
  });
  it('sends bookmarks only to watchers that allow them', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    const withBm: WatchEvent[] = [];
    const without: WatchEvent[] = [];
    s.watch(pods, { resourceVersion: '1', allowWatchBookmarks: true }, (e) => withBm.push(e));
    s.watch(pods, { resourceVersion: '1' }, (e) => without.push(e));
    s.bookmark();
    expect(withBm).toEqual([{ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '1' } } }]);
    expect(without).toEqual([]);
  });
  it('stops delivering after close and drops a watcher whose callback throws', () => {
    const s = newStore();
    const seen: string[] = [];
    const w = s.watch(pods, {}, (e) => seen.push(e.type));
    s.watch(pods, {}, () => {
      throw new Error('boom');
    });
    s.create(pods, pod('a'));
    w.close();
    s.create(pods, pod('b'));
    expect(seen).toEqual(['ADDED']);
    expect(s.watcherCount()).toBe(0);
  });
});

describe('ObjectStore limits', () => {
  it('refuses objects beyond maxObjects with 403', () => {
    const s = newStore({ maxObjects: 1 });
    s.create(pods, pod('a'));
    const err = statusOf(() => s.create(pods, pod('b')));
    expect(err.code).toBe(403);
    expect(err.message).toBe('exceeded quota: sandbox allows at most 1 objects');
  });
  it('refuses objects larger than 1.5 MiB with 413', () => {
    const s = newStore();
    const big = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'default' }, data: { x: 'a'.repeat(1_600_000) } };
    expect(statusOf(() => s.create(cms, big)).code).toBe(413);
  });
});
