/**
 * StatefulPodControl (stateful_pod_control.go): creates a pod's claims before the pod,
 * deletes and repairs pods, keeps claim ownerReferences in line with the retention policy,
 * and records the set's events exactly as upstream words them:
 *   SuccessfulCreate "create Pod web-0 in StatefulSet web successful"
 *   SuccessfulCreate "create Claim www-web-0 Pod web-0 in StatefulSet web success"
 *   SuccessfulDelete "delete Pod web-2 in StatefulSet web successful"
 *   Failed<Verb>     "<verb> Pod web-0 in StatefulSet web failed error: <err>"
 */
import type { KubeObject } from '../../types';
import { StatusError } from '../../errors';
import { GR, type ClusterClient } from '../framework/client';
import type { EventRecorder } from '../framework/events';
import { claimsFor, identityMatches, ordinalOf, POD_INDEX_LABEL, POD_NAME_LABEL, podName, storageMatches, withClaimVolumes } from './identity';
import { claimOwnerRefsFor, claimOwnerUpToDate, hasStaleOwnerRef, hasUnexpectedController } from './retention';
import { retentionPolicyOf, type PodVolume } from './set-types';

export class ClaimsNotReadyError extends Error {
  constructor(readonly causes: string[]) {
    // errorutils.NewAggregate: one error reads as itself, several as "[a, b]".
    super(causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`);
    this.name = 'ClaimsNotReadyError';
  }
}

const title = (verb: string) => verb[0].toUpperCase() + verb.slice(1);

function isStatus(err: unknown, reason: string): boolean {
  return err instanceof StatusError && err.reason === reason;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class StatefulPodControl {
  constructor(private readonly client: ClusterClient, private readonly recorder: EventRecorder) {}

  /** Creates the pod's missing claims, then the pod; AlreadyExists is returned silently. */
  createStatefulPod(set: KubeObject, pod: KubeObject): KubeObject {
    try {
      this.createClaims(set, pod);
    } catch (err) {
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    let created: KubeObject;
    try {
      created = this.client.create(pod);
    } catch (err) {
      if (isStatus(err, 'AlreadyExists')) throw err;
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      this.updateClaimsForRetentionPolicy(set, created);
    } catch (err) {
      this.recordPodEvent('update', set, created, err);
      throw err;
    }
    this.recordPodEvent('create', set, created);
    return created;
  }

  deleteStatefulPod(set: KubeObject, pod: KubeObject): void {
    try {
      this.client.delete(GR.pods, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      this.recordPodEvent('delete', set, pod, err);
      throw err;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** A Pending pod gets back any claim deleted under it (createMissingPersistentVolumeClaims). */
  createMissingClaims(set: KubeObject, pod: KubeObject): void {
    this.createClaims(set, pod);
    try {
      this.updateClaimsForRetentionPolicy(set, pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
  }

  /** Whether identity, storage and claim ownership already match the set. */
  podMatches(set: KubeObject, pod: KubeObject): boolean {
    let retention = true;
    try {
      retention = this.claimsMatchRetentionPolicy(set, pod);
    } catch {
      // Upstream treats an error here as a match: the pod is still being brought up to date.
    }
    return identityMatches(set, pod) && storageMatches(set, pod) && retention;
  }

  /** UpdateStatefulPod: repairs a pod's identity labels, volumes and its claims' owners. */
  updateStatefulPod(set: KubeObject, live: KubeObject): void {
    const pod = structuredClone(live);
    let consistent = true;
    try {
      if (!identityMatches(set, pod)) {
        const ordinal = ordinalOf(pod);
        pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: podName(set, ordinal), [POD_INDEX_LABEL]: String(ordinal) };
        consistent = false;
      }
      if (!storageMatches(set, pod)) {
        const spec = (pod.spec ?? {}) as { volumes?: PodVolume[] };
        spec.volumes = withClaimVolumes(set, ordinalOf(pod), spec.volumes ?? []);
        consistent = false;
        this.createClaims(set, pod);
      }
      if (!this.claimsMatchRetentionPolicy(set, pod)) {
        this.updateClaimsForRetentionPolicy(set, pod);
        consistent = false;
      }
      if (consistent) return;
      this.client.update(pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
    this.recordPodEvent('update', set, pod);
  }

  claimsMatchRetentionPolicy(set: KubeObject, pod: KubeObject): boolean {
    for (const { claim } of claimsFor(set, ordinalOf(pod))) {
      const live = this.client.get(GR.pvcs, claim.metadata.namespace, claim.metadata.name!);
      if (live && !claimOwnerUpToDate(live, set, pod)) return false;
    }
    return true;
  }

  updateClaimsForRetentionPolicy(set: KubeObject, pod: KubeObject): void {
    for (const { claim } of claimsFor(set, ordinalOf(pod))) {
      const live = this.client.get(GR.pvcs, claim.metadata.namespace, claim.metadata.name!);
      if (!live) continue; // Picked up on the next sync.
      if (hasUnexpectedController(live, set, pod)) {
        this.recorder.event(set, 'Warning', 'ConflictingController',
          `PersistentVolumeClaim ${live.metadata.name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`);
      }
      if (claimOwnerUpToDate(live, set, pod)) continue;
      const updated = structuredClone(live);
      const refs = claimOwnerRefsFor(live, set, pod);
      if (refs.length) updated.metadata.ownerReferences = refs;
      else delete updated.metadata.ownerReferences;
      try {
        this.client.update(updated);
      } catch (err) {
        throw new Error(`could not update claim ${live.metadata.name} for delete policy ownerRefs: ${message(err)}`);
      }
    }
  }

  /**
   * PodClaimIsStale: under whenScaled=Delete a claim still owned by an earlier pod of the
   * same name is waiting for the garbage collector, and must not be reused.
   */
  podClaimIsStale(set: KubeObject, pod: KubeObject): boolean {
    if (retentionPolicyOf(set).whenScaled === 'Retain') return false;
    return claimsFor(set, ordinalOf(pod)).some(({ claim }) => {
      const live = this.client.get(GR.pvcs, claim.metadata.namespace, claim.metadata.name!);
      return live !== undefined && hasStaleOwnerRef(live, pod, 'v1', 'Pod');
    });
  }

  private createClaims(set: KubeObject, pod: KubeObject): void {
    const errs: string[] = [];
    for (const { claim } of claimsFor(set, ordinalOf(pod))) {
      const live = this.client.get(GR.pvcs, claim.metadata.namespace, claim.metadata.name!);
      if (!live) {
        try {
          this.client.create(claim);
          this.recordClaimEvent('create', set, pod, claim);
        } catch (err) {
          errs.push(`failed to create PVC ${claim.metadata.name}: ${message(err)}`);
          if (!isStatus(err, 'AlreadyExists')) this.recordClaimEvent('create', set, pod, claim, err);
        }
      } else if (live.metadata.deletionTimestamp) {
        errs.push(`pvc ${claim.metadata.name} is being deleted`);
      }
    }
    if (errs.length) throw new ClaimsNotReadyError(errs);
  }

  private recordPodEvent(verb: string, set: KubeObject, pod: KubeObject, err?: unknown): void {
    if (err === undefined) {
      this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } else {
      this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message(err)}`);
    }
  }

  private recordClaimEvent(verb: string, set: KubeObject, pod: KubeObject, claim: KubeObject, err?: unknown): void {
    if (err === undefined) {
      this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    } else {
      this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message(err)}`);
    }
  }
}
