import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { KubeObject, WatchEvent } from '../types';
import { DEFAULT_MAX_HISTORY_BYTES, ObjectStore } from './object-store';
import { seededRandom } from '../controllers/framework/names';
import { catchStatusError } from '../status-error.testing';

const cms = { group: '', resource: 'configmaps' };
const pods = { group: '', resource: 'pods' };
const newStore = (opts: { maxHistoryBytes?: number; historySize?: number } = {}) => new ObjectStore({ clock: new ManualClock(Date.UTC(2025, 0, 1)), random: seededRandom(7), ...opts });
const cm = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data } as KubeObject);

describe('ObjectStore watch history budget in bytes', () => {
  it('charges each event about the JSON bytes its version adds', () => {
    const s = newStore();
    s.create(cms, cm('a', { big: 'x'.repeat(100_000) }));
    const { bytes } = s.historyUsage();
    expect(bytes).toBeGreaterThan(100_000);
    expect(bytes).toBeLessThan(101_000);
  });

  it('charges a status-only write only for the status, not the spec it shares with the stored version', () => {
    const s = newStore();
    s.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x'.repeat(50_000) }] } } as KubeObject);
    const before = s.historyUsage().bytes;
    s.update(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, status: { phase: 'Running' } } as KubeObject, { subresource: 'status' });
    expect(s.historyUsage().bytes - before).toBeLessThan(1_000);
  });

  it('drops the oldest events past the byte budget and answers 410 to a watch resuming before them', () => {
    const s = newStore({ maxHistoryBytes: 1_000_000 });
    s.create(cms, cm('big', { v: '0' }));
    for (let i = 1; i <= 100; i++) s.update(cms, cm('big', { v: `${i}`.padEnd(100_000, '.') }), { subresource: 'all' });
    const usage = s.historyUsage();
    expect(usage.bytes).toBeLessThanOrEqual(1_000_000);
    expect(usage.events).toBeLessThan(11);
    const err = catchStatusError(() => s.watch(cms, { resourceVersion: '5' }, () => undefined));
    expect(err.code).toBe(410);
    expect(err.message).toMatch(/^too old resource version: 5 \(\d+\)$/);
  });

  it('still replays what is inside the budget to a watch resuming from a recent resourceVersion', () => {
    const s = newStore({ maxHistoryBytes: 1_000_000 });
    s.create(cms, cm('big', { v: '0' }));
    for (let i = 1; i <= 100; i++) s.update(cms, cm('big', { v: `${i}`.padEnd(100_000, '.') }), { subresource: 'all' });
    const rv = Number(s.resourceVersion());
    const seen: WatchEvent[] = [];
    s.watch(cms, { resourceVersion: String(rv - 3) }, (e) => seen.push(e)).close();
    expect(seen.map((e) => e.object.metadata.resourceVersion)).toEqual([String(rv - 2), String(rv - 1), String(rv)]);
  });

  it('keeps the count window for small objects: 10,000 ordinary events fit in the default budget', () => {
    const s = newStore();
    s.create(cms, cm('small', { v: '0' }));
    for (let i = 1; i <= 10_000; i++) s.update(cms, cm('small', { v: String(i) }), { subresource: 'all' });
    const usage = s.historyUsage();
    expect(usage.events).toBeGreaterThanOrEqual(10_000);
    expect(usage.bytes).toBeLessThan(DEFAULT_MAX_HISTORY_BYTES);
    expect(() => s.watch(cms, { resourceVersion: '2' }, () => undefined).close()).not.toThrow();
  });
});

describe('ObjectStore stored bytes budget', () => {
  const storeWith = (maxStoredBytes: number) => new ObjectStore({ clock: new ManualClock(0), maxStoredBytes });

  it('refuses a create that would grow the stored objects past the budget with 403 exceeded quota', () => {
    const s = storeWith(300_000);
    s.create(cms, cm('a', { v: 'x'.repeat(200_000) }));
    const err = catchStatusError(() => s.create(cms, cm('b', { v: 'x'.repeat(200_000) })));
    expect(err.code).toBe(403);
    expect(err.message).toMatch(/^exceeded quota: sandbox-object-bytes, requested: bytes=\d+, used: bytes=\d+, limited: bytes=300000 \(/);
    expect(s.get(cms, 'default', 'b')).toBeUndefined();
    expect(s.storedUsage().bytes).toBeLessThanOrEqual(300_000);
  });

  it('lets shrinking updates and deletes through when full, and frees what a delete removes', () => {
    const s = storeWith(300_000);
    s.create(cms, cm('a', { v: 'x'.repeat(290_000) }));
    expect(() => s.update(cms, cm('a', { v: 'x'.repeat(310_000) }), { subresource: 'all' })).toThrow(/exceeded quota/);
    s.update(cms, cm('a', { v: 'small' }), { subresource: 'all' });
    expect(s.storedUsage().bytes).toBeLessThan(1_000);
    s.create(cms, cm('b', { v: 'x'.repeat(250_000) }));
    s.delete(cms, 'default', 'b');
    expect(s.storedUsage().bytes).toBeLessThan(1_000);
  });

  it('counts a status write by the whole new version, shared parts included', () => {
    const s = storeWith(10_000_000);
    s.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x'.repeat(50_000) }] } } as KubeObject);
    const before = s.storedUsage().bytes;
    s.update(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, status: { phase: 'Running' } } as KubeObject, { subresource: 'status' });
    expect(s.storedUsage().bytes - before).toBeGreaterThan(0);
    expect(s.storedUsage().bytes - before).toBeLessThan(100);
    expect(s.storedUsage().bytes).toBeGreaterThan(50_000);
  });
});
