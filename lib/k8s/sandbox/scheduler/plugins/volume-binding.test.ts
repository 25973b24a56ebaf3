import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { node, pod, snapshot } from '../fixtures.testing';
import { filterVolumeBinding, podClaims, type PodClaims } from './volume-binding';

const claim = (name: string, opts: { class?: string; volumeName?: string; bound?: boolean; deleting?: boolean } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(opts.class !== undefined ? { storageClassName: opts.class } : {}), ...(opts.volumeName ? { volumeName: opts.volumeName } : {}) },
  status: { phase: opts.bound ? 'Bound' : 'Pending' },
});
const classes: Record<string, KubeObject> = {
  standard: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
  fast: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast', volumeBindingMode: 'Immediate' },
  local: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' },
};
const pinnedPv = (name: string, host: string): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'standard', nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } } },
});
const using = (...claims: string[]) => pod('p', { volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) });

function lookup(claims: KubeObject[], pvs: KubeObject[] = []) {
  return snapshot([], [], { pvc: (_ns, n) => claims.find((c) => c.metadata.name === n), storageClass: (n) => classes[n], pvs: () => pvs });
}

describe('VolumeBinding PreFilter', () => {
  it.each([
    ['a missing claim', [], ['persistentvolumeclaim "data" not found']],
    ['a claim being deleted', [claim('data', { class: 'standard', deleting: true })], ['persistentvolumeclaim "data" is being deleted']],
    ['an unbound Immediate claim', [claim('data', { class: 'fast' })], ['pod has unbound immediate PersistentVolumeClaims']],
    ['an unbound claim without a class binds immediately too', [claim('data', { class: '' })], ['pod has unbound immediate PersistentVolumeClaims']],
  ])('rejects the pod for %s', (_name, claims, reasons) => {
    const r = podClaims(using('data'), lookup(claims));
    expect('reasons' in r ? r.reasons : r).toEqual(reasons);
  });

  it('sorts bound and WaitForFirstConsumer claims', () => {
    const r = podClaims(using('a', 'b'), lookup([claim('a', { class: 'standard', volumeName: 'pv-a', bound: true }), claim('b', { class: 'standard' })])) as PodClaims;
    expect([r.bound.map((c) => c.metadata.name), r.delayed.map((c) => c.metadata.name)]).toEqual([['a'], ['b']]);
  });
});

describe('VolumeBinding Filter', () => {
  it.each([
    ['a bound local volume allows its own node', { bound: [claim('a', { volumeName: 'pv-a', bound: true })], delayed: [] }, 'worker-1', undefined],
    ['a bound local volume rules out other nodes', { bound: [claim('a', { volumeName: 'pv-a', bound: true })], delayed: [] }, 'worker-2', ['node(s) had volume node affinity conflict']],
    ['a provisioner can make a volume anywhere', { bound: [], delayed: [claim('b', { class: 'standard' })] }, 'worker-2', undefined],
    ['without a provisioner a matching volume is needed', { bound: [], delayed: [claim('b', { class: 'local' })] }, 'worker-2', ["node(s) didn't find available persistent volumes to bind"]],
  ])('%s', (_name, claims, target, reasons) => {
    const snap = lookup([], [pinnedPv('pv-a', 'worker-1')]);
    expect(filterVolumeBinding(claims, node(target), snap)?.reasons).toEqual(reasons);
  });
});
