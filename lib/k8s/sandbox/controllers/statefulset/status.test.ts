import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { completeRollingUpdate, countReplicas, statusJson } from './status';
import type { StatefulSetStatus } from './set-types';

const zero: StatefulSetStatus = {
  observedGeneration: 2, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0,
  currentRevision: 'web-old', updateRevision: 'web-new', collisionCount: 0,
};
const NOW = Date.parse('2025-01-01T00:01:00Z');

function pod(name: string, rev: string, phase: string, readySince?: string, deleting = false): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { 'controller-revision-hash': rev }, ...(deleting ? { deletionTimestamp: '2025-01-01T00:01:30Z' } : {}) },
    status: { phase, conditions: readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] : [] },
  };
}

describe('StatefulSet status arithmetic', () => {
  it('counts created, ready, available, current and updated pods; terminating ones are neither current nor updated', () => {
    const s = countReplicas(zero, [
      pod('web-0', 'web-old', 'Running', '2025-01-01T00:00:00Z'),
      pod('web-1', 'web-new', 'Running', '2025-01-01T00:00:55Z'),
      pod('web-2', 'web-old', 'Running', '2025-01-01T00:00:00Z', true),
      pod('web-3', 'web-new', 'Pending'),
    ], 10, NOW);
    expect(s).toMatchObject({ replicas: 4, readyReplicas: 3, availableReplicas: 2, currentReplicas: 1, updatedReplicas: 2 });
  });

  it('completes a RollingUpdate only when every replica is updated and ready', () => {
    const set: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate' } } };
    const done = { ...zero, replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 0 };
    expect(completeRollingUpdate(set, done)).toMatchObject({ currentRevision: 'web-new', currentReplicas: 3 });
    expect(completeRollingUpdate(set, { ...done, readyReplicas: 2 })).toMatchObject({ currentRevision: 'web-old' });
    const onDelete = { ...set, spec: { replicas: 3, updateStrategy: { type: 'OnDelete' } } };
    expect(completeRollingUpdate(onDelete, done)).toMatchObject({ currentRevision: 'web-old' });
  });

  it('omits zero counters except replicas and availableReplicas, and keeps collisionCount 0', () => {
    expect(statusJson({ ...zero, replicas: 1, currentReplicas: 1 })).toEqual({
      observedGeneration: 2, replicas: 1, currentReplicas: 1, currentRevision: 'web-old', updateRevision: 'web-new', collisionCount: 0, availableReplicas: 0,
    });
  });
});
