/**
 * JobController: runs a Job's pods to completion (pkg/controller/job/job_controller.go,
 * syncJob / manageJob / trackJobStatusAndRemoveFinalizers). One sync reads the Job and every
 * pod it controls, decides whether the Job has met its success criteria or failed, creates or
 * deletes pods toward the wanted number, then records finished pods in three steps so no pod
 * is counted twice or lost: UIDs into status.uncountedTerminatedPods, the tracking finalizer
 * off the pods, the counters up. Terminal conditions come in pairs (1.31+): SuccessCriteriaMet
 * then Complete, FailureTarget then Failed, the second only once no pod is terminating.
 * Indexed Jobs may also end by index: backoffLimitPerIndex retries each index on its own and
 * records those that gave up in status.failedIndexes (index-failures.ts), and a successPolicy
 * rule may declare success before every index is done (success-policy.ts).
 */
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { fromMetaLabelSelector, matchesLabelSelector } from '../../store/label-selector';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { claimObjects } from '../framework/controller-ref-manager';
import type { EventRecorder } from '../framework/events';
import { NO_BACKOFF, nextBackoffRecord, remainingBackoff, type BackoffRecord } from './backoff';
import { MESSAGE, REASON, ensureCondition, findCondition, finishedCondition, newCondition, orderedStatus } from './conditions';
import { firstPendingIndexes, formatIndexes, parseIndexes } from './indexes';
import { failedIndexesOf, failureCountAnnotations, hasBackoffLimitPerIndex, podsWithDelayedDeletion, remainingTimePerIndex } from './index-failures';
import { JobPodControl } from './pod-control';
import { matchPodFailurePolicy } from './pod-failure-policy';
import {
  compareForRemoval, completionIndexOf, finishedAt, hasTrackingFinalizer, isActive, isPodFailed, isReady, isTerminating, JOB_TRACKING_FINALIZER, onlyReplaceFailedPods, phaseOf, restartsOf,
} from './pod-state';
import { podForJob } from './pod-template';
import { SUCCESS_POLICY_REASON, matchSuccessPolicy } from './success-policy';

export const JOB_CONTROLLER_COMPONENT = 'job-controller';
/** Upstream caps creations and deletions per sync (MaxPodCreateDeletePerSync). */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** Jobs whose spec.managedBy names another controller are left alone. */
const MANAGED_BY_SELF = 'kubernetes.io/job-controller';
const ORPHAN_KEY_PREFIX = 'pod:';

/** What one sync knows about a Job; mirrors upstream's syncJobCtx. */
interface SyncState {
  key: string;
  job: Job;
  status: JobStatus;
  pods: Pod[];
  active: Pod[];
  terminating: number;
  ready: number;
  succeeded: number;
  failed: number;
  succeededIndexes: number[];
  prevSucceededIndexes: Set<number>;
  /** backoffLimitPerIndex only: indexes that failed for good (status.failedIndexes). */
  failedIndexes?: number[];
  /** backoffLimitPerIndex only: per index, the failed pod kept until its replacement exists. */
  delayedDeletion: Map<number, Pod>;
  finished?: JobCondition;
  backoff: BackoffRecord;
}

function suspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

function indexed(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** A pod of an Indexed Job needs an index below completions to count. */
function validIndex(job: Job, pod: Pod): number | undefined {
  const ix = completionIndexOf(pod);
  return ix !== undefined && ix < (job.spec?.completions ?? 0) ? ix : undefined;
}

export class JobController extends Controller {
  private readonly recorder: EventRecorder;
  private readonly pods: JobPodControl;
  private readonly backoff = new Map<string, BackoffRecord>();

  constructor(ctx: ControllerContext) {
    super(ctx, JOB_CONTROLLER_COMPONENT);
    this.recorder = ctx.recorder(JOB_CONTROLLER_COMPONENT);
    this.pods = new JobPodControl(ctx.client, this.recorder);
  }

  protected setup(): void {
    this.watch(GR.jobs, (o) => keyOf(o));
    this.watch(GR.pods, (o) => this.keysForPod(o as unknown as Pod));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.jobs).map(keyOf);
  }

  /** The Job controlling the pod, the Jobs that could adopt it, or the pod itself when its finalizer has no Job left to remove it. */
  private keysForPod(pod: Pod): string[] {
    const ns = pod.metadata!.namespace!;
    const ref = controllerOf(pod as unknown as KubeObject);
    if (ref) {
      if (ref.kind !== 'Job') return [];
      const job = this.ctx.client.peek(GR.jobs, ns, ref.name);
      if (!job || job.metadata.uid !== ref.uid) return hasTrackingFinalizer(pod) ? [`${ORPHAN_KEY_PREFIX}${ns}/${pod.metadata!.name}`] : [];
      return [`${ns}/${ref.name}`];
    }
    const keys = hasTrackingFinalizer(pod) ? [`${ORPHAN_KEY_PREFIX}${ns}/${pod.metadata!.name}`] : [];
    if (pod.metadata!.deletionTimestamp) return keys;
    for (const job of this.ctx.client.peekList(GR.jobs, { namespace: ns })) {
      const sel = fromMetaLabelSelector((job.spec as Job['spec'])?.selector);
      if (matchesLabelSelector(sel, pod.metadata!.labels)) keys.push(keyOf(job));
    }
    return keys;
  }

  sync(key: string): void {
    if (key.startsWith(ORPHAN_KEY_PREFIX)) return this.syncOrphanPod(key.slice(ORPHAN_KEY_PREFIX.length));
    this.syncJob(key);
  }

  /** Removes the tracking finalizer from a pod whose Job is gone or finished (syncOrphanPod). */
  private syncOrphanPod(podKey: string): void {
    const { namespace, name } = splitKey(podKey);
    const pod = this.ctx.client.peek(GR.pods, namespace, name) as unknown as Pod | undefined;
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerOf(pod as unknown as KubeObject);
    if (ref) {
      if (ref.kind !== 'Job') return;
      const job = this.ctx.client.peek(GR.jobs, namespace, ref.name) as unknown as Job | undefined;
      if (job && job.metadata!.uid === ref.uid && !finishedCondition(job)) return;
    }
    this.pods.removeTrackingFinalizer(pod);
  }

  private syncJob(key: string): void {
    const { namespace, name } = splitKey(key);
    const live = this.ctx.client.peek(GR.jobs, namespace, name) as unknown as Job | undefined;
    if (!live || finishedCondition(live)) {
      this.backoff.delete(key);
      return;
    }
    const managedBy = live.spec?.managedBy;
    if (managedBy && managedBy !== MANAGED_BY_SELF) return;
    if (live.spec?.completionMode && !['NonIndexed', 'Indexed'].includes(live.spec.completionMode)) {
      this.recorder.event(live as unknown as KubeObject, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    // The stored Job is frozen (peek): the sync changes only status, built below from copies
    // of the parts it edits, on a shallow copy of the Job.
    const job: Job = { ...live };
    const status: JobStatus = { ...(job.status ?? {}) };
    status.conditions = [...(status.conditions ?? [])];
    status.uncountedTerminatedPods = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
    job.status = status;
    const before = JSON.stringify({ active: status.active ?? 0, ready: status.ready, terminating: status.terminating, startTime: status.startTime });

    const pods = this.claimPods(job);
    const active = pods.filter(isActive);
    const uncountedSucceeded = new Set(status.uncountedTerminatedPods.succeeded);
    const uncountedFailed = new Set(status.uncountedTerminatedPods.failed);
    // Pods still carrying the finalizer and not yet noted in status are new news.
    const fresh = pods.filter((p) => hasTrackingFinalizer(p) && !uncountedSucceeded.has(p.metadata!.uid!) && !uncountedFailed.has(p.metadata!.uid!) && (!indexed(job) || validIndex(job, p) !== undefined));
    const newSucceeded = fresh.filter((p) => phaseOf(p) === 'Succeeded');
    const newFailed = fresh.filter((p) => isPodFailed(p, job));
    const nonIgnoredFailed = newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length;

    const now = this.ctx.clock.now();
    const nowIso = this.ctx.clock.nowISO();
    if (!status.startTime && !suspended(job)) status.startTime = nowIso;

    const prevSucceededIndexes = new Set(indexed(job) ? parseIndexes(status.completedIndexes, job.spec!.completions!) : []);
    const succeededIndexes = new Set(prevSucceededIndexes);
    if (indexed(job)) for (const p of pods) if (phaseOf(p) === 'Succeeded' && validIndex(job, p) !== undefined) succeededIndexes.add(validIndex(job, p)!);

    const st: SyncState = {
      key,
      job,
      status,
      pods,
      active,
      terminating: pods.filter(isTerminating).length,
      ready: active.filter(isReady).length,
      succeeded: indexed(job) ? succeededIndexes.size : (status.succeeded ?? 0) + newSucceeded.length + uncountedSucceeded.size,
      failed: (status.failed ?? 0) + nonIgnoredFailed + uncountedFailed.size,
      succeededIndexes: [...succeededIndexes].sort((a, b) => a - b),
      prevSucceededIndexes,
      backoff: nextBackoffRecord(this.backoff.get(key) ?? NO_BACKOFF, newSucceeded.map(finishedAt), newFailed.map(finishedAt)),
      delayedDeletion: new Map(),
    };

    st.finished = this.decideFinished(st, now, nowIso);

    let activeCount = active.length;
    let suspendChanged = false;
    if (st.finished) {
      // A failing Job stops its pods first; finalizers stay on until they are counted.
      let deleted = 0;
      for (const p of active) {
        if (this.pods.delete(job, p)) {
          deleted++;
          if (isReady(p)) st.ready--;
        }
      }
      if (deleted !== activeCount) st.finished = undefined;
      activeCount -= deleted;
      st.terminating += deleted;
    } else {
      let manageCalled = false;
      if (!job.metadata!.deletionTimestamp) {
        activeCount = this.manageJob(st);
        manageCalled = true;
      }
      const completions = job.spec?.completions;
      const complete = completions === undefined || completions === null ? st.succeeded > 0 && activeCount === 0 : st.succeeded >= completions && activeCount === 0;
      if (complete) {
        st.finished = newCondition('SuccessCriteriaMet', 'True', REASON.completionsReached, MESSAGE.completionsReached, nowIso);
      } else if (manageCalled) {
        suspendChanged = this.reconcileSuspended(job, status, nowIso);
      }
    }

    status.active = activeCount;
    status.ready = st.ready;
    status.terminating = st.terminating;
    const after = JSON.stringify({ active: status.active, ready: status.ready, terminating: status.terminating, startTime: status.startTime });
    this.trackStatusAndRemoveFinalizers(st, suspendChanged || before !== after);
  }

  /**
   * The condition the Job is heading for, if any (syncJob, in upstream's order): success kept,
   * FailureTarget kept, a FailJob rule, the Job-wide limits, then for Indexed Jobs the failed
   * indexes (backoffLimitPerIndex, maxFailedIndexes) and the successPolicy.
   */
  private decideFinished(st: SyncState, now: number, nowIso: string): JobCondition | undefined {
    let finished = this.decideJobWideFinish(st, now, nowIso);
    const { job } = st;
    if (!indexed(job)) return finished;
    const completions = job.spec!.completions!;
    if (hasBackoffLimitPerIndex(job)) {
      st.failedIndexes = failedIndexesOf(job, st.pods, parseIndexes(st.status.failedIndexes ?? '', completions));
      const failed = st.failedIndexes.length;
      const max = job.spec!.maxFailedIndexes;
      if (!finished && max !== undefined && max !== null && failed > max) {
        finished = newCondition('FailureTarget', 'True', REASON.maxFailedIndexesExceeded, MESSAGE.maxFailedIndexesExceeded, nowIso);
      } else if (!finished && failed > 0 && failed + st.succeededIndexes.length >= completions) {
        finished = newCondition('FailureTarget', 'True', REASON.failedIndexes, MESSAGE.failedIndexes, nowIso);
      }
      const active = new Set(st.active.map((p) => validIndex(job, p)).filter((ix): ix is number => ix !== undefined));
      st.delayedDeletion = podsWithDelayedDeletion(job, st.pods, { succeeded: new Set(st.succeededIndexes), failed: new Set(st.failedIndexes), active });
    }
    if (!finished) {
      const message = matchSuccessPolicy(job.spec?.successPolicy, completions, st.succeededIndexes);
      if (message) finished = newCondition('SuccessCriteriaMet', 'True', SUCCESS_POLICY_REASON, message, nowIso);
    }
    return finished;
  }

  /** decideFinished's Job-wide part: the conditions any Job can reach. */
  private decideJobWideFinish(st: SyncState, now: number, nowIso: string): JobCondition | undefined {
    const { job, status } = st;
    const met = findCondition(job, 'SuccessCriteriaMet');
    if (met?.status === 'True') return met;
    const target = findCondition(job, 'FailureTarget');
    if (target?.status === 'True') return newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', nowIso);
    if (job.spec?.podFailurePolicy) {
      for (const p of st.pods) {
        if (!isPodFailed(p, job)) continue;
        const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p);
        if (m.failJobMessage) return newCondition('FailureTarget', 'True', REASON.podFailurePolicy, m.failJobMessage, nowIso);
      }
    }
    // Defaulting gives backoffLimitPerIndex Jobs MaxInt32 (SetDefaults_Job); a Job stored without it gets the same.
    const backoffLimit = job.spec?.backoffLimit ?? (hasBackoffLimitPerIndex(job) ? 2147483647 : 6);
    if (st.failed > backoffLimit || this.pastBackoffLimitOnFailure(job, st.pods)) {
      return newCondition('FailureTarget', 'True', REASON.backoffLimitExceeded, MESSAGE.backoffLimitExceeded, nowIso);
    }
    const deadline = job.spec?.activeDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && status.startTime && !suspended(job)) {
      const left = deadline * 1000 - (now - Date.parse(status.startTime));
      if (left <= 0) return newCondition('FailureTarget', 'True', REASON.deadlineExceeded, MESSAGE.deadlineExceeded, nowIso);
      this.queue.addAfter(st.key, left);
    }
    return undefined;
  }

  /** restartPolicy OnFailure: restarts of Pending/Running pods reaching backoffLimit fail the Job (pastBackoffLimitOnFailure). */
  private pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
    if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
    const restarts = pods.reduce((n, p) => n + restartsOf(p), 0);
    const limit = job.spec.backoffLimit ?? 6;
    return limit === 0 ? restarts > 0 : restarts >= limit;
  }

  /** Suspended=True while suspended (event Suspended); False on resume (event Resumed, startTime restarts). */
  private reconcileSuspended(job: Job, status: JobStatus, nowIso: string): boolean {
    const conditions = status.conditions!;
    if (suspended(job)) {
      const changed = ensureCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowIso);
      if (changed) this.recorder.event(job as unknown as KubeObject, 'Normal', 'Suspended', 'Job suspended');
      return changed;
    }
    const changed = ensureCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowIso);
    if (changed) {
      this.recorder.event(job as unknown as KubeObject, 'Normal', 'Resumed', 'Job resumed');
      // activeDeadlineSeconds counts continuous activity, so it starts again on resume.
      status.startTime = nowIso;
    }
    return changed;
  }

  /** Pods this Job controls; adopts matching orphans and releases owned pods that stopped matching. */
  private claimPods(job: Job): Pod[] {
    const sel = fromMetaLabelSelector(job.spec?.selector);
    const candidates = this.ctx.client.peekList(GR.pods, { namespace: job.metadata!.namespace });
    return claimObjects({
      client: this.ctx.client,
      gr: GR.pods,
      owner: job as unknown as KubeObject,
      match: (pod) => matchesLabelSelector(sel, pod.metadata.labels),
      // NewPodControllerRefManager(..., batch.JobTrackingFinalizer): an adopted pod is tracked too.
      finalizers: [JOB_TRACKING_FINALIZER],
      keepUnmatchedWhileOwnerDeleting: true,
    }, candidates) as unknown as Pod[];
  }

  /** Creates or deletes pods toward the wanted number; returns the new active count (manageJob). */
  private manageJob(st: SyncState): number {
    const { job } = st;
    const active = st.active.length;
    if (suspended(job)) {
      const removed = this.deleteJobPods(st, [...st.active].sort(compareForRemoval));
      return active - removed;
    }
    const parallelism = job.spec?.parallelism ?? 1;
    const completions = job.spec?.completions;
    let wantActive: number;
    if (completions === undefined || completions === null) wantActive = st.succeeded > 0 ? active : parallelism;
    else wantActive = Math.max(0, Math.min(parallelism, completions - st.succeeded));

    const toDelete = this.activePodsForRemoval(job, st.active, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (toDelete.length > 0) {
      // Deleting and creating in one sync could fight each other; deletion wins (as upstream).
      return active - this.deleteJobPods(st, toDelete);
    }

    const waitingToTerminate = onlyReplaceFailedPods(job) ? st.terminating : 0;
    let diff = wantActive - waitingToTerminate - active;
    if (diff <= 0) return active;
    const now = this.ctx.clock.now();
    // With backoffLimitPerIndex each index waits on its own failures, not the Job's.
    const perIndex = hasBackoffLimitPerIndex(job);
    const wait = perIndex ? 0 : remainingBackoff(st.backoff, now);
    if (wait > 0) {
      this.queue.addAfter(st.key, wait);
      return active;
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] | undefined;
    if (indexed(job)) {
      // firstPendingIndexes: not succeeded, not failed for good, not running, and under
      // podReplacementPolicy Failed not still terminating either.
      const taken = new Set([...st.succeededIndexes, ...(st.failedIndexes ?? [])]);
      const holding = onlyReplaceFailedPods(job) ? [...st.active, ...st.pods.filter(isTerminating)] : st.active;
      for (const p of holding) {
        const ix = validIndex(job, p);
        if (ix !== undefined) taken.add(ix);
      }
      indexes = firstPendingIndexes(diff, completions!, taken);
      if (perIndex && indexes.length > 0) {
        // getPodCreationInfoForIndependentIndexes: create the indexes whose backoff is over; if
        // none is, come back when the first one's ends.
        const waits = indexes.map((ix) => remainingTimePerIndex(st.delayedDeletion.get(ix), now));
        const ready = indexes.filter((_, i) => waits[i] === 0);
        if (ready.length === 0) {
          this.queue.addAfter(st.key, Math.min(...waits));
          return active;
        }
        indexes = ready;
      }
      diff = indexes.length;
    }
    // Slow start: batches of 1, 2, 4, …; a failed create skips the rest until the next sync.
    let created = 0;
    for (let batch = Math.min(diff, 1); diff > 0; batch = Math.min(2 * batch, diff)) {
      let failed = false;
      for (let i = 0; i < batch; i++) {
        const index = indexes?.shift();
        try {
          const counts = perIndex && index !== undefined ? failureCountAnnotations(job, st.delayedDeletion.get(index)) : {};
          this.pods.create(job, podForJob(job, index, counts));
          created++;
        } catch {
          failed = true;
        }
      }
      if (failed) {
        this.queue.addRateLimited(st.key);
        break;
      }
      diff -= batch;
    }
    return active + created;
  }

  /** Indexed Jobs first drop pods with a duplicate or out-of-range index, then the least advanced pods. */
  private activePodsForRemoval(job: Job, active: Pod[], atLeast: number): Pod[] {
    const rm: Pod[] = [];
    let left = active;
    if (indexed(job)) {
      left = [];
      const byIndex = new Map<number, Pod[]>();
      for (const p of active) {
        const ix = validIndex(job, p);
        if (ix === undefined) rm.push(p);
        else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
      }
      for (const group of byIndex.values()) {
        const sorted = [...group].sort(compareForRemoval);
        rm.push(...sorted.slice(0, -1));
        left.push(sorted[sorted.length - 1]);
      }
    }
    if (rm.length < atLeast) rm.push(...[...left].sort(compareForRemoval).slice(0, atLeast - rm.length));
    return rm;
  }

  /** Scale-down and suspend: the finalizer comes off first, so these pods never count as failed. */
  private deleteJobPods(st: SyncState, pods: Pod[]): number {
    let removed = 0;
    for (const p of pods) {
      if (!this.pods.removeTrackingFinalizer(p)) continue;
      if (!this.pods.delete(st.job, p)) continue;
      removed++;
      st.terminating++;
      if (isReady(p)) st.ready--;
    }
    return removed;
  }

  /**
   * Counts finished pods exactly once: UIDs go to uncountedTerminatedPods (written), finalizers
   * come off, then the UIDs become counters. Adds the interim and the final conditions.
   */
  private trackStatusAndRemoveFinalizers(st: SyncState, needsFlushIn: boolean): void {
    const { status } = st;
    let job = st.job;
    let needsFlush = needsFlushIn;
    const uncounted = status.uncountedTerminatedPods as { succeeded: string[]; failed: string[] };
    const uncountedSucceeded = new Set(uncounted.succeeded);
    const uncountedFailed = new Set(uncounted.failed);
    const withFinalizer = new Set(st.pods.filter(hasTrackingFinalizer).map((p) => p.metadata!.uid!));
    if (this.countUncountedWithoutFinalizer(status, withFinalizer)) needsFlush = true;

    const toRemoveFinalizer: Pod[] = [];
    const newSucceededIndexes: number[] = [];
    const failureFinish = st.finished !== undefined && st.finished.type !== 'SuccessCriteriaMet';
    const pods = indexed(job) ? [...st.pods].sort((a, b) => (completionIndexOf(a) ?? -1) - (completionIndexOf(b) ?? -1)) : st.pods;
    for (const pod of pods) {
      if (!hasTrackingFinalizer(pod)) continue;
      const uid = pod.metadata!.uid!;
      const considerFailed = isPodFailed(pod, job);
      const canRemove = Boolean(job.metadata!.deletionTimestamp) || st.finished !== undefined || phaseOf(pod) === 'Succeeded' || (considerFailed && !this.awaitsReplacement(st, pod));
      if (!canRemove) continue;
      toRemoveFinalizer.push(pod);
      if (phaseOf(pod) === 'Succeeded' && !uncountedFailed.has(uid)) {
        if (indexed(job)) {
          const ix = validIndex(job, pod);
          if (ix !== undefined && !st.prevSucceededIndexes.has(ix)) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!uncountedSucceeded.has(uid)) {
          uncounted.succeeded.push(uid);
          needsFlush = true;
        }
      } else if (considerFailed || failureFinish) {
        // Once the Job is failing, every pod that has not succeeded counts as failed.
        if (uncountedFailed.has(uid) || (indexed(job) && validIndex(job, pod) === undefined)) continue;
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
          uncounted.failed.push(uid);
          needsFlush = true;
        }
      }
    }
    if (indexed(job)) {
      const text = formatIndexes([...st.succeededIndexes, ...newSucceededIndexes]);
      if (text !== (status.completedIndexes ?? '')) needsFlush = true;
      status.completedIndexes = text;
      status.succeeded = parseIndexes(text, job.spec!.completions!).length;
      if (st.failedIndexes !== undefined) {
        const failedText = formatIndexes(st.failedIndexes);
        if (failedText !== status.failedIndexes) needsFlush = true;
        status.failedIndexes = failedText;
      }
    }

    let finished = st.finished;
    if (finished?.type === 'FailureTarget') {
      status.conditions!.push(finished);
      needsFlush = true;
      finished = newCondition('Failed', 'True', finished.reason ?? '', finished.message ?? '', this.ctx.clock.nowISO());
    } else if (finished?.type === 'SuccessCriteriaMet') {
      if (!findCondition(job, 'SuccessCriteriaMet')) {
        status.conditions!.push(finished);
        needsFlush = true;
      }
      finished = newCondition('Complete', 'True', finished.reason ?? '', finished.message ?? '', this.ctx.clock.nowISO());
    }

    // Step 1: the UIDs of finished pods reach status before their finalizers go.
    if (needsFlush) {
      job = this.writeStatus(job, status);
      this.backoff.set(st.key, st.backoff);
      needsFlush = false;
    }
    // Step 2: finalizers off; step 3: those UIDs become counters.
    for (const p of toRemoveFinalizer) if (this.pods.removeTrackingFinalizer(p)) withFinalizer.delete(p.metadata!.uid!);
    if (this.countUncountedWithoutFinalizer(status, withFinalizer)) needsFlush = true;

    let jobFinished = false;
    const pending = (uncounted.succeeded.length ?? 0) + (uncounted.failed.length ?? 0);
    if (finished && pending === 0 && st.terminating === 0) {
      ensureCondition(status.conditions!, finished.type, 'True', finished.reason ?? '', finished.message ?? '', this.ctx.clock.nowISO());
      if (finished.type === 'Complete') status.completionTime = findCondition({ status } as Job, 'Complete')!.lastTransitionTime;
      jobFinished = true;
      needsFlush = true;
    }
    if (!needsFlush) return;
    job = this.writeStatus(job, status);
    if (!jobFinished || !finished) return;
    const obj = job as unknown as KubeObject;
    if (finished.type === 'Complete') {
      const completions = job.spec?.completions;
      if (completions !== undefined && completions !== null && (status.succeeded ?? 0) > completions) {
        this.recorder.event(obj, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
      this.recorder.event(obj, 'Normal', 'Completed', 'Job completed');
    } else {
      this.recorder.event(obj, 'Warning', finished.reason ?? '', finished.message ?? '');
    }
  }

  /** backoffLimitPerIndex: the failed pod keeps its finalizer until its index has a replacement (canRemoveFinalizer). */
  private awaitsReplacement(st: SyncState, pod: Pod): boolean {
    const ix = completionIndexOf(pod);
    return ix !== undefined && st.delayedDeletion.get(ix)?.metadata?.uid === pod.metadata!.uid;
  }

  /** Moves uncounted UIDs whose pods no longer carry the finalizer into the counters (cleanUncountedPodsWithoutFinalizers). */
  private countUncountedWithoutFinalizer(status: JobStatus, withFinalizer: Set<string>): boolean {
    const u = status.uncountedTerminatedPods as { succeeded: string[]; failed: string[] };
    const keepS = u.succeeded.filter((id) => withFinalizer.has(id));
    const keepF = u.failed.filter((id) => withFinalizer.has(id));
    const changed = keepS.length !== u.succeeded.length || keepF.length !== u.failed.length;
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded.length - keepS.length);
    status.failed = (status.failed ?? 0) + (u.failed.length - keepF.length);
    u.succeeded = keepS;
    u.failed = keepF;
    return changed;
  }

  private writeStatus(job: Job, status: JobStatus): Job {
    const next = { ...job, status: orderedStatus(status) };
    return this.ctx.client.updateStatus(next as unknown as KubeObject) as unknown as Job;
  }
}
