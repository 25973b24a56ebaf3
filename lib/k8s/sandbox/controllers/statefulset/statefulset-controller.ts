/**
 * StatefulSetController (pkg/controller/statefulset/stateful_set.go): watch events only map
 * to set keys; sync(key) adopts the set's pods, brings its ControllerRevisions up to date,
 * runs one pass of the control loop, records status (even when a write in the pass failed),
 * trims revision history, and requeues while pods wait out minReadySeconds.
 */
import type { KubeObject } from '../../types';
import { metaSelectorMatches } from '../../store/label-selector';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { syncRevisions, truncateHistory } from '../history/revisions';
import { StatefulSetControl } from './control';
import { isMemberOf, parentAndOrdinal, podRevision } from './identity';
import { claimObjects } from '../framework/controller-ref-manager';
import { availableAt, isRunningAndAvailable, isRunningAndReady } from './pod-state';
import { StatefulPodControl } from './pod-control';
import { completeRollingUpdate, inconsistentStatus, statusJson } from './status';
import { minReadySecondsOf, replicasOf, setSpec, setStatus, type StatefulSetStatus } from './set-types';

export const STATEFULSET_CONTROLLER = 'statefulset-controller';

export class StatefulSetController extends Controller {
  private readonly control: StatefulSetControl;

  constructor(ctx: ControllerContext) {
    super(ctx, STATEFULSET_CONTROLLER);
    const podControl = new StatefulPodControl(ctx.client, ctx.recorder(STATEFULSET_CONTROLLER));
    this.control = new StatefulSetControl(podControl, () => ctx.clock.now());
  }

  protected setup(): void {
    this.watch(GR.statefulsets, (set) => keyOf(set));
    this.watch(GR.pods, (pod) => this.setKeysForPod(pod));
    // A claim that was being deleted blocks its pod's creation; its removal unblocks it.
    this.watch(GR.pvcs, (claim, e) => (e.type === 'DELETED' ? this.setKeysForClaim(claim) : undefined));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.statefulsets).map(keyOf);
  }

  private setsIn(namespace: string | undefined): KubeObject[] {
    return this.ctx.client.peekList(GR.statefulsets, { namespace });
  }

  /** The owning set, or for an orphan every set whose selector would adopt it. */
  private setKeysForPod(pod: KubeObject): string[] {
    const ref = controllerOf(pod);
    if (ref) return ref.kind === 'StatefulSet' ? [`${pod.metadata.namespace}/${ref.name}`] : [];
    return this.setsIn(pod.metadata.namespace).filter((s) => metaSelectorMatches(setSpec(s).selector, pod.metadata.labels)).map(keyOf);
  }

  private setKeysForClaim(claim: KubeObject): string[] {
    const name = claim.metadata.name ?? '';
    return this.setsIn(claim.metadata.namespace)
      .filter((s) => (setSpec(s).volumeClaimTemplates ?? []).some((t) => parentAndOrdinal(name).parent === `${t.metadata?.name}-${s.metadata.name}`))
      .map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    // The stored set (frozen): the sync only reads it, and writes its status from a copy. A
    // copy (get) finished its deferred managedFields too, at every change of one of its pods.
    const set = this.ctx.client.peek(GR.statefulsets, namespace, name);
    if (!set) return;
    const pods = this.claimPods(set);
    const templateLabels = setSpec(set).template?.metadata?.labels ?? {};
    const revisionSet = syncRevisions(this.ctx.client, set, templateLabels);
    const update = revisionSet.update;
    const current = revisionSet.revisions.find((r) => r.metadata.name === setStatus(set).currentRevision) ?? update;
    const collisionCount = setStatus(set).collisionCount ?? 0;

    const result = this.control.updateStatefulSet(set, pods, { current, update, collisionCount });
    this.writeStatus(set, completeRollingUpdate(set, result.status));

    const inUse = new Set([current.metadata.name!, ...pods.map(podRevision)]);
    truncateHistory(this.ctx.client, revisionSet, setSpec(set).revisionHistoryLimit ?? 10, inUse);
    if (result.error !== undefined) throw result.error;
    this.requeueForAvailability(key, set, result.status, pods);
  }

  /**
   * getPodsForStatefulSet with ControllerRefManager semantics: keep owned pods that still
   * match (selector and name), release owned ones that no longer do, adopt matching orphans.
   */
  private claimPods(set: KubeObject): KubeObject[] {
    const match = (pod: KubeObject) => metaSelectorMatches(setSpec(set).selector, pod.metadata.labels) && isMemberOf(set, pod);
    // Frozen store versions (peekList): claimObjects only reads them; see daemonset-controller.ts.
    return claimObjects({ client: this.ctx.client, gr: GR.pods, owner: set, match }, this.ctx.client.peekList(GR.pods, { namespace: set.metadata.namespace }));
  }

  private writeStatus(set: KubeObject, status: StatefulSetStatus): void {
    if (!inconsistentStatus(set, status)) return;
    const fresh = this.ctx.client.peek(GR.statefulsets, set.metadata.namespace, set.metadata.name!);
    if (!fresh || fresh.metadata.uid !== set.metadata.uid) return;
    // The controller owns every status field but conditions (which it does not set).
    const conditions = (fresh.status as { conditions?: unknown } | undefined)?.conditions;
    this.ctx.client.updateStatus({ ...fresh, status: { ...statusJson(status), ...(conditions ? { conditions } : {}) } });
  }

  /**
   * Upstream requeues after minReadySeconds while not every replica is available. Our clock
   * is exact, so requeue just after the soonest pod becomes available instead (a Ready time
   * plus minReadySeconds is not yet "before" now at that very instant).
   */
  private requeueForAvailability(key: string, set: KubeObject, status: StatefulSetStatus, pods: KubeObject[]): void {
    const minReady = minReadySecondsOf(set);
    if (minReady <= 0 || status.availableReplicas === replicasOf(set)) return;
    const now = this.ctx.clock.now();
    const waits = pods
      .filter((p) => isRunningAndReady(p) && !isRunningAndAvailable(p, minReady, now))
      .map((p) => availableAt(p, minReady))
      .filter((t): t is number => t !== undefined)
      .map((t) => Math.max(1, t + 1 - now));
    this.queue.addAfter(key, waits.length ? Math.min(...waits) : minReady * 1000);
  }
}
