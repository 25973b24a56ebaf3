import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { maxRevision, setNewReplicaSetAnnotations } from './annotations';

const obj = (annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'X', metadata: { name: 'x', ...(annotations ? { annotations } : {}) } });

describe('setNewReplicaSetAnnotations', () => {
  it('gives a new ReplicaSet the revision, desired and max replicas, and the Deployment annotations except the skipped ones', () => {
    const d = obj({ 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    const rs = obj();
    expect(setNewReplicaSetAnnotations(d, rs, 2, false, 3, 4)).toBe(true);
    expect(rs.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'v2',
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
  });

  it('records the old revision in revision-history when a rollback makes an old ReplicaSet new again', () => {
    const rs = obj({ 'deployment.kubernetes.io/revision': '1' });
    expect(setNewReplicaSetAnnotations(obj(), rs, 3, true, 3, 4)).toBe(true);
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    setNewReplicaSetAnnotations(obj(), rs, 5, true, 3, 4);
    expect(rs.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1,3');
  });

  it('never lowers a revision and reports no change for an up-to-date ReplicaSet', () => {
    const rs = obj({ 'deployment.kubernetes.io/revision': '4' });
    expect(setNewReplicaSetAnnotations(obj(), rs, 3, true, 3, 4)).toBe(false);
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '4' });
  });
});

describe('maxRevision', () => {
  it('skips missing and unparsable revisions', () => {
    expect(maxRevision([obj({ 'deployment.kubernetes.io/revision': '2' }), obj(), obj({ 'deployment.kubernetes.io/revision': 'x' })])).toBe(2);
  });
});
