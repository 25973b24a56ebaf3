import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { ObjectStore } from '../../store/object-store';
import type { KubeObject } from '../../types';
import { seededRandom } from '../framework/names';
import { GarbageCollector } from './garbage-collector';

const cms = { group: '', resource: 'configmaps' };

function configMap(name: string, owner?: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true }] } : {}) },
  };
}

function setup(): { store: ObjectStore; gc: GarbageCollector } {
  const store = new ObjectStore({ clock: new ManualClock(Date.UTC(2025, 0, 1)), random: seededRandom(3) });
  // Sweeps run as soon as they are asked for, so each write's cascade is done when it returns.
  const gc = new GarbageCollector(store, (fn) => fn());
  gc.start();
  return { store, gc };
}

describe('GarbageCollector', () => {
  it('deletes the dependents of a deleted owner in the background', () => {
    const { store } = setup();
    const owner = store.create(cms, configMap('owner'));
    store.create(cms, configMap('a', owner));
    store.create(cms, configMap('b', owner));
    store.delete(cms, 'default', 'owner');
    expect(store.list(cms).items.map((o) => o.metadata.name)).toEqual([]);
  });

  it('forgets owners and dependents once they are gone, so a long-running cluster does not grow its graph', () => {
    const { store, gc } = setup();
    for (let round = 0; round < 50; round++) {
      const owner = store.create(cms, configMap(`owner-${round}`));
      store.create(cms, configMap(`pod-${round}-a`, owner));
      store.create(cms, configMap(`pod-${round}-b`, owner));
      store.delete(cms, 'default', `owner-${round}`);
    }
    expect(store.count(cms)).toBe(0);
    expect(gc.graphSize()).toEqual({ objects: 0, owners: 0 });
  });

  it('keeps a dependent that still has another owner, without the dangling reference', () => {
    const { store } = setup();
    const first = store.create(cms, configMap('first'));
    const second = store.create(cms, configMap('second'));
    const both = configMap('shared', first);
    both.metadata.ownerReferences!.push({ apiVersion: 'v1', kind: 'ConfigMap', name: 'second', uid: second.metadata.uid! });
    store.create(cms, both);
    store.delete(cms, 'default', 'first');
    expect(store.get(cms, 'default', 'shared')!.metadata.ownerReferences!.map((r) => r.name)).toEqual(['second']);
  });

  it('leaves Events out, as upstream\'s collector does: an Event that names a deleted owner stays until its TTL', () => {
    const { store, gc } = setup();
    const owner = store.create(cms, configMap('owner'));
    const ownerRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true };
    for (const gr of [{ group: '', resource: 'events' }, { group: 'events.k8s.io', resource: 'events' }]) {
      store.create(gr, { apiVersion: gr.group ? 'events.k8s.io/v1' : 'v1', kind: 'Event', metadata: { name: 'owner.1', namespace: 'default', ownerReferences: [ownerRef] } });
    }
    store.create(cms, configMap('dependent', owner));
    expect(gc.graphSize().objects).toBe(2);
    store.delete(cms, 'default', 'owner');
    expect(store.list(cms).items).toEqual([]);
    expect(store.count({ group: '', resource: 'events' })).toBe(1);
    expect(store.count({ group: 'events.k8s.io', resource: 'events' })).toBe(1);
  });
});
