/**
 * backoffLimitPerIndex (pkg/controller/job/indexed_job_utils.go and backoff_utils.go): each
 * index of an Indexed Job has its own retry budget. A pod carries the number of earlier failures
 * of its index in the annotation batch.kubernetes.io/job-index-failure-count (and failures a
 * podFailurePolicy Ignore rule forgave in …-ignored-failure-count); its replacement gets the
 * count plus one. An index fails for good when a counted failure arrives with the count already
 * at backoffLimitPerIndex, or at once on a FailIndex rule. The failed pod keeps its tracking
 * finalizer until its replacement exists, so the count can be read from it
 * (getPodsWithDelayedDeletionPerIndex).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { remainingForFailures } from './backoff';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { completionIndexOf, finishedAt, hasTrackingFinalizer, isPodFailed } from './pod-state';

export const INDEX_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-ignored-failure-count';
const MAX_INT32 = 2147483647;

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

/** An annotation read as upstream's parseInt32: missing, malformed, negative or past int32 reads 0. */
function annotationCount(pod: Pod, key: string): number {
  const raw = pod.metadata?.annotations?.[key];
  if (raw === undefined || !/^\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return n > MAX_INT32 ? 0 : n;
}

export function indexFailureCount(pod: Pod): number {
  return annotationCount(pod, INDEX_FAILURE_COUNT_KEY);
}

/** Counted and forgiven failures together: what the per-index backoff grows with (getIndexAbsoluteFailureCount). */
export function indexAbsoluteFailureCount(pod: Pod): number {
  return indexFailureCount(pod) + annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT_KEY);
}

/** Whether this pod's failure ends its index (isIndexFailed). */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
    if (m.action === 'FailIndex') return true;
    counted = m.countFailed;
  }
  return counted && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** The annotations of the pod that replaces `replaced` in its index (getNewIndexFailureCounts). */
export function failureCountAnnotations(job: Job, replaced: Pod | undefined): Record<string, string> {
  let failures = 0;
  let ignored = 0;
  if (replaced) {
    failures = indexFailureCount(replaced);
    ignored = annotationCount(replaced, INDEX_IGNORED_FAILURE_COUNT_KEY);
    if (!job.spec?.podFailurePolicy || matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) failures++;
    else ignored++;
  }
  return { [INDEX_FAILURE_COUNT_KEY]: String(failures), ...(ignored > 0 ? { [INDEX_IGNORED_FAILURE_COUNT_KEY]: String(ignored) } : {}) };
}

/** Indexes whose pods failed for good: those already in status.failedIndexes plus new ones (calculateFailedIndexes). */
export function failedIndexesOf(job: Job, pods: readonly Pod[], previous: readonly number[]): number[] {
  const completions = job.spec?.completions ?? 0;
  const out = new Set(previous);
  for (const p of pods) {
    const ix = completionIndexOf(p);
    if (ix !== undefined && ix < completions && hasTrackingFinalizer(p) && isIndexFailed(job, p)) out.add(ix);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * For each index waiting for a replacement, the failed pod to keep (finalizer on) until the
 * replacement is created: the one with the highest failure count, the latest finished on a tie
 * (getPodsWithDelayedDeletionPerIndex). Indexes that succeeded, failed for good or have an active
 * pod need none.
 */
export function podsWithDelayedDeletion(job: Job, pods: readonly Pod[], done: { succeeded: ReadonlySet<number>; failed: ReadonlySet<number>; active: ReadonlySet<number> }): Map<number, Pod> {
  const completions = job.spec?.completions ?? 0;
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!hasTrackingFinalizer(p) || !isPodFailed(p, job)) continue;
    const ix = completionIndexOf(p);
    if (ix === undefined || ix >= completions || done.succeeded.has(ix) || done.failed.has(ix) || done.active.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && finishedAt(p) >= finishedAt(last))) out.set(ix, p);
  }
  return out;
}

/** How long the index whose last failed pod is `lastFailed` still waits (getRemainingTimePerIndex). */
export function remainingTimePerIndex(lastFailed: Pod | undefined, now: number): number {
  if (!lastFailed) return 0;
  return remainingForFailures(indexAbsoluteFailureCount(lastFailed) + 1, finishedAt(lastFailed), now);
}
