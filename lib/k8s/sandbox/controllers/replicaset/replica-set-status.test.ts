import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { calculateReplicaSetStatus } from './replica-set-status';

const NOW = Date.parse('2025-01-01T00:01:00Z');
const ISO = '2025-01-01T00:01:00Z';

function rs(status?: object, spec: object = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 3, template: { metadata: { labels: { app: 'web', tier: 'fe' } } }, ...spec },
    ...(status ? { status } : {}),
  };
}

function pod(labels: Record<string, string>, ready: boolean, readySince = '2025-01-01T00:00:00Z'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { labels }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readySince }] } };
}

describe('calculateReplicaSetStatus', () => {
  it('counts fully labelled, ready and available pods and omits zero counts but not replicas', () => {
    const pods = [pod({ app: 'web', tier: 'fe' }, true), pod({ app: 'web' }, true, '2025-01-01T00:00:55Z'), pod({ app: 'web', tier: 'fe' }, false)];
    expect(calculateReplicaSetStatus({ rs: rs(undefined, { minReadySeconds: 10 }), pods, nowMs: NOW, nowIso: ISO })).toEqual({
      replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2,
    });
    expect(calculateReplicaSetStatus({ rs: rs(), pods: [], nowMs: NOW, nowIso: ISO })).toEqual({ replicas: 0, observedGeneration: 2 });
  });

  it('adds ReplicaFailure FailedCreate once, keeps its time while the error lasts, and drops it when a sync succeeds', () => {
    const err = new Error("exceeded the sandbox cluster's pod limit (3)");
    const first = calculateReplicaSetStatus({ rs: rs(), pods: [], manageError: err, nowMs: NOW, nowIso: ISO });
    expect(first.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: ISO, reason: 'FailedCreate', message: err.message }]);
    const again = calculateReplicaSetStatus({ rs: rs(first), pods: [], manageError: new Error('other'), nowMs: NOW + 5000, nowIso: '2025-01-01T00:01:05Z' });
    expect(again.conditions).toEqual(first.conditions);
    expect(calculateReplicaSetStatus({ rs: rs(first), pods: [], nowMs: NOW, nowIso: ISO }).conditions).toBeUndefined();
  });

  it('names a failure with too many pods FailedDelete', () => {
    const pods = [pod({}, true), pod({}, true), pod({}, true), pod({}, true)];
    const s = calculateReplicaSetStatus({ rs: rs(), pods, manageError: new Error('boom'), nowMs: NOW, nowIso: ISO });
    expect(s.conditions?.[0]).toMatchObject({ reason: 'FailedDelete', message: 'boom' });
  });
});
