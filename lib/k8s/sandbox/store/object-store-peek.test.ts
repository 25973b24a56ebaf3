import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { KubeObject } from '../types';
import { ObjectStore } from './object-store';
import { seededRandom } from '../controllers/framework/names';

const pods = { group: '', resource: 'pods' };
const pod = (name: string, labels: Record<string, string> = {}, ns = 'default'): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] },
} as KubeObject);
const newStore = () => new ObjectStore({ clock: new ManualClock(Date.UTC(2025, 0, 1)), random: seededRandom(7) });

describe('ObjectStore peek and peekList', () => {
  it('gives the stored object itself, frozen all the way down, so a reader cannot change it', () => {
    const s = newStore();
    s.create(pods, pod('a', { app: 'x' }));
    const seen = s.peek(pods, 'default', 'a')!;
    expect(seen).toBe(s.peek(pods, 'default', 'a'));
    expect(() => { seen.metadata.labels!.app = 'y'; }).toThrow(TypeError);
    expect(() => { (seen.spec as { containers: { image: string }[] }).containers[0].image = 'nginx'; }).toThrow(TypeError);
    expect(s.get(pods, 'default', 'a')!.metadata.labels).toEqual({ app: 'x' });
  });

  it('keeps an object peeked before a write as it was, and peeks the new version after', () => {
    const s = newStore();
    const created = s.create(pods, pod('a', { app: 'x' }));
    const before = s.peek(pods, 'default', 'a')!;
    s.update(pods, { ...created, metadata: { ...created.metadata, labels: { app: 'y' } } });
    expect(before.metadata.labels).toEqual({ app: 'x' });
    expect(s.peek(pods, 'default', 'a')!.metadata).toMatchObject({ labels: { app: 'y' }, resourceVersion: '2' });
  });

  it('still hands out private copies from get, list and watch', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    const got = s.get(pods, 'default', 'a')!;
    got.metadata.labels = { changed: 'yes' };
    expect(Object.isFrozen(s.list(pods).items[0])).toBe(false);
    expect(s.peek(pods, 'default', 'a')!.metadata.labels).toEqual({});
  });

  it('lists what list() lists, in the same order, with the same filters', () => {
    const s = newStore();
    for (const [name, app, ns] of [['c', 'x', 'default'], ['a', 'y', 'default'], ['b', 'x', 'default'], ['a', 'x', 'other']]) s.create(pods, pod(name, { app }, ns));
    for (const opts of [{}, { namespace: 'default' }, { labelSelector: 'app=x' }, { namespace: 'default', labelSelector: 'app=x' }, { fieldSelector: 'metadata.name=a' }]) {
      expect(s.peekList(pods, opts)).toEqual(s.list(pods, opts).items);
    }
    expect(s.peekList(pods, { namespace: 'default' }).map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('forgets a deleted object', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    s.delete(pods, 'default', 'a');
    expect(s.peek(pods, 'default', 'a')).toBeUndefined();
    expect(s.peekList(pods)).toEqual([]);
  });
});

describe('ObjectStore versions share what did not change', () => {
  it('keeps an adopted input as the stored version and returns it, frozen, instead of a copy', () => {
    const s = newStore();
    const input = pod('a');
    const returned = s.create(pods, input, { adopt: true });
    expect(s.peek(pods, 'default', 'a')).toBe(input);
    expect(returned).toBe(input);
    expect(Object.isFrozen(input.spec)).toBe(true);
    expect(() => {
      (returned.metadata as { name?: string }).name = 'b';
    }).toThrow(TypeError);
  });

  it('returns a private copy of what it stored when the input was not adopted', () => {
    const s = newStore();
    const returned = s.create(pods, pod('a'));
    expect(returned).not.toBe(s.peek(pods, 'default', 'a'));
    expect(Object.isFrozen(returned)).toBe(false);
    expect(returned).toEqual(s.peek(pods, 'default', 'a'));
  });

  it('gives a status write a new version that shares the unchanged spec with the old one', () => {
    const s = newStore();
    s.create(pods, pod('a'));
    const v1 = s.peek(pods, 'default', 'a')!;
    s.update(pods, { ...v1, status: { phase: 'Running' } } as KubeObject, { subresource: 'status' });
    const v2 = s.peek(pods, 'default', 'a')!;
    expect(v2.spec).toBe(v1.spec);
    expect(v2.status).toEqual({ phase: 'Running' });
    expect(v1.status).toBeUndefined();
    expect(v2.metadata.resourceVersion).toBe('2');
    expect(v1.metadata.resourceVersion).toBe('1');
  });

  it('hands a dry-run delete of a held object a copy the caller may change', () => {
    const s = newStore();
    s.create(pods, { ...pod('a'), metadata: { ...pod('a').metadata, finalizers: ['x'] } } as KubeObject);
    const { object } = s.delete(pods, 'default', 'a', { dryRun: true, gracePeriodSeconds: 0 });
    object.metadata.labels = { changed: 'yes' };
    expect(s.peek(pods, 'default', 'a')!.metadata.labels).toEqual({});
    expect(s.peek(pods, 'default', 'a')!.metadata.deletionTimestamp).toBeUndefined();
  });
});
