/**
 * Pod re-creation backoff (pkg/controller/job/backoff_utils.go): after n failures since the
 * last success the next pod waits 10s·2^(n−1) from the last failure, capped.
 */

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
/**
 * The documented cap ("capped at six minutes", kubernetes.io Job docs). The upstream source
 * has read 10 minutes in some releases; the docs value is what learners are told.
 */
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Epoch ms of the latest failure counted, if any. */
  lastFailureTime?: number;
}

export const NO_BACKOFF: BackoffRecord = { failuresAfterLastSuccess: 0 };

/** Folds newly finished pods (by finish time) into the record, as newBackoffRecord does. */
export function nextBackoffRecord(old: BackoffRecord, newSucceeded: number[], newFailed: number[]): BackoffRecord {
  const failed = [...newFailed].sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failed.length === 0) return old;
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failed.length, lastFailureTime: failed[failed.length - 1] };
  }
  const lastSuccess = Math.max(...newSucceeded);
  const after = failed.filter((t) => t > lastSuccess);
  if (after.length === 0) return NO_BACKOFF;
  return { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] };
}

/** Milliseconds still to wait before a replacement pod may be created (0 = now). */
export function remainingBackoff(record: BackoffRecord, now: number, base = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, max = MAX_JOB_POD_FAILURE_BACKOFF_MS): number {
  if (record.lastFailureTime === undefined) return 0;
  return remainingForFailures(record.failuresAfterLastSuccess, record.lastFailureTime, now, base, max);
}

/**
 * The wait after `failures` failures, the last one at `lastFailureTime`: base·2^(failures−1),
 * capped, less the time already passed (getRemainingTimeForFailuresCount). Shared by the
 * Job-wide record and by backoffLimitPerIndex, where each index counts its own failures.
 */
export function remainingForFailures(failures: number, lastFailureTime: number, now: number, base = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, max = MAX_JOB_POD_FAILURE_BACKOFF_MS): number {
  if (failures <= 0) return 0;
  let delay = base;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= max) {
      delay = max;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
