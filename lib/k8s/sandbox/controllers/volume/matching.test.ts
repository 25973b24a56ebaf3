import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { findBestMatch, nodeAffinityAllows } from './matching';

const claim = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default', uid: 'c1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '', volumeMode: 'Filesystem', ...spec },
});
const pv = (name: string, spec: Record<string, unknown> = {}, phase = 'Available', labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, ...(labels ? { labels } : {}) },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', volumeMode: 'Filesystem', ...spec },
  status: { phase },
});
const node = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
const onNode = (n: string) => ({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } } });
const names = (v: KubeObject | undefined) => v?.metadata.name;
const now = { delayBinding: false };

describe('matching a claim to an existing PersistentVolume', () => {
  it('picks the smallest Available volume that is large enough', () => {
    const vols = [pv('big', { capacity: { storage: '10Gi' } }), pv('small', { capacity: { storage: '500Mi' } }), pv('fit', { capacity: { storage: '2Gi' } })];
    expect(names(findBestMatch(claim(), vols, now))).toBe('fit');
  });

  it.each([
    ['another class', pv('v', { storageClassName: 'fast' })],
    ['too few access modes', pv('v', { accessModes: ['ReadOnlyMany'] })],
    ['a claimRef to someone else', pv('v', { claimRef: { namespace: 'default', name: 'other' } })],
    ['a Released phase', pv('v', {}, 'Released')],
    ['Block mode', pv('v', { volumeMode: 'Block' })],
  ])('skips a volume with %s', (_why, v) => {
    expect(findBestMatch(claim(), [v], now)).toBeUndefined();
  });

  it('accepts a superset of the requested access modes and honours the claim selector', () => {
    expect(names(findBestMatch(claim(), [pv('rwx', { accessModes: ['ReadWriteOnce', 'ReadWriteMany'] })], now))).toBe('rwx');
    const sel = claim({ selector: { matchLabels: { disk: 'ssd' } } });
    expect(names(findBestMatch(sel, [pv('hdd', {}, 'Available', { disk: 'hdd' }), pv('ssd', {}, 'Available', { disk: 'ssd' })], now))).toBe('ssd');
  });

  it('prefers a volume pre-bound to the claim, even under delayed binding', () => {
    const pre = pv('pre', { claimRef: { namespace: 'default', name: 'data' } }, 'Available');
    expect(names(findBestMatch(claim(), [pv('free'), pre], { delayBinding: true }))).toBe('pre');
  });

  it('leaves unbound volumes to the scheduler under delayed binding until a node is selected', () => {
    const v = pv('local', onNode('worker-2'));
    expect(findBestMatch(claim(), [v], { delayBinding: true })).toBeUndefined();
    expect(findBestMatch(claim(), [v], { delayBinding: true, node: node('worker-1') })).toBeUndefined();
    expect(names(findBestMatch(claim(), [v], { delayBinding: true, node: node('worker-2') }))).toBe('local');
  });

  it('reads node affinity terms as OR of ANDed requirements', () => {
    expect(nodeAffinityAllows(pv('v', onNode('worker-1')), node('worker-1'))).toBe(true);
    expect(nodeAffinityAllows(pv('v', onNode('worker-1')), node('worker-3'))).toBe(false);
    expect(nodeAffinityAllows(pv('v'), node('worker-3'))).toBe(true);
  });
});
