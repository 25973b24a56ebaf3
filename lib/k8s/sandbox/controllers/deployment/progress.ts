/**
 * Deployment status and the Progressing/Available conditions
 * (pkg/controller/deployment/sync.go calculateStatus, progress.go syncRolloutStatus and
 * requeueStuckDeployment, util DeploymentComplete/DeploymentProgressing/DeploymentTimedOut).
 * Pure: the controller passes the clock's time in.
 */
import type { KubeObject } from '../../types';
import { getCondition, newCondition, REASON, removeCondition, setCondition } from './conditions';
import { replicasOf, rsStatus, specOf, statusOf, type DeploymentCondition, type DeploymentStatus } from './deployment-types';
import { actualReplicas, availableReplicas, readyReplicas, specReplicas } from './replica-sets';
import { maxUnavailable } from './rolling-params';

/** progressDeadlineSeconds set and not MaxInt32 (which means "no deadline"). */
export function hasProgressDeadline(d: KubeObject): boolean {
  const s = specOf(d).progressDeadlineSeconds;
  return s !== undefined && s !== 2147483647;
}

/** calculateStatus: counts from the ReplicaSets' statuses plus the Available condition. */
export function calculateStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject, nowIso: string): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const unavailable = Math.max(0, specReplicas(allRSs) - available);
  const current = statusOf(d);
  // Go's omitempty drops zero counts from the JSON.
  const status: DeploymentStatus = {};
  if (d.metadata.generation) status.observedGeneration = d.metadata.generation;
  const replicas = actualReplicas(allRSs);
  if (replicas) status.replicas = replicas;
  const updated = actualReplicas([newRS]);
  if (updated) status.updatedReplicas = updated;
  const ready = readyReplicas(allRSs);
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (unavailable) status.unavailableReplicas = unavailable;
  if (current.conditions?.length) status.conditions = current.conditions.map((c) => ({ ...c }));
  if (current.collisionCount !== undefined) status.collisionCount = current.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASON.minimumReplicasAvailable, 'Deployment has minimum availability.', nowIso));
  } else {
    setCondition(status, newCondition('Available', 'False', REASON.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowIso));
  }
  return status;
}

export function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Any sign of progress since the last recorded status. */
export function deploymentProgressing(d: KubeObject, s: DeploymentStatus): boolean {
  const old = statusOf(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0)
    || newOld < oldOld
    || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0)
    || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

export function deploymentTimedOut(d: KubeObject, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === REASON.newRSAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  return Date.parse(c.lastUpdateTime) + specOf(d).progressDeadlineSeconds! * 1000 < nowMs;
}

/** syncRolloutStatus without the write: the status to store, Progressing and ReplicaFailure included. */
export function rolloutStatus(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined, d: KubeObject, nowMs: number, nowIso: string): DeploymentStatus {
  const s = calculateStatus(allRSs, newRS, d, nowIso);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const currentCond = getCondition(statusOf(d), 'Progressing');
  const isComplete = s.replicas === s.updatedReplicas && currentCond?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, s)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(s, newCondition('Progressing', 'True', REASON.newRSAvailable, msg, nowIso));
    } else if (deploymentProgressing(d, s)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const c = newCondition('Progressing', 'True', REASON.replicaSetUpdated, msg, nowIso);
      // Progress refreshes lastUpdateTime even with the same reason; the transition time stays while True.
      if (currentCond) {
        if (currentCond.status === 'True') c.lastTransitionTime = currentCond.lastTransitionTime;
        removeCondition(s, 'Progressing');
      }
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, nowMs)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(s, newCondition('Progressing', 'False', REASON.timedOut, msg, nowIso));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(s, failure);
  else removeCondition(s, 'ReplicaFailure');
  return s;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition first, else an old one's. */
function replicaFailure(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const c = rs ? rsStatus(rs).conditions?.find((x) => x.type === 'ReplicaFailure') : undefined;
    if (c) {
      const t = c.lastTransitionTime ?? '';
      return { type: 'ReplicaFailure', status: c.status as DeploymentCondition['status'], lastUpdateTime: t, lastTransitionTime: t, reason: c.reason ?? '', message: c.message ?? '' };
    }
  }
  return undefined;
}

/**
 * requeueStuckDeployment: when to look again (ms) for a progress check, or undefined when
 * there is no deadline to watch. One second is added against clock skew, as upstream.
 */
export function progressCheckAfterMs(d: KubeObject, s: DeploymentStatus, nowMs: number): number | undefined {
  const c = getCondition(statusOf(d), 'Progressing');
  if (!hasProgressDeadline(d) || !c) return undefined;
  if (deploymentComplete(d, s) || c.reason === REASON.timedOut) return undefined;
  const after = Date.parse(c.lastUpdateTime) + specOf(d).progressDeadlineSeconds! * 1000 - nowMs;
  return after < 1000 ? 0 : after + 1000;
}
