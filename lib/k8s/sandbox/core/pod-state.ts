/**
 * The pod predicates the ReplicaSet and Deployment controllers share
 * (pkg/controller/controller_utils.go IsPodActive, pkg/api/v1/pod/util.go IsPodReady and
 * IsPodAvailable).
 */
import type { KubeObject } from '../types';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

interface PodStatusView {
  phase?: string;
  conditions?: PodCondition[];
  containerStatuses?: { restartCount?: number }[];
}

export function podStatus(pod: KubeObject): PodStatusView {
  return (pod.status ?? {}) as PodStatusView;
}

export function podPhase(pod: KubeObject): string | undefined {
  return podStatus(pod).phase;
}

export function podNodeName(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

/** Not terminal and not being deleted: the pods a ReplicaSet counts as its replicas. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): PodCondition | undefined {
  return podStatus(pod).conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod last turned Ready (ms), or undefined when it is not ready. */
export function podReadySince(pod: KubeObject): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  return Date.parse(c.lastTransitionTime);
}

/** Ready for longer than minReadySeconds (strictly, as upstream's `Before(now)`). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}

/**
 * How long until the next ready-but-not-yet-available pod becomes available (ms), so a
 * controller can look again exactly then; undefined when no pod is waiting.
 */
export function nextAvailableInMs(pods: KubeObject[], minReadySeconds: number, nowMs: number): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let next: number | undefined;
  for (const p of pods) {
    const since = podReadySince(p);
    if (since === undefined || isPodAvailable(p, minReadySeconds, nowMs)) continue;
    // Available once the ready time plus minReadySeconds lies strictly in the past.
    const wait = since + minReadySeconds * 1000 + 1 - nowMs;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}

export function maxContainerRestarts(pod: KubeObject): number {
  return Math.max(0, ...(podStatus(pod).containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}
