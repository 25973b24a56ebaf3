/**
 * DeploymentController (pkg/controller/deployment: deployment_controller.go, sync.go,
 * rolling.go, recreate.go, progress.go). Each sync reads the Deployment and claims its
 * ReplicaSets (adopting orphans its selector matches), then, as syncDeployment does:
 *  - a Deployment being deleted only gets its status refreshed;
 *  - pausing or resuming records a Progressing=Unknown condition;
 *  - a paused Deployment, or a change of spec.replicas (a "scaling event", told apart from a
 *    rollout by the desired-replicas annotation), is only scaled, proportionally across the
 *    active ReplicaSets while a rolling update is under way;
 *  - otherwise the strategy rolls out: RollingUpdate within maxSurge/maxUnavailable, or
 *    Recreate (old pods all gone before the new ReplicaSet scales up).
 * The new ReplicaSet is `<deployment>-<pod-template-hash>`; a template that matches an old
 * ReplicaSet again (kubectl rollout undo) reuses it under a new revision.
 */
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import { metaSelectorMatches, type MetaLabelSelector } from '../../store/label-selector';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import type { EventRecorder } from '../framework/events';
import { canonicalJson, computeHash } from '../history/hash';
import { claimObjects, newControllerRef } from '../framework/controller-ref-manager';
import { desiredReplicasAnnotation, maxRevision, replicasAnnotationsNeedUpdate, REVISION_ANNOTATION, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations';
import { getCondition, newCondition, REASON, setCondition } from './conditions';
import { replicasOf, rsSpec, rsStatus, specOf, statusOf, type DeploymentStatus } from './deployment-types';
import { calculateStatus, deploymentComplete, hasProgressDeadline, progressCheckAfterMs, rolloutStatus } from './progress';
import {
  actualReplicas, availableReplicas, byCreation, byRevision, equalIgnoreHash, filterActive, findActiveOrLatest, findNewReplicaSet,
  findOldReplicaSets, isSaturated, newRSNewReplicas, POD_TEMPLATE_HASH_LABEL, proportionalSizes, specReplicas,
} from './replica-sets';
import { isRollingUpdate, maxSurge, maxUnavailable } from './rolling-params';

export const DEPLOYMENT_CONTROLLER = 'deployment-controller';

/** The Deployment and its claimed ReplicaSets as this sync last wrote or read them. */
interface SyncState {
  key: string;
  d: KubeObject;
  rsList: KubeObject[];
}

function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.code === 409 && err.reason === 'AlreadyExists';
}

function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.code === 404;
}

function selectorIsEmpty(sel: MetaLabelSelector | undefined): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

export class DeploymentController extends Controller {
  private readonly recorder: EventRecorder;

  constructor(ctx: ControllerContext) {
    super(ctx, DEPLOYMENT_CONTROLLER);
    this.recorder = ctx.recorder(DEPLOYMENT_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.deployments, (d) => keyOf(d));
    this.watch(GR.replicasets, (rs) => this.keysForReplicaSet(rs));
    // Recreate waits for the old pods to be gone, which no ReplicaSet status change reports.
    this.watch(GR.pods, (pod, e) => (e.type === 'DELETED' ? this.recreateKeyForPod(pod) : undefined));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.deployments).map(keyOf);
  }

  private keysForReplicaSet(rs: KubeObject): string[] {
    const owner = controllerOf(rs);
    if (owner) return owner.kind === 'Deployment' ? [`${rs.metadata.namespace}/${owner.name}`] : [];
    return this.ctx.client.peekList(GR.deployments, { namespace: rs.metadata.namespace })
      .filter((d) => metaSelectorMatches(specOf(d).selector, rs.metadata.labels))
      .map(keyOf);
  }

  private recreateKeyForPod(pod: KubeObject): string | undefined {
    const rsRef = controllerOf(pod, 'ReplicaSet');
    const rs = rsRef && this.ctx.client.get(GR.replicasets, pod.metadata.namespace, rsRef.name);
    const dRef = rs && controllerOf(rs, 'Deployment');
    const d = dRef && this.ctx.client.get(GR.deployments, pod.metadata.namespace, dRef.name);
    return d && specOf(d).strategy?.type === 'Recreate' ? keyOf(d) : undefined;
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const d = this.ctx.client.get(GR.deployments, namespace, name);
    if (!d) return;
    const spec = specOf(d);
    if (selectorIsEmpty(spec.selector)) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((statusOf(d).observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        this.ctx.client.updateStatus({ ...d, status: { ...statusOf(d), observedGeneration: d.metadata.generation } });
      }
      return;
    }
    const rsCandidates = this.ctx.client.list(GR.replicasets, { namespace });
    const s: SyncState = { key, d, rsList: claimObjects({ client: this.ctx.client, gr: GR.replicasets, owner: d, match: (rs) => metaSelectorMatches(spec.selector, rs.metadata.labels) }, rsCandidates) };

    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = this.allReplicaSets(s, false);
      this.syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
      return;
    }
    this.checkPausedConditions(s);
    if (specOf(s.d).paused || this.isScalingEvent(s)) {
      this.scaleOnly(s);
      return;
    }
    if (specOf(s.d).strategy?.type === 'Recreate') this.rolloutRecreate(s);
    else this.rolloutRolling(s);
  }

  // ---- ReplicaSets of the Deployment -------------------------------------------------

  /** The latest copy of rs this sync has seen (after its own writes). */
  private fresh(s: SyncState, rs: KubeObject): KubeObject;
  private fresh(s: SyncState, rs: KubeObject | undefined): KubeObject | undefined;
  private fresh(s: SyncState, rs: KubeObject | undefined): KubeObject | undefined {
    return rs && (s.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs);
  }

  private remember(s: SyncState, rs: KubeObject): KubeObject {
    const i = s.rsList.findIndex((x) => x.metadata.uid === rs.metadata.uid);
    if (i >= 0) s.rsList[i] = rs;
    else s.rsList.push(rs);
    return rs;
  }

  /** getAllReplicaSetsAndSyncRevision. */
  private allReplicaSets(s: SyncState, createIfMissing: boolean): { newRS: KubeObject | undefined; oldRSs: KubeObject[] } {
    const oldRSs = findOldReplicaSets(s.d, s.rsList);
    const newRS = this.newReplicaSet(s, oldRSs, createIfMissing);
    return { newRS, oldRSs: oldRSs.map((rs) => this.fresh(s, rs)) };
  }

  /** getNewReplicaSet: finds (and re-annotates) or creates the ReplicaSet for the current template. */
  private newReplicaSet(s: SyncState, oldRSs: KubeObject[], createIfMissing: boolean): KubeObject | undefined {
    const d = s.d;
    const spec = specOf(d);
    const replicas = replicasOf(d);
    const newRevision = maxRevision(oldRSs) + 1;
    const existing = findNewReplicaSet(d, s.rsList);
    if (existing) {
      const copy = structuredClone(existing);
      const annotated = setNewReplicaSetAnnotations(d, copy, newRevision, true, replicas, replicas + maxSurge(d));
      const minReadyChanged = (rsSpec(copy).minReadySeconds ?? 0) !== (spec.minReadySeconds ?? 0);
      if (annotated || minReadyChanged) {
        const copySpec = copy.spec as { minReadySeconds?: number };
        if (spec.minReadySeconds) copySpec.minReadySeconds = spec.minReadySeconds;
        else delete copySpec.minReadySeconds;
        // The ReplicaSet's update brings this Deployment back to record the revision.
        return this.remember(s, this.ctx.client.update(copy));
      }
      this.setDeploymentRevision(s, copy.metadata.annotations?.[REVISION_ANNOTATION]);
      if (hasProgressDeadline(s.d) && !getCondition(statusOf(s.d), 'Progressing')) {
        const status = structuredClone(statusOf(s.d));
        setCondition(status, newCondition('Progressing', 'True', REASON.foundNewRS, `Found new replica set "${copy.metadata.name}"`, this.ctx.clock.nowISO()));
        this.writeStatus(s, status);
      }
      return existing;
    }
    if (!createIfMissing) return undefined;

    const collisionCount = statusOf(d).collisionCount;
    const hash = computeHash(spec.template, collisionCount);
    const template = structuredClone(spec.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = structuredClone(spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const rsName = `${d.metadata.name}-${hash}`;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rsName, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [newControllerRef(d, d)] },
      spec: { replicas: 0, ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}), selector, template },
    };
    const newReplicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
    (rs.spec as { replicas: number }).replicas = newReplicas;
    setNewReplicaSetAnnotations(d, rs, newRevision, false, replicas, replicas + maxSurge(d));

    let created: KubeObject;
    let alreadyExisted = false;
    try {
      created = this.ctx.client.create(rs);
    } catch (err) {
      if (isAlreadyExists(err)) {
        const found = this.ctx.client.get(GR.replicasets, d.metadata.namespace, rsName);
        if (found && controllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(spec.template, rsSpec(found).template)) {
          created = found;
          alreadyExisted = true;
        } else {
          // A hash collision with a ReplicaSet that is not ours: hash again with a higher count.
          this.writeStatus(s, { ...structuredClone(statusOf(s.d)), collisionCount: (collisionCount ?? 0) + 1 });
          throw err;
        }
      } else {
        if (err instanceof StatusError && /because it is being terminated/.test(err.message)) throw err;
        const msg = `Failed to create new replica set "${rsName}": ${(err as Error).message}`;
        if (hasProgressDeadline(d)) {
          const status = structuredClone(statusOf(s.d));
          setCondition(status, newCondition('Progressing', 'False', REASON.failedRSCreate, msg, this.ctx.clock.nowISO()));
          try {
            this.writeStatus(s, status);
          } catch {
            // The creation failure is the error worth reporting.
          }
        }
        this.recorder.event(d, 'Warning', REASON.failedRSCreate, msg);
        throw err;
      }
    }
    this.remember(s, created);
    if (!alreadyExisted && newReplicas > 0) {
      this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`);
    }
    this.setDeploymentRevision(s, String(newRevision));
    if (!alreadyExisted && hasProgressDeadline(s.d)) {
      const status = structuredClone(statusOf(s.d));
      setCondition(status, newCondition('Progressing', 'True', REASON.newReplicaSet, `Created new replica set "${created.metadata.name}"`, this.ctx.clock.nowISO()));
      this.writeStatus(s, status);
    }
    return created;
  }

  // ---- Deployment writes ------------------------------------------------------------

  private setDeploymentRevision(s: SyncState, revision: string | undefined): void {
    if (revision === undefined || s.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
    const next = structuredClone(s.d);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
    s.d = this.ctx.client.update(next);
  }

  private writeStatus(s: SyncState, status: DeploymentStatus): void {
    s.d = this.ctx.client.updateStatus({ ...s.d, status });
  }

  /** checkPausedConditions: Progressing=Unknown when pausing or resuming (unless already timed out). */
  private checkPausedConditions(s: SyncState): void {
    if (!hasProgressDeadline(s.d)) return;
    const cond = getCondition(statusOf(s.d), 'Progressing');
    if (cond?.reason === REASON.timedOut) return;
    const pausedRecorded = cond?.reason === REASON.paused;
    const paused = Boolean(specOf(s.d).paused);
    if (paused === pausedRecorded) return;
    const status = structuredClone(statusOf(s.d));
    const c = paused
      ? newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', this.ctx.clock.nowISO())
      : newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', this.ctx.clock.nowISO());
    setCondition(status, c);
    this.writeStatus(s, status);
  }

  /** syncDeploymentStatus: counts and Available only. */
  private syncDeploymentStatus(s: SyncState, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): void {
    const status = calculateStatus(allRSs.map((rs) => this.fresh(s, rs)), this.fresh(s, newRS), s.d, this.ctx.clock.nowISO());
    if (canonicalJson(status) !== canonicalJson(statusOf(s.d))) this.writeStatus(s, status);
  }

  /** syncRolloutStatus: counts, Available, Progressing (with the deadline) and ReplicaFailure. */
  private syncRolloutStatus(s: SyncState, allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): void {
    const now = this.ctx.clock.now();
    const status = rolloutStatus(allRSs.map((rs) => this.fresh(s, rs)), this.fresh(s, newRS), s.d, now, this.ctx.clock.nowISO());
    if (canonicalJson(status) !== canonicalJson(statusOf(s.d))) {
      this.writeStatus(s, status);
      return;
    }
    // Nothing changed: look again when the progress deadline would pass.
    const after = progressCheckAfterMs(s.d, status, now);
    if (after !== undefined) this.queue.addAfter(s.key, after === 0 ? 1 : after);
  }

  // ---- Scaling ----------------------------------------------------------------------

  /** scaleReplicaSet: writes size and desired/max annotations; the event only for a size change. */
  private scaleReplicaSet(s: SyncState, rs: KubeObject, size: number, direction: 'up' | 'down' | undefined): { scaled: boolean; rs: KubeObject } {
    const replicas = replicasOf(s.d);
    const max = replicas + maxSurge(s.d);
    const sizeChanged = replicasOf(rs) !== size;
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicas, max)) return { scaled: false, rs };
    const from = replicasOf(rs);
    const copy = structuredClone(rs);
    (copy.spec as { replicas: number }).replicas = size;
    setReplicasAnnotations(copy, replicas, max);
    const updated = this.remember(s, this.ctx.client.update(copy));
    if (sizeChanged) this.recorder.event(s.d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction ?? (size > from ? 'up' : 'down')} replica set ${rs.metadata.name} from ${from} to ${size}`);
    return { scaled: sizeChanged, rs: updated };
  }

  private scaleAndRecord(s: SyncState, rs: KubeObject, size: number): { scaled: boolean; rs: KubeObject } {
    if (replicasOf(rs) === size) return { scaled: false, rs };
    return this.scaleReplicaSet(s, rs, size, replicasOf(rs) < size ? 'up' : 'down');
  }

  /** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
  private isScalingEvent(s: SyncState): boolean {
    const { newRS, oldRSs } = this.allReplicaSets(s, false);
    const replicas = replicasOf(s.d);
    return filterActive([...oldRSs, newRS]).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== replicas;
    });
  }

  /** sync(): scale only, for paused Deployments and scaling events. */
  private scaleOnly(s: SyncState): void {
    const { newRS, oldRSs } = this.allReplicaSets(s, false);
    this.scale(s, newRS, oldRSs);
    if (specOf(s.d).paused) this.cleanup(s, oldRSs);
    this.syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
  }

  /** scale(): the single active ReplicaSet takes all replicas; otherwise proportionally. */
  private scale(s: SyncState, newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
    const replicas = replicasOf(s.d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== replicas) this.scaleAndRecord(s, activeOrLatest, replicas);
      return;
    }
    if (isSaturated(s.d, newRS)) {
      for (const old of filterActive(oldRSs)) this.scaleAndRecord(s, old, 0);
      return;
    }
    if (!isRollingUpdate(s.d)) return;
    const active = filterActive([...oldRSs, newRS]);
    const toAdd = (replicas > 0 ? replicas + maxSurge(s.d) : 0) - specReplicas(active);
    const direction = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : undefined;
    for (const { rs, size } of proportionalSizes(s.d, active)) this.scaleReplicaSet(s, rs, size, direction);
  }

  // ---- RollingUpdate ----------------------------------------------------------------

  private rolloutRolling(s: SyncState): void {
    const { newRS, oldRSs } = this.allReplicaSets(s, true);
    const all = () => [...oldRSs, newRS].map((rs) => this.fresh(s, rs));
    if (newRS && this.reconcileNewReplicaSet(s, all() as KubeObject[], this.fresh(s, newRS))) {
      this.syncRolloutStatus(s, all(), newRS);
      return;
    }
    if (newRS && this.reconcileOldReplicaSets(s, all() as KubeObject[], filterActive(oldRSs.map((rs) => this.fresh(s, rs))), this.fresh(s, newRS))) {
      this.syncRolloutStatus(s, all(), newRS);
      return;
    }
    if (deploymentComplete(s.d, statusOf(s.d))) this.cleanup(s, oldRSs);
    this.syncRolloutStatus(s, all(), newRS);
  }

  private reconcileNewReplicaSet(s: SyncState, allRSs: KubeObject[], newRS: KubeObject): boolean {
    const replicas = replicasOf(s.d);
    if (replicasOf(newRS) === replicas) return false;
    if (replicasOf(newRS) > replicas) return this.scaleAndRecord(s, newRS, replicas).scaled;
    return this.scaleAndRecord(s, newRS, newRSNewReplicas(s.d, allRSs, newRS)).scaled;
  }

  /** Scale old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first. */
  private reconcileOldReplicaSets(s: SyncState, allRSs: KubeObject[], oldRSs: KubeObject[], newRS: KubeObject): boolean {
    if (specReplicas(oldRSs) === 0) return false;
    const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
    const newUnavailable = replicasOf(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
    const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const { oldRSs: afterCleanup, count: cleaned } = this.cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
    const scaledDown = this.scaleDownOldForRollingUpdate(s, [...afterCleanup, newRS], afterCleanup);
    return cleaned + scaledDown > 0;
  }

  /** Old replicas that are not available go first, so they never block a rollout. */
  private cleanupUnhealthyReplicas(s: SyncState, oldRSs: KubeObject[], maxCleanup: number): { oldRSs: KubeObject[]; count: number } {
    const sorted = [...oldRSs].sort(byCreation);
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (total >= maxCleanup) break;
      const rs = sorted[i];
      const replicas = replicasOf(rs);
      const available = rsStatus(rs).availableReplicas ?? 0;
      if (replicas === 0 || replicas === available) continue;
      const count = Math.min(maxCleanup - total, replicas - available);
      sorted[i] = this.scaleAndRecord(s, rs, replicas - count).rs;
      total += count;
    }
    return { oldRSs: sorted, count: total };
  }

  private scaleDownOldForRollingUpdate(s: SyncState, allRSs: KubeObject[], oldRSs: KubeObject[]): number {
    const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
    const available = availableReplicas(allRSs);
    if (available <= minAvailable) return 0;
    const toScale = available - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (total >= toScale) break;
      if (replicasOf(rs) === 0) continue;
      const count = Math.min(replicasOf(rs), toScale - total);
      this.scaleAndRecord(s, rs, replicasOf(rs) - count);
      total += count;
    }
    return total;
  }

  // ---- Recreate ---------------------------------------------------------------------

  private rolloutRecreate(s: SyncState): void {
    // The new ReplicaSet is not created before the old ones are down.
    let { newRS, oldRSs } = this.allReplicaSets(s, false);
    let scaledDown = false;
    for (const rs of filterActive(oldRSs)) if (this.scaleAndRecord(s, rs, 0).scaled) scaledDown = true;
    const all = () => [...oldRSs, newRS].map((rs) => this.fresh(s, rs));
    if (scaledDown || this.oldPodsRunning(s, newRS, oldRSs.map((rs) => this.fresh(s, rs)))) {
      this.syncRolloutStatus(s, all(), newRS);
      return;
    }
    if (!newRS) ({ newRS, oldRSs } = this.allReplicaSets(s, true));
    if (newRS) this.scaleAndRecord(s, this.fresh(s, newRS), replicasOf(s.d));
    if (deploymentComplete(s.d, statusOf(s.d))) this.cleanup(s, oldRSs);
    this.syncRolloutStatus(s, all(), newRS);
  }

  /** Old ReplicaSets still count pods, or any of their pods (terminating ones too) is not terminal. */
  private oldPodsRunning(s: SyncState, newRS: KubeObject | undefined, oldRSs: KubeObject[]): boolean {
    if (actualReplicas(oldRSs) > 0) return true;
    const owned = new Set(s.rsList.map((rs) => rs.metadata.uid).filter((uid) => uid !== newRS?.metadata.uid));
    return this.ctx.client.list(GR.pods, { namespace: s.d.metadata.namespace })
      .filter((p) => metaSelectorMatches(specOf(s.d).selector, p.metadata.labels))
      .some((p) => {
        const ref = controllerOf(p);
        if (!ref || !owned.has(ref.uid)) return false;
        const phase = (p.status as { phase?: string } | undefined)?.phase;
        return phase !== 'Failed' && phase !== 'Succeeded';
      });
  }

  // ---- History ----------------------------------------------------------------------

  /** cleanupDeployment: deletes the oldest idle ReplicaSets beyond revisionHistoryLimit. */
  private cleanup(s: SyncState, oldRSs: KubeObject[]): void {
    const limit = specOf(s.d).revisionHistoryLimit;
    if (limit === undefined || limit === 2147483647) return;
    const cleanable = oldRSs.map((rs) => this.fresh(s, rs)).filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    for (const rs of cleanable.sort(byRevision).slice(0, diff)) {
      const st = rsStatus(rs);
      if ((st.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) continue;
      try {
        this.ctx.client.delete(GR.replicasets, rs.metadata.namespace, rs.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
