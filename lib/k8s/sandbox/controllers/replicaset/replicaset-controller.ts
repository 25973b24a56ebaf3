/**
 * ReplicaSetController (pkg/controller/replicaset/replica_set.go). Each sync reads the
 * ReplicaSet and the namespace's pods, then
 *  1. claims its active pods (adopting matching orphans, releasing pods that stopped matching);
 *  2. manageReplicas(): creates the missing pods in slow-start batches (1, 2, 4, …; a batch
 *     with a failure stops the rest) or deletes the surplus, worst pods first (pod-ranking.ts);
 *  3. writes status from the pods it saw, with a ReplicaFailure condition while creating or
 *     deleting fails, and throws that error so the key is retried with backoff.
 * Pods being deleted (deletionTimestamp) are not replicas and are not deleted again.
 * The store is read directly, so no expectations are needed to guard against a stale cache.
 */
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import { metaSelectorMatches, type MetaLabelSelector } from '../../store/label-selector';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import type { EventRecorder } from '../framework/events';
import { claimObjects } from '../framework/controller-ref-manager';
import { podFromTemplate } from './pod-from-template';
import { podsToDelete } from './pod-ranking';
import { isPodActive, nextAvailableInMs } from '../../core/pod-state';
import { calculateReplicaSetStatus } from './replica-set-status';

export const REPLICASET_CONTROLLER = 'replicaset-controller';
/** BurstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH = 1;

interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: MetaLabelSelector;
}

/** The first error of a manageReplicas pass; its message becomes the ReplicaFailure condition's. */
export class ManageReplicasError extends Error {
  constructor(readonly rs: string, readonly cause: Error) {
    super(cause.message);
    this.name = 'ManageReplicasError';
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.code === 404;
}

export class ReplicaSetController extends Controller {
  private readonly recorder: EventRecorder;

  constructor(ctx: ControllerContext) {
    super(ctx, REPLICASET_CONTROLLER);
    this.recorder = ctx.recorder(REPLICASET_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.replicasets, (rs) => keyOf(rs));
    this.watch(GR.pods, (pod) => this.keysForPod(pod));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.replicasets).map(keyOf);
  }

  /** The owning ReplicaSet, or for an orphan every ReplicaSet that might adopt it. */
  private keysForPod(pod: KubeObject): string[] {
    const owner = controllerOf(pod);
    if (owner) return owner.kind === 'ReplicaSet' ? [`${pod.metadata.namespace}/${owner.name}`] : [];
    return this.ctx.client.peekList(GR.replicasets, { namespace: pod.metadata.namespace })
      .filter((rs) => metaSelectorMatches((rs.spec as ReplicaSetSpec).selector, pod.metadata.labels))
      .map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    // The stored ReplicaSet and pods (frozen), as the DaemonSet and StatefulSet syncs read them:
    // the sync only reads them and writes from copies. A sync runs at every change of one of
    // its pods, and copied every pod of the namespace (and the set's managedFields) each time.
    const rs = this.ctx.client.peek(GR.replicasets, namespace, name);
    if (!rs) return;
    const spec = rs.spec as ReplicaSetSpec;
    const allPods = this.ctx.client.peekList(GR.pods, { namespace });
    const pods = claimObjects({ client: this.ctx.client, gr: GR.pods, owner: rs, match: (pod) => metaSelectorMatches(spec.selector, pod.metadata.labels) }, allPods.filter(isPodActive));

    let manageError: ManageReplicasError | undefined;
    if (!rs.metadata.deletionTimestamp) manageError = this.manageReplicas(rs, pods, allPods);

    const now = this.ctx.clock.now();
    const status = calculateReplicaSetStatus({ rs, pods, manageError, nowMs: now, nowIso: this.ctx.clock.nowISO() });
    if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) this.ctx.client.updateStatus({ ...rs, status });
    // A pod turns available minReadySeconds after it turned Ready: look again then.
    const wait = manageError ? undefined : nextAvailableInMs(pods, spec.minReadySeconds ?? 0, now);
    if (wait !== undefined) this.queue.addAfter(key, wait);
    if (manageError) throw manageError;
  }

  private manageReplicas(rs: KubeObject, pods: KubeObject[], allPods: KubeObject[]): ManageReplicasError | undefined {
    const diff = pods.length - ((rs.spec as ReplicaSetSpec).replicas ?? 1);
    if (diff < 0) return this.createPods(rs, Math.min(-diff, BURST_REPLICAS));
    if (diff > 0) {
      const victims = podsToDelete(pods, this.relatedPods(rs, allPods), Math.min(diff, BURST_REPLICAS), this.ctx.clock.now());
      return this.deletePods(rs, victims);
    }
    return undefined;
  }

  /** slowStartBatch: 1, 2, 4, … creates; after a batch with a failure the rest are skipped. */
  private createPods(rs: KubeObject, count: number): ManageReplicasError | undefined {
    let remaining = count;
    let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH);
    while (batch > 0) {
      let first: ManageReplicasError | undefined;
      for (let i = 0; i < batch; i++) {
        try {
          const pod = this.ctx.client.create(podFromTemplate(rs));
          this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        } catch (err) {
          // A terminating namespace fails every create; upstream records no event for it.
          if (!(err instanceof StatusError && /because it is being terminated/.test(err.message))) {
            this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
          }
          first ??= new ManageReplicasError(rs.metadata.name!, err as Error);
        }
      }
      if (first) return first;
      remaining -= batch;
      batch = Math.min(remaining, batch * 2);
    }
    return undefined;
  }

  private deletePods(rs: KubeObject, victims: KubeObject[]): ManageReplicasError | undefined {
    let first: ManageReplicasError | undefined;
    for (const pod of victims) {
      try {
        this.ctx.client.delete(GR.pods, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
        this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (isNotFound(err)) continue;
        this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
        first ??= new ManageReplicasError(rs.metadata.name!, err as Error);
      }
    }
    return first;
  }

  /** getIndirectlyRelatedPods: pods of every ReplicaSet with the same controller (or of rs alone). */
  private relatedPods(rs: KubeObject, allPods: KubeObject[]): KubeObject[] {
    const owner = controllerOf(rs);
    const uids = new Set<string>([rs.metadata.uid!]);
    if (owner) {
      for (const other of this.ctx.client.peekList(GR.replicasets, { namespace: rs.metadata.namespace })) {
        if (controllerOf(other)?.uid === owner.uid) uids.add(other.metadata.uid!);
      }
    }
    return allPods.filter((p) => uids.has(controllerOf(p)?.uid ?? ''));
  }
}
