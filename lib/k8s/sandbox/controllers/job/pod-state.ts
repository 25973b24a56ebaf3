/**
 * How the Job controller reads its pods (pkg/controller/controller_utils.go FilterActivePods,
 * CountTerminatingPods; pkg/controller/job/job_controller.go isPodFailed; backoff_utils.go
 * getFinishedTime).
 */
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

export function phaseOf(pod: Pod): string | undefined {
  return pod.status?.phase;
}

export function isTerminal(pod: Pod): boolean {
  const p = phaseOf(pod);
  return p === 'Succeeded' || p === 'Failed';
}

/** Pending or Running and not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

/** Being deleted but not yet finished: the `terminating` count. */
export function isTerminating(pod: Pod): boolean {
  return !isTerminal(pod) && Boolean(pod.metadata?.deletionTimestamp);
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/**
 * podReplacementPolicy Failed (always so with a podFailurePolicy): a terminating pod is
 * neither replaced nor counted until it reaches phase Failed.
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}

/** Failed phase, or deleted before succeeding (orphans never reach Failed) unless only Failed pods are replaced. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (phaseOf(pod) === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata?.deletionTimestamp) && phaseOf(pod) !== 'Succeeded';
}

/** Completion index from the annotation, or undefined when absent or malformed. */
export function completionIndexOf(pod: Pod): number | undefined {
  const raw = pod.metadata?.annotations?.[COMPLETION_INDEX_KEY];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * When the pod finished: the latest container finishedAt, else Ready=False's transition,
 * else deletionTimestamp − grace, else creation (getFinishedTime).
 */
export function finishedAt(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  if (statuses.length > 0 && statuses.every((s) => s.state?.terminated?.finishedAt)) {
    return Math.max(...statuses.map((s) => Date.parse(s.state!.terminated!.finishedAt!)));
  }
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata?.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(pod.metadata?.creationTimestamp ?? '') || 0;
}

/** Sum of container restarts of a Pending or Running pod (pastBackoffLimitOnFailure). */
export function restartsOf(pod: Pod): number {
  const p = phaseOf(pod);
  if (p !== 'Pending' && p !== 'Running') return 0;
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods order, the ones to delete first: unscheduled < scheduled, Pending <
 * Unknown < Running, not ready < ready, then the newer pod first.
 */
export function compareForRemoval(a: Pod, b: Pod): number {
  const an = a.spec?.nodeName ? 1 : 0;
  const bn = b.spec?.nodeName ? 1 : 0;
  if (an !== bn) return an - bn;
  const ap = PHASE_RANK[phaseOf(a) ?? 'Pending'] ?? 0;
  const bp = PHASE_RANK[phaseOf(b) ?? 'Pending'] ?? 0;
  if (ap !== bp) return ap - bp;
  const ar = isReady(a) ? 1 : 0;
  const br = isReady(b) ? 1 : 0;
  if (ar !== br) return ar - br;
  return String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? ''));
}
