import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { failureCountAnnotations, indexAbsoluteFailureCount, isIndexFailed, remainingTimePerIndex } from './index-failures';

const job = (spec: Partial<Job['spec']> = {}): Job => ({ spec: { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, template: {}, ...spec } });

function failedPod(annotations: Record<string, string>, exitCode = 1, finishedAt = '2025-01-01T00:00:00Z'): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', annotations: { 'batch.kubernetes.io/job-completion-index': '0', ...annotations } },
    status: { phase: 'Failed', containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, finishedAt } } }] },
  };
}

describe('per-index failure counting', () => {
  it('gives an index up when a failure arrives with its count already at backoffLimitPerIndex', () => {
    expect(isIndexFailed(job(), failedPod({ 'batch.kubernetes.io/job-index-failure-count': '0' }))).toBe(false);
    expect(isIndexFailed(job(), failedPod({ 'batch.kubernetes.io/job-index-failure-count': '1' }))).toBe(true);
  });

  it('gives an index up at once on a FailIndex rule and never on an Ignore rule', () => {
    const podFailurePolicy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }, { action: 'Ignore', onExitCodes: { operator: 'In', values: [75] } }] };
    expect(isIndexFailed(job({ podFailurePolicy }), failedPod({}, 42))).toBe(true);
    expect(isIndexFailed(job({ podFailurePolicy }), failedPod({ 'batch.kubernetes.io/job-index-failure-count': '5' }, 75))).toBe(false);
  });

  it('writes the replacement counts: one more failure, or one more forgiven failure for an Ignore rule', () => {
    expect(failureCountAnnotations(job(), undefined)).toEqual({ 'batch.kubernetes.io/job-index-failure-count': '0' });
    expect(failureCountAnnotations(job(), failedPod({ 'batch.kubernetes.io/job-index-failure-count': '1' }))).toEqual({ 'batch.kubernetes.io/job-index-failure-count': '2' });
    const podFailurePolicy = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [75] } }] };
    expect(failureCountAnnotations(job({ podFailurePolicy }), failedPod({ 'batch.kubernetes.io/job-index-failure-count': '1' }, 75))).toEqual({
      'batch.kubernetes.io/job-index-failure-count': '1',
      'batch.kubernetes.io/job-index-ignored-failure-count': '1',
    });
  });

  it('reads a malformed or negative count as 0, as upstream parseInt32 does', () => {
    expect(indexAbsoluteFailureCount(failedPod({ 'batch.kubernetes.io/job-index-failure-count': 'x', 'batch.kubernetes.io/job-index-ignored-failure-count': '-3' }))).toBe(0);
  });

  it('waits 10 s after an index first fails and 20 s after its second, from the failed pod\'s finish', () => {
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    expect(remainingTimePerIndex(failedPod({ 'batch.kubernetes.io/job-index-failure-count': '0' }), t0 + 4_000)).toBe(6_000);
    expect(remainingTimePerIndex(failedPod({ 'batch.kubernetes.io/job-index-failure-count': '1' }), t0)).toBe(20_000);
    expect(remainingTimePerIndex(undefined, t0)).toBe(0);
  });
});
