import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { countStatus, isPodUpdated } from './status';

const NOW = Date.UTC(2025, 0, 1, 0, 1);
function pod(name: string, hash: string, ready: boolean, since = '2025-01-01T00:00:00Z', generation = '1'): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, creationTimestamp: '2025-01-01T00:00:00Z', labels: { 'controller-revision-hash': hash, 'pod-template-generation': generation } },
    spec: { nodeName: 'n' },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: since }] },
  };
}

describe('countStatus', () => {
  it('counts desired, current, misscheduled, ready, available and updated per node', () => {
    expect(countStatus([
      { shouldRun: true, pods: [pod('a', 'new', true)] },
      { shouldRun: true, pods: [pod('b', 'old', true)] },
      { shouldRun: true, pods: [pod('c', 'new', false)] },
      { shouldRun: true, pods: [] },
      { shouldRun: false, pods: [pod('e', 'new', true)] },
      { shouldRun: false, pods: [] },
    ], 'new', '2', 0, NOW)).toEqual({
      desiredNumberScheduled: 4, currentNumberScheduled: 3, numberMisscheduled: 1, numberReady: 2, numberAvailable: 2, numberUnavailable: 2, updatedNumberScheduled: 2,
    });
  });

  it('counts a ready pod as available only after minReadySeconds', () => {
    const nodes = [{ shouldRun: true, pods: [pod('a', 'new', true, '2025-01-01T00:00:30Z')] }];
    expect(countStatus(nodes, 'new', undefined, 30, NOW)).toMatchObject({ numberReady: 1, numberAvailable: 1 });
    expect(countStatus(nodes, 'new', undefined, 31, NOW)).toMatchObject({ numberReady: 1, numberAvailable: 0, numberUnavailable: 1 });
  });

  it('treats a pod as updated by hash or, before hashes, by template generation', () => {
    expect(isPodUpdated(pod('a', 'old', true, undefined, '3'), 'new', '3')).toBe(true);
    expect(isPodUpdated(pod('a', 'old', true, undefined, '2'), 'new', '3')).toBe(false);
  });
});
