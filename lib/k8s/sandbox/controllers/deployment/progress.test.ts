import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import type { DeploymentCondition, DeploymentStatus } from './deployment-types';
import { progressCheckAfterMs, rolloutStatus } from './progress';

const T0 = '2025-01-01T00:00:00Z';
const NOW_ISO = '2025-01-01T00:05:00Z';
const NOW = Date.parse(NOW_ISO);

const cond = (type: string, status: DeploymentCondition['status'], reason: string, at = T0, message = ''): DeploymentCondition =>
  ({ type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message });

function deployment(status: DeploymentStatus, spec: object = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: 2 },
    spec: { replicas: 3, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, ...spec },
    status,
  };
}

function rs(name: string, replicas: number, status: { replicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: object[] }): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas }, status };
}

const progressingOf = (s: DeploymentStatus) => s.conditions?.find((c) => c.type === 'Progressing');

describe('rolloutStatus', () => {
  it('marks a complete rollout NewReplicaSetAvailable, keeping the transition time of a True condition', () => {
    const d = deployment({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated')] });
    const fresh = rs('web-new', 3, { replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const s = rolloutStatus([fresh], fresh, d, NOW, NOW_ISO);
    expect(progressingOf(s)).toEqual({ type: 'Progressing', status: 'True', lastUpdateTime: NOW_ISO, lastTransitionTime: T0, reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-new" has successfully progressed.' });
    expect(s).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(s.unavailableReplicas).toBeUndefined();
  });

  it('refreshes lastUpdateTime when more pods became available', () => {
    const d = deployment({ replicas: 4, updatedReplicas: 1, availableReplicas: 3, conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated')] });
    const old = rs('web-old', 3, { replicas: 3, availableReplicas: 3 });
    const fresh = rs('web-new', 1, { replicas: 1, availableReplicas: 1 });
    expect(progressingOf(rolloutStatus([old, fresh], fresh, d, NOW, NOW_ISO))).toMatchObject({ lastUpdateTime: NOW_ISO, lastTransitionTime: T0, reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-new" is progressing.' });
  });

  it.each([
    ['times out once lastUpdateTime plus the deadline has passed', 240, 'False', 'ProgressDeadlineExceeded'],
    ['waits while the deadline is still ahead', 600, 'True', 'ReplicaSetUpdated'],
  ])('%s', (_why, deadline, status, reason) => {
    const d = deployment({ replicas: 3, updatedReplicas: 3, conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated')] }, { progressDeadlineSeconds: deadline });
    const fresh = rs('web-new', 3, { replicas: 3 });
    expect(progressingOf(rolloutStatus([fresh], fresh, d, NOW, NOW_ISO))).toMatchObject({ status, reason });
  });

  it('drops Progressing without a deadline and copies a ReplicaSet failure onto the Deployment', () => {
    const d = deployment({ conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated')] }, { progressDeadlineSeconds: 2147483647 });
    const failing = rs('web-new', 3, { replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: T0, reason: 'FailedCreate', message: 'quota' }] });
    const s = rolloutStatus([failing], failing, d, NOW, NOW_ISO);
    expect(s.conditions?.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual(['Available=False/MinimumReplicasUnavailable', 'ReplicaFailure=True/FailedCreate']);
  });
});

describe('progressCheckAfterMs', () => {
  it('looks again one second after the deadline would pass, and not at all once complete or timed out', () => {
    const d = deployment({ conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated', '2025-01-01T00:04:00Z')] });
    expect(progressCheckAfterMs(d, { replicas: 3 }, NOW)).toBe(540_000 + 1000);
    expect(progressCheckAfterMs(d, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, NOW)).toBeUndefined();
    expect(progressCheckAfterMs(deployment({ conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded')] }), {}, NOW)).toBeUndefined();
  });
});
