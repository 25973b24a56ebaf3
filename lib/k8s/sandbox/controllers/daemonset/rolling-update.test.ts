import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { planRollingUpdate, rollingLimits, type EligibleNode } from './rolling-update';

const NOW = Date.UTC(2025, 0, 1, 0, 10);
function pod(name: string, hash: string, ready: boolean): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { 'controller-revision-hash': hash } },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
  };
}
const node = (name: string, ...pods: KubeObject[]): EligibleNode => ({ name, pods });
const plan = (nodes: EligibleNode[], maxUnavailable: number, maxSurge = 0) => planRollingUpdate({ nodes, hash: 'new', maxUnavailable, maxSurge, minReadySeconds: 0, nowMs: NOW });

describe('planRollingUpdate without surge', () => {
  it('deletes one available old pod when maxUnavailable is 1', () => {
    expect(plan([node('a', pod('a1', 'old', true)), node('b', pod('b1', 'old', true))], 1)).toEqual({ deletePods: ['a1'], createOnNodes: [] });
  });

  it('waits while a new pod is not yet available', () => {
    expect(plan([node('a', pod('a2', 'new', false)), node('b', pod('b1', 'old', true))], 1)).toEqual({ deletePods: [], createOnNodes: [] });
  });

  it('counts a node without a pod as unavailable', () => {
    expect(plan([node('a'), node('b', pod('b1', 'old', true))], 1)).toEqual({ deletePods: [], createOnNodes: [] });
  });

  it('always replaces old pods that are unavailable anyway', () => {
    expect(plan([node('a', pod('a2', 'new', false)), node('b', pod('b1', 'old', false)), node('c', pod('c1', 'old', true))], 1)).toEqual({ deletePods: ['b1'], createOnNodes: [] });
  });

  it('deletes up to maxUnavailable old pods at once', () => {
    expect(plan([node('a', pod('a1', 'old', true)), node('b', pod('b1', 'old', true)), node('c', pod('c1', 'old', true))], 2).deletePods).toEqual(['a1', 'b1']);
  });
});

describe('planRollingUpdate with surge', () => {
  it('creates new pods next to old ones on up to maxSurge nodes', () => {
    expect(plan([node('a', pod('a1', 'old', true)), node('b', pod('b1', 'old', true))], 0, 1)).toEqual({ deletePods: [], createOnNodes: ['a'] });
  });

  it('deletes the old pod once its replacement is available', () => {
    expect(plan([node('a', pod('a1', 'old', true), pod('a2', 'new', true)), node('b', pod('b1', 'old', true))], 0, 1)).toEqual({ deletePods: ['a1'], createOnNodes: ['b'] });
  });

  it('holds while the surged pod is not available', () => {
    expect(plan([node('a', pod('a1', 'old', true), pod('a2', 'new', false)), node('b', pod('b1', 'old', true))], 0, 1)).toEqual({ deletePods: [], createOnNodes: [] });
  });
});

describe('rollingLimits', () => {
  it.each<[string, { maxUnavailable?: number | string; maxSurge?: number | string } | undefined, number, { maxUnavailable: number; maxSurge: number }]>([
    ['defaults to one unavailable and no surge', undefined, 3, { maxUnavailable: 1, maxSurge: 0 }],
    ['percentages round up', { maxUnavailable: '50%', maxSurge: 0 }, 3, { maxUnavailable: 2, maxSurge: 0 }],
    ['both zero becomes one unavailable', { maxUnavailable: 0, maxSurge: 0 }, 3, { maxUnavailable: 1, maxSurge: 0 }],
    ['surge as a percentage', { maxUnavailable: 0, maxSurge: '34%' }, 3, { maxUnavailable: 0, maxSurge: 2 }],
  ])('%s', (_name, ru, desired, want) => {
    expect(rollingLimits(ru, desired)).toEqual(want);
  });
});
