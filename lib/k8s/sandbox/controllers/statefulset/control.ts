/**
 * One pass of the StatefulSet control loop (stateful_set_control.go updateStatefulSet,
 * processReplica, processCondemned). Invariants it keeps, in this order:
 *  1. a Failed or Succeeded replica is deleted, to be recreated under the same name;
 *  2. missing replicas are created: OrderedReady one at a time in ascending ordinal order,
 *     each only once every predecessor is Running, Ready and available (minReadySeconds);
 *     Parallel all at once in slow-start batches;
 *  3. condemned pods (ordinals beyond the range) are deleted from the highest ordinal down,
 *     under OrderedReady only while every replica is healthy and one termination at a time;
 *  4. scaling takes precedence over updates: only then does a RollingUpdate delete the
 *     highest-ordinal pod (down to the partition) not at the update revision, and wait for
 *     its replacement to be healthy before the next one. OnDelete never deletes for updates.
 */
import type { KubeObject } from '../../types';
import { StatusError } from '../../errors';
import { isMemberOf, newStatefulSetPod, ordinalOf, podRevision, startOrdinal, endOrdinal, inOrdinalRange } from './identity';
import { isCreated, isPending, isRunningAndAvailable, isRunningAndReady, isTerminal, isTerminating, isUnavailable } from './pod-state';
import type { StatefulPodControl } from './pod-control';
import { countReplicas } from './status';
import { allowsBurst, minReadySecondsOf, replicasOf, setSpec, setStatus, type PodTemplate, type StatefulSetStatus } from './set-types';

export interface SetRevisions {
  current: KubeObject;
  update: KubeObject;
  collisionCount: number;
}

export interface ControlResult {
  status: StatefulSetStatus;
  /** Set when a write failed: the status is still recorded, then the sync is retried. */
  error?: unknown;
}

/** The pod template a ControllerRevision stores (its `$patch: replace` marker removed). */
export function revisionTemplate(revision: KubeObject): PodTemplate {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = structuredClone(data?.spec?.template ?? {});
  delete template.$patch;
  return template as PodTemplate;
}

/** Upstream's slowStartBatch limit on in-flight requests. */
const MAX_BATCH_SIZE = 500;

/**
 * runForAll: monotonic walks in order and stops at the first step that asks to exit or fails;
 * burst runs everything in batches of 1, 2, 4, … and stops after a batch with a failure.
 */
function runForAll(count: number, fn: (i: number) => boolean, monotonic: boolean): { exit: boolean; error?: unknown } {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      try {
        if (fn(i)) return { exit: true };
      } catch (error) {
        return { exit: true, error };
      }
    }
    return { exit: false };
  }
  let next = 0;
  for (let batch = Math.min(count, 1); batch > 0; batch = Math.min(2 * batch, count - next, MAX_BATCH_SIZE)) {
    const errors: unknown[] = [];
    for (let k = 0; k < batch; k++, next++) {
      try {
        fn(next);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) return { exit: true, error: errors[0] };
  }
  return { exit: false };
}

export class StatefulSetControl {
  constructor(private readonly podControl: StatefulPodControl, private readonly now: () => number) {}

  updateStatefulSet(set: KubeObject, pods: readonly KubeObject[], revisions: SetRevisions): ControlResult {
    const { current, update } = revisions;
    const minReady = minReadySecondsOf(set);
    const nowMs = this.now();
    const base: StatefulSetStatus = {
      observedGeneration: set.metadata.generation ?? 0,
      currentRevision: current.metadata.name!,
      updateRevision: update.metadata.name!,
      collisionCount: revisions.collisionCount,
      replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0,
    };
    let status = countReplicas(base, pods, minReady, nowMs);
    const recount = (): StatefulSetStatus => countReplicas(status, [...replicas.filter(isCreated), ...condemned], minReady, nowMs);

    const start = startOrdinal(set);
    const replicas: KubeObject[] = new Array(replicasOf(set));
    const condemned: KubeObject[] = [];
    for (const pod of pods) {
      if (!isMemberOf(set, pod)) continue;
      if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
      else if (ordinalOf(pod) >= 0) condemned.push(pod);
    }
    for (let ord = start; ord <= endOrdinal(set); ord++) {
      replicas[ord - start] ??= this.versionedPod(set, revisions, ord);
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

    // The first unavailable pod, among replicas then condemned from the lowest ordinal up.
    const firstUnavailable = [...replicas, ...[...condemned].reverse()].find((p) => isUnavailable(p, minReady, nowMs));

    if (set.metadata.deletionTimestamp) return { status };

    const monotonic = !allowsBurst(set);
    let step = runForAll(replicas.length, (i) => this.processReplica(set, monotonic, replicas, i, minReady, nowMs), monotonic);
    if (step.exit || step.error) return { status: recount(), error: step.error };

    step = runForAll(condemned.length, (i) => {
      if (!this.podControl.claimsMatchRetentionPolicy(set, condemned[i])) this.podControl.updateClaimsForRetentionPolicy(set, condemned[i]);
      return false;
    }, monotonic);
    if (step.exit || step.error) return { status: recount(), error: step.error };

    step = runForAll(condemned.length, (i) => this.processCondemned(set, firstUnavailable, monotonic, condemned, i, minReady, nowMs), monotonic);
    if (step.exit || step.error) return { status: recount(), error: step.error };

    status = recount();
    const strategy = setSpec(set).updateStrategy;
    if (strategy?.type === 'OnDelete') return { status };

    const updateMin = strategy?.rollingUpdate?.partition ?? 0;
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      const pod = replicas[target];
      if (isCreated(pod) && podRevision(pod) !== update.metadata.name && !isTerminating(pod)) {
        try {
          this.podControl.deleteStatefulPod(set, pod);
        } catch (error) {
          if (!(error instanceof StatusError && error.reason === 'NotFound')) return { status, error };
        }
        return { status: { ...status, currentReplicas: status.currentReplicas - 1 } };
      }
      if (isUnavailable(pod, minReady, nowMs)) return { status };
    }
    return { status };
  }

  /**
   * newVersionedStatefulSetPod: ordinals below the partition stay at the current revision,
   * the rest are created at the update revision. (Go's `A && B || C` precedence kept.)
   */
  private versionedPod(set: KubeObject, revisions: SetRevisions, ordinal: number): KubeObject {
    const strategy = setSpec(set).updateStrategy;
    const rolling = (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const start = startOrdinal(set);
    const ru = strategy?.rollingUpdate;
    const atCurrent = (rolling && ru === undefined && ordinal < start + (setStatus(set).currentReplicas ?? 0))
      || (ru !== undefined && ordinal < start + (ru.partition ?? 0));
    const rev = atCurrent ? revisions.current : revisions.update;
    return newStatefulSetPod(set, revisionTemplate(rev), rev.metadata.name!, ordinal);
  }

  /** True means "stop here" (monotonic only); throwing reports a failed write. */
  private processReplica(set: KubeObject, monotonic: boolean, replicas: KubeObject[], i: number, minReady: number, nowMs: number): boolean {
    const pod = replicas[i];
    if (isTerminal(pod)) {
      // The replacement is created on a later sync, once this pod is gone from the store.
      if (!isTerminating(pod)) this.podControl.deleteStatefulPod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (this.podControl.podClaimIsStale(set, pod)) return true;
      this.podControl.createStatefulPod(set, pod);
      // Monotonic: wait for this pod; burst: a pod created from the template matches already.
      return monotonic;
    }
    if (isPending(pod)) this.podControl.createMissingClaims(set, pod);
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, nowMs))) return true;
    if (this.podControl.podMatches(set, pod)) return false;
    this.podControl.updateStatefulPod(set, pod);
    return false;
  }

  private processCondemned(set: KubeObject, firstUnavailable: KubeObject | undefined, monotonic: boolean, condemned: KubeObject[], i: number, minReady: number, nowMs: number): boolean {
    const pod = condemned[i];
    if (isTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnavailable && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, nowMs))) return true;
    this.podControl.deleteStatefulPod(set, pod);
    return true;
  }
}
