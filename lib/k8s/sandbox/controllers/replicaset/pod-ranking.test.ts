import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { compareForDeletion, deletionCost, podsToDelete } from './pod-ranking';

const NOW = Date.parse('2025-01-01T01:00:00Z');

interface PodOpts {
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  cost?: string;
  restarts?: number;
  created?: string;
  uid?: string;
  deleting?: boolean;
}

function pod(name: string, o: PodOpts = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: o.created ?? '2025-01-01T00:00:00Z',
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
      ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:59:00Z' } : {}),
    },
    spec: { ...(o.node === '' ? {} : { nodeName: o.node ?? 'worker-1' }) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: (o.ready ?? true) ? 'True' : 'False', lastTransitionTime: o.readySince ?? '2025-01-01T00:00:00Z' }],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

const first = (a: KubeObject, b: KubeObject, rankA = 0, rankB = 0) => compareForDeletion({ pod: a, rank: rankA }, { pod: b, rank: rankB }, NOW) < 0;

describe('compareForDeletion', () => {
  it.each([
    ['an unassigned pod before an assigned one', pod('a', { node: '', phase: 'Pending', ready: false }), pod('b')],
    ['a Pending pod before an Unknown one', pod('a', { phase: 'Pending' }), pod('b', { phase: 'Unknown' })],
    ['an Unknown pod before a Running one', pod('a', { phase: 'Unknown' }), pod('b')],
    ['a not-ready pod before a ready one', pod('a', { ready: false }), pod('b')],
    ['a lower deletion cost before a higher one', pod('a', { cost: '-5' }), pod('b')],
    ['the more recently ready pod first (ready 1m vs 59m ago)', pod('a', { readySince: '2025-01-01T00:59:00Z' }), pod('b', { readySince: '2025-01-01T00:01:00Z' })],
    ['more restarts first', pod('a', { restarts: 3 }), pod('b', { restarts: 1 })],
    ['the newer pod first (30s vs 50m old)', pod('a', { created: '2025-01-01T00:59:30Z' }), pod('b', { created: '2025-01-01T00:10:00Z' })],
    ['the lower UID when ages fall in the same power of two', pod('a', { created: '2025-01-01T00:40:00Z', uid: '1' }), pod('b', { created: '2025-01-01T00:39:00Z', uid: '2' })],
  ])('deletes %s', (_why, a, b) => {
    expect(first(a, b)).toBe(true);
    expect(first(b, a)).toBe(false);
  });

  it('deletes a pod sharing its node with more related pods first', () => {
    expect(first(pod('a'), pod('b'), 3, 1)).toBe(true);
    expect(first(pod('a'), pod('b'), 1, 3)).toBe(false);
  });

  it('lets deletion cost outrank restarts and age', () => {
    expect(first(pod('a', { cost: '1', restarts: 9, created: '2025-01-01T00:59:59Z' }), pod('b'))).toBe(false);
  });
});

describe('deletionCost', () => {
  it.each([
    [undefined, 0], ['100', 100], ['-3', -3], ['abc', 0], ['2147483648', 0],
  ])('reads %s as %d', (raw, want) => {
    expect(deletionCost(pod('p', raw === undefined ? {} : { cost: raw }))).toBe(want);
  });
});

describe('podsToDelete', () => {
  it('picks the doubled-up pod when every other rule ties', () => {
    const a = pod('a', { node: 'worker-1' });
    const b = pod('b', { node: 'worker-2' });
    const sibling = pod('c', { node: 'worker-2' });
    expect(podsToDelete([a, b], [a, b, sibling], 1, NOW).map((p) => p.metadata.name)).toEqual(['b']);
  });

  it('ignores related pods being deleted when ranking', () => {
    const a = pod('a', { node: 'worker-1', created: '2025-01-01T00:59:30Z' });
    const b = pod('b', { node: 'worker-2' });
    const leaving = pod('c', { node: 'worker-2', deleting: true });
    expect(podsToDelete([a, b], [a, b, leaving], 1, NOW).map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('returns every pod when asked to delete at least as many', () => {
    expect(podsToDelete([pod('a'), pod('b')], [], 5, NOW)).toHaveLength(2);
  });
});
