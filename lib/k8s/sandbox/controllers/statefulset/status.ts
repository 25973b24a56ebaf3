/**
 * StatefulSet status arithmetic (stateful_set_control.go computeReplicaStatus and
 * stateful_set_utils.go completeRollingUpdate / inconsistentStatus), and the wire form with
 * Go's omitempty applied: replicas and availableReplicas are always written, the other
 * counters only when non-zero; collisionCount is a pointer and so is written as 0.
 */
import type { KubeObject } from '../../types';
import { podRevision } from './identity';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './pod-state';
import { replicasOf, setSpec, type StatefulSetStatus } from './set-types';

export function countReplicas(
  status: StatefulSetStatus,
  pods: readonly KubeObject[],
  minReadySeconds: number,
  nowMs: number,
): StatefulSetStatus {
  const out = { ...status, replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (isCreated(pod)) out.replicas++;
    if (isRunningAndReady(pod)) {
      out.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, nowMs)) out.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === status.currentRevision) out.currentReplicas++;
      if (rev === status.updateRevision) out.updatedReplicas++;
    }
  }
  return out;
}

/** A finished RollingUpdate makes the update revision current. */
export function completeRollingUpdate(set: KubeObject, status: StatefulSetStatus): StatefulSetStatus {
  const want = replicasOf(set);
  const rolling = (setSpec(set).updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && status.updatedReplicas === want && status.readyReplicas === want && status.replicas === want) {
    return { ...status, currentReplicas: status.updatedReplicas, currentRevision: status.updateRevision };
  }
  return status;
}

/** Whether status differs from what the set already records (so a write is needed). */
export function inconsistentStatus(set: KubeObject, status: StatefulSetStatus): boolean {
  const old = (set.status ?? {}) as Partial<StatefulSetStatus>;
  return status.observedGeneration > (old.observedGeneration ?? 0)
    || status.replicas !== (old.replicas ?? 0)
    || status.currentReplicas !== (old.currentReplicas ?? 0)
    || status.readyReplicas !== (old.readyReplicas ?? 0)
    || status.updatedReplicas !== (old.updatedReplicas ?? 0)
    || status.currentRevision !== (old.currentRevision ?? '')
    || status.availableReplicas !== (old.availableReplicas ?? 0)
    || status.updateRevision !== (old.updateRevision ?? '')
    || status.collisionCount !== (old.collisionCount ?? 0);
}

/** The JSON apps/v1 StatefulSetStatus marshals to. */
export function statusJson(s: StatefulSetStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  out.replicas = s.replicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  out.availableReplicas = s.availableReplicas;
  return out;
}
