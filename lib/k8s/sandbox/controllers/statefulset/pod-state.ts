/**
 * How the StatefulSet controller reads a pod's health (stateful_set_utils.go and
 * pkg/api/v1/pod IsPodAvailable). A slot whose pod does not exist yet is represented by the
 * pod the controller would create, which has no status and so is not "created".
 */
import type { KubeObject } from '../../types';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

function phaseOf(pod: KubeObject): string {
  return (pod.status as { phase?: string } | undefined)?.phase ?? '';
}

function readyCondition(pod: KubeObject): PodCondition | undefined {
  return ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
}

/** isCreated: the API server has the pod (it always fills status.phase). */
export function isCreated(pod: KubeObject): boolean {
  return phaseOf(pod) !== '';
}

export function isPending(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Pending';
}

/** Failed or Succeeded: the set deletes the pod and recreates it under the same name. */
export function isTerminal(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return phase === 'Failed' || phase === 'Succeeded';
}

export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

export function isRunningAndReady(pod: KubeObject): boolean {
  return phaseOf(pod) === 'Running' && readyCondition(pod)?.status === 'True';
}

/** IsPodAvailable: Ready for longer than minReadySeconds (strictly, as time.Before). */
export function isRunningAndAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 < nowMs;
}

export function isHealthy(pod: KubeObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** isUnavailable: not healthy, or healthy but not yet available for minReadySeconds. */
export function isUnavailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  return !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, nowMs);
}

/** When a Ready pod becomes available, for requeueing a minReadySeconds wait. */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True' || !ready.lastTransitionTime) return undefined;
  return Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
}
