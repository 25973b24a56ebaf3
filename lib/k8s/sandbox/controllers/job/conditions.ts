/**
 * Job conditions and the status layout the API returns (pkg/controller/job/job_controller.go
 * ensureJobConditionStatus, newCondition; k8s.io/api/batch/v1 JobStatus field order).
 */
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';

export const REASON = {
  completionsReached: 'CompletionsReached',
  backoffLimitExceeded: 'BackoffLimitExceeded',
  deadlineExceeded: 'DeadlineExceeded',
  podFailurePolicy: 'PodFailurePolicy',
  failedIndexes: 'FailedIndexes',
  maxFailedIndexesExceeded: 'MaxFailedIndexesExceeded',
} as const;

export const MESSAGE = {
  completionsReached: 'Reached expected number of succeeded pods',
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  failedIndexes: 'Job has failed indexes',
  maxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
} as const;

export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, nowIso: string): JobCondition {
  return { type, status, lastProbeTime: nowIso, lastTransitionTime: nowIso, reason, message };
}

export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** Complete=True or Failed=True: nothing more to do for this Job. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/**
 * Sets a condition's status/reason/message, replacing it (new transition time) when any
 * differs; never adds a condition that would start out False. Returns whether it changed.
 */
export function ensureCondition(conditions: JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, nowIso: string): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conditions[i];
    if (c.status === status && c.reason === reason && c.message === message) return false;
    conditions[i] = newCondition(type, status, reason, message, nowIso);
    return true;
  }
  if (status === 'False') return false;
  conditions.push(newCondition(type, status, reason, message, nowIso));
  return true;
}

/** JobStatus in the API's field order, with its omitempty rules (active/succeeded/failed only when non-zero). */
export function orderedStatus(s: JobStatus): JobStatus {
  const out: JobStatus = {};
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.startTime) out.startTime = s.startTime;
  if (s.completionTime) out.completionTime = s.completionTime;
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  if (s.terminating !== undefined) out.terminating = s.terminating;
  if (s.completedIndexes) out.completedIndexes = s.completedIndexes;
  if (s.failedIndexes !== undefined) out.failedIndexes = s.failedIndexes;
  if (s.uncountedTerminatedPods) {
    const u: { succeeded?: string[]; failed?: string[] } = {};
    if (s.uncountedTerminatedPods.succeeded?.length) u.succeeded = s.uncountedTerminatedPods.succeeded;
    if (s.uncountedTerminatedPods.failed?.length) u.failed = s.uncountedTerminatedPods.failed;
    out.uncountedTerminatedPods = u;
  }
  if (s.ready !== undefined) out.ready = s.ready;
  return out;
}
