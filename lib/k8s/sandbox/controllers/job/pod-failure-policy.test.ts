import { describe, expect, it } from 'vitest';
import type { PodFailurePolicy } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { matchPodFailurePolicy } from './pod-failure-policy';

function failedPod(exitCode: number, conditions: { type: string; status: string }[] = []): Pod {
  return {
    metadata: { namespace: 'default', name: 'pi-abcde' },
    status: {
      phase: 'Failed',
      conditions,
      containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } }],
    },
  };
}

const policy: PodFailurePolicy = {
  rules: [
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    { action: 'Count', onExitCodes: { operator: 'NotIn', values: [42, 7] } },
  ],
};

describe('pod failure policy', () => {
  it('fails the Job with the upstream message when a FailJob exit-code rule matches', () => {
    expect(matchPodFailurePolicy(policy, failedPod(42))).toEqual({
      failJobMessage: 'Container main for pod default/pi-abcde failed with exit code 42 matching FailJob rule at index 1',
      countFailed: true,
      action: 'FailJob',
    });
  });

  it('does not count a failure matched by an Ignore rule', () => {
    expect(matchPodFailurePolicy(policy, failedPod(42, [{ type: 'DisruptionTarget', status: 'True' }]))).toEqual({ countFailed: false, action: 'Ignore' });
  });

  it('counts a failure matched by a Count rule, or matched by none', () => {
    expect(matchPodFailurePolicy(policy, failedPod(1))).toEqual({ countFailed: true, action: 'Count' });
    expect(matchPodFailurePolicy(policy, failedPod(7))).toEqual({ countFailed: true });
  });

  it('never matches exit code 0, and counts everything without a policy', () => {
    const allCodes: PodFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [] } }] };
    expect(matchPodFailurePolicy(allCodes, failedPod(0))).toEqual({ countFailed: true });
    expect(matchPodFailurePolicy(undefined, failedPod(3))).toEqual({ countFailed: true });
  });

  it('names the pod condition in a FailJob message, the status defaulting to True', () => {
    const byCondition = { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'ConfigIssue' }] }] } as unknown as PodFailurePolicy;
    expect(matchPodFailurePolicy(byCondition, failedPod(1, [{ type: 'ConfigIssue', status: 'True' }])).failJobMessage).toBe('Pod default/pi-abcde has condition ConfigIssue matching FailJob rule at index 0');
  });
});
