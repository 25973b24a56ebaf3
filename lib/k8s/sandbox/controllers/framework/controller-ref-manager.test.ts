import { describe, expect, it } from 'vitest';
import { GR } from '../../registry/group-resources';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import type { KubeObject } from '../../types';
import { claimObjects, newControllerRef } from './controller-ref-manager';

const rsObject = (name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

const podObject = (name: string, labels: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels, ...extra },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

function claim(sim: SimCluster, owner: KubeObject, finalizers?: string[]): KubeObject[] {
  const candidates = sim.client.list(GR.pods, { namespace: 'default' });
  return claimObjects({ client: sim.client, gr: GR.pods, owner, match: (p) => p.metadata.labels?.app === 'web', finalizers }, candidates);
}

describe('the ControllerRefManager', () => {
  it('builds the controller reference as metav1.NewControllerRef does', () => {
    expect(newControllerRef({ metadata: { name: 'web', uid: 'u1' } }, { apiVersion: 'apps/v1', kind: 'ReplicaSet' })).toEqual({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true,
    });
  });

  it('adopts a matching orphan (with the given finalizers), keeps what it owns, and leaves other controllers\' objects and non-matching orphans alone', () => {
    const sim = simCluster({ components: () => [] });
    try {
      const rs = sim.apply(rsObject('web'));
      const other = sim.apply(rsObject('other'));
      sim.apply(podObject('orphan', { app: 'web' }));
      sim.apply(podObject('stranger', { app: 'db' }));
      sim.apply(podObject('theirs', { app: 'web' }, { ownerReferences: [newControllerRef(other, other)] }));
      const claimed = claim(sim, rs, ['example.com/tracking']);
      expect(claimed.map((p) => p.metadata.name)).toEqual(['orphan']);
      const adopted = sim.get(GR.pods, 'default', 'orphan')!;
      expect(adopted.metadata.ownerReferences).toEqual([newControllerRef(rs, rs)]);
      expect(adopted.metadata.finalizers).toEqual(['example.com/tracking']);
      expect(sim.get(GR.pods, 'default', 'stranger')!.metadata.ownerReferences).toBeUndefined();
      expect(claim(sim, rs).map((p) => p.metadata.name)).toEqual(['orphan']);
    } finally {
      sim.close();
    }
  });

  it('releases an owned object that stopped matching, unless the owner is being deleted', () => {
    const sim = simCluster({ components: () => [] });
    try {
      const rs = sim.apply(rsObject('web'));
      sim.apply(podObject('relabelled', { app: 'db' }, { ownerReferences: [newControllerRef(rs, rs)] }));
      const deleting = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } };
      expect(claim(sim, deleting)).toEqual([]);
      expect(sim.get(GR.pods, 'default', 'relabelled')!.metadata.ownerReferences).toHaveLength(1);
      expect(claim(sim, rs)).toEqual([]);
      expect(sim.get(GR.pods, 'default', 'relabelled')!.metadata.ownerReferences).toBeUndefined();
    } finally {
      sim.close();
    }
  });

  it('adopts nothing when the owner, read again, is gone or replaced (the can-adopt recheck)', () => {
    const sim = simCluster({ components: () => [] });
    try {
      const rs = sim.apply(rsObject('web'));
      sim.apply(podObject('orphan', { app: 'web' }));
      sim.client.delete(GR.replicasets, 'default', 'web');
      sim.apply(rsObject('web'));
      expect(claim(sim, rs)).toEqual([]);
      expect(sim.get(GR.pods, 'default', 'orphan')!.metadata.ownerReferences).toBeUndefined();
    } finally {
      sim.close();
    }
  });
});
