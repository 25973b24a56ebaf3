import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { equalIgnoreHash, findActiveOrLatest, findNewReplicaSet, newRSNewReplicas, proportionalSizes } from './replica-sets';

const template = (image: string, labels: Record<string, string> = { app: 'web' }) => ({ metadata: { labels }, spec: { containers: [{ name: 'web', image }] } });

function deployment(replicas: number, rollingUpdate: object = { maxSurge: 1, maxUnavailable: 0 }, status: object = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, template: template('nginx:1.27'), strategy: { type: 'RollingUpdate', rollingUpdate } }, status };
}

function rs(name: string, replicas: number, created: string, extra: { image?: string; max?: number } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, uid: name, creationTimestamp: created, annotations: extra.max !== undefined ? { 'deployment.kubernetes.io/max-replicas': String(extra.max) } : {} },
    spec: { replicas, template: template(extra.image ?? 'nginx:1.26', { app: 'web', 'pod-template-hash': name }) },
  };
}

describe('equalIgnoreHash', () => {
  it('ignores the pod-template-hash label, and an empty label map equals none', () => {
    expect(equalIgnoreHash(template('a', { app: 'x', 'pod-template-hash': 'h' }), template('a', { app: 'x' }))).toBe(true);
    expect(equalIgnoreHash({ metadata: { labels: { 'pod-template-hash': 'h' } }, spec: {} }, { metadata: {}, spec: {} })).toBe(true);
    expect(equalIgnoreHash(template('a'), template('b'))).toBe(false);
  });
});

describe('findNewReplicaSet', () => {
  it('picks the oldest ReplicaSet whose template matches', () => {
    const d = deployment(3);
    const found = findNewReplicaSet(d, [rs('b', 0, '2025-01-01T00:02:00Z', { image: 'nginx:1.27' }), rs('a', 0, '2025-01-01T00:01:00Z', { image: 'nginx:1.27' }), rs('c', 3, '2025-01-01T00:00:00Z')]);
    expect(found?.metadata.name).toBe('a');
  });
});

describe('newRSNewReplicas', () => {
  it('surges by maxSurge over the total but not past the desired count', () => {
    const d = deployment(3);
    const fresh = rs('new', 0, '2025-01-01T00:01:00Z');
    expect(newRSNewReplicas(d, [rs('old', 3, '2025-01-01T00:00:00Z'), fresh], fresh)).toBe(1);
    expect(newRSNewReplicas(deployment(3, { maxSurge: '100%', maxUnavailable: 0 }), [rs('old', 3, '2025-01-01T00:00:00Z'), fresh], fresh)).toBe(3);
    const one = rs('new', 1, '2025-01-01T00:01:00Z');
    expect(newRSNewReplicas(d, [rs('old', 3, '2025-01-01T00:00:00Z'), one], one)).toBe(1);
  });
});

describe('findActiveOrLatest', () => {
  it('returns the only active ReplicaSet, the newest when none is active, nothing when several are', () => {
    const old = rs('old', 0, '2025-01-01T00:00:00Z');
    const newer = rs('newer', 0, '2025-01-01T00:01:00Z');
    expect(findActiveOrLatest(undefined, [old, newer])?.metadata.name).toBe('newer');
    expect(findActiveOrLatest(rs('n', 0, '2025-01-01T00:02:00Z'), [rs('o', 2, '2025-01-01T00:00:00Z')])?.metadata.name).toBe('o');
    expect(findActiveOrLatest(rs('n', 1, '2025-01-01T00:02:00Z'), [rs('o', 2, '2025-01-01T00:00:00Z')])).toBeUndefined();
  });
});

describe('proportionalSizes', () => {
  it('spreads a scale-up from 10 to 15 mid-rollout in proportion to each ReplicaSet', () => {
    // 10 replicas with maxSurge 3 allowed 13 pods: 8 old + 5 new, both annotated max 13.
    const d = deployment(15, { maxSurge: 3, maxUnavailable: 2 });
    const sizes = proportionalSizes(d, [rs('old', 8, '2025-01-01T00:00:00Z', { max: 13 }), rs('new', 5, '2025-01-01T00:01:00Z', { max: 13 })]);
    expect(sizes.map((s) => `${s.rs.metadata.name}=${s.size}`)).toEqual(['old=11', 'new=7']);
  });

  it('gives the rounding leftover to the largest ReplicaSet when scaling down', () => {
    const d = deployment(5, { maxSurge: 1, maxUnavailable: 0 });
    const sizes = proportionalSizes(d, [rs('a', 5, '2025-01-01T00:00:00Z', { max: 11 }), rs('b', 6, '2025-01-01T00:01:00Z', { max: 11 })]);
    expect(sizes.map((s) => `${s.rs.metadata.name}=${s.size}`)).toEqual(['b=3', 'a=3']);
    expect(sizes.reduce((n, s) => n + s.size, 0)).toBe(6);
  });
});
