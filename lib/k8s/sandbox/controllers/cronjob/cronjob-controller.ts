/**
 * CronJobController: starts a Job at each scheduled time (pkg/controller/cronjob/
 * cronjob_controllerv2.go, sync / syncCronJob / cleanupFinishedJobs). It is woken by its
 * CronJobs and their Jobs, and by a timer on the cluster clock 100ms after the next scheduled
 * time. One sync reconciles status.active with the Jobs that exist, starts at most one Job (the
 * most recent unmet time) under the concurrency policy and deadline, then prunes history.
 */
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { StatusError } from '../../errors';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import type { EventRecorder } from '../framework/events';
import { jobFromTemplate, jobNameFor, rfc1123z } from './job-from-template';
import { UnknownTimeZoneError, UnparseableScheduleError, isValidTimeZone, parseSchedule, type Schedule } from './schedule';
import { nextScheduleDelay, nextScheduleTime, type ScheduleState } from './schedule-times';

export const CRONJOB_CONTROLLER_COMPONENT = 'cronjob-controller';

type FinishedType = 'Complete' | 'Failed';

function finishedType(job: Job): FinishedType | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as FinishedType | undefined;
}

function jobRef(job: Job): ObjectReference {
  return { kind: 'Job', namespace: job.metadata!.namespace, name: job.metadata!.name, uid: job.metadata!.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata!.resourceVersion };
}

/** byJobStartTime: oldest start first, Jobs that never started last, names break ties. */
function byStartTime(a: Job, b: Job): number {
  const as = a.status?.startTime;
  const bs = b.status?.startTime;
  if (!as || !bs) return as ? -1 : bs ? 1 : a.metadata!.name!.localeCompare(b.metadata!.name!);
  return Date.parse(as) - Date.parse(bs) || a.metadata!.name!.localeCompare(b.metadata!.name!);
}

/** CronJobStatus in the API's field order. */
function orderedStatus(s: CronJobStatus): CronJobStatus {
  const out: CronJobStatus = {};
  if (s.active?.length) out.active = s.active;
  if (s.lastScheduleTime) out.lastScheduleTime = s.lastScheduleTime;
  if (s.lastSuccessfulTime) out.lastSuccessfulTime = s.lastSuccessfulTime;
  return out;
}

export class CronJobController extends Controller {
  private readonly recorder: EventRecorder;
  /** Parsed schedules by `timeZone|schedule`; parsing is the costly part of a sync. */
  private readonly schedules = new Map<string, Schedule | Error>();

  constructor(ctx: ControllerContext) {
    super(ctx, CRONJOB_CONTROLLER_COMPONENT);
    this.recorder = ctx.recorder(CRONJOB_CONTROLLER_COMPONENT);
  }

  protected setup(): void {
    this.watch(GR.cronjobs, (o) => keyOf(o));
    this.watch(GR.jobs, (o) => {
      const ref = controllerOf(o, 'CronJob');
      return ref ? `${o.metadata.namespace}/${ref.name}` : undefined;
    });
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.cronjobs).map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const live = this.ctx.client.peek(GR.cronjobs, namespace, name) as unknown as CronJob | undefined;
    if (!live) return;
    // The stored CronJob is frozen (peek): the sync changes only status, built below from
    // copies of the parts it edits, on a shallow copy of the CronJob.
    const cj: CronJob = { ...live };
    const status: CronJobStatus = { ...(cj.status ?? {}), active: [...(cj.status?.active ?? [])] };
    cj.status = status;
    const jobs = this.ctx.client
      .peekList(GR.jobs, { namespace })
      .filter((j) => controllerOf(j, 'CronJob')?.uid === cj.metadata!.uid) as unknown as Job[];

    let changed = this.reconcileActive(cj, status, jobs);
    const { requeueAfter, changed: scheduled } = this.runSchedule(cj, status);
    changed = scheduled || changed;
    if (!cj.metadata!.deletionTimestamp && this.cleanupFinishedJobs(cj, status, jobs)) changed = true;
    if (changed) this.ctx.client.updateStatus({ ...cj, status: orderedStatus(status) } as unknown as KubeObject);
    if (requeueAfter !== undefined) this.queue.addAfter(key, requeueAfter);
  }

  /** Matches status.active with the Jobs that exist: finished ones leave (SawCompletedJob), vanished ones too (MissingJob). */
  private reconcileActive(cj: CronJob, status: CronJobStatus, jobs: Job[]): boolean {
    let changed = false;
    const obj = cj as unknown as KubeObject;
    const inActive = (uid?: string) => status.active!.some((r) => r.uid === uid);
    for (const j of jobs) {
      const found = inActive(j.metadata!.uid);
      const finished = finishedType(j);
      if (!found && !finished) {
        // Also what `kubectl create job --from=cronjob/x` Jobs get: owned, but never scheduled.
        this.recorder.event(obj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata!.name}`);
      } else if (found && finished) {
        status.active = status.active!.filter((r) => r.uid !== j.metadata!.uid);
        this.recorder.event(obj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata!.name}, status: ${finished}`);
        changed = true;
      } else if (finished) {
        const done = j.status?.completionTime;
        if (done && (!status.lastSuccessfulTime || Date.parse(done) > Date.parse(status.lastSuccessfulTime))) {
          status.lastSuccessfulTime = done;
          changed = true;
        }
      }
    }
    const uids = new Set(jobs.map((j) => j.metadata!.uid));
    for (const ref of [...status.active!]) {
      if (uids.has(ref.uid) || this.ctx.client.peek(GR.jobs, ref.namespace, ref.name!)) continue;
      this.recorder.event(obj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      status.active = status.active!.filter((r) => r.uid !== ref.uid);
      changed = true;
    }
    return changed;
  }

  private schedule(cj: CronJob): Schedule | Error {
    const key = `${cj.spec!.timeZone ?? ''}|${cj.spec!.schedule}`;
    let s = this.schedules.get(key);
    if (!s) {
      try {
        s = parseSchedule(cj.spec!.schedule, cj.spec!.timeZone);
      } catch (err) {
        s = err as Error;
      }
      if (this.schedules.size > 1000) this.schedules.clear();
      this.schedules.set(key, s);
    }
    return s;
  }

  /** Starts the Job for the most recent unmet time, if allowed; returns when to look again. */
  private runSchedule(cj: CronJob, status: CronJobStatus): { requeueAfter?: number; changed: boolean } {
    const obj = cj as unknown as KubeObject;
    const spec = cj.spec!;
    if (cj.metadata!.deletionTimestamp) return { changed: false };
    if (spec.timeZone && !isValidTimeZone(spec.timeZone)) {
      this.recorder.event(obj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(spec.timeZone)}: unknown time zone ${spec.timeZone}`);
      return { changed: false };
    }
    if (spec.suspend) return { changed: false };
    if (spec.schedule.includes('TZ')) {
      this.recorder.event(obj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(spec.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    }
    const sched = this.schedule(cj);
    if (sched instanceof UnknownTimeZoneError) {
      this.recorder.event(obj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(sched.timeZone)}: unknown time zone ${sched.timeZone}`);
      return { changed: false };
    }
    if (sched instanceof UnparseableScheduleError || sched instanceof Error) {
      this.recorder.event(obj, 'Warning', 'UnparseableSchedule', sched.message);
      return { changed: false };
    }
    const now = this.ctx.clock.now();
    const st: ScheduleState = {
      creationMs: Date.parse(cj.metadata!.creationTimestamp!),
      lastScheduleMs: status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : undefined,
      startingDeadlineSeconds: spec.startingDeadlineSeconds ?? undefined,
    };
    let due: { time?: number; tooMany: boolean; missed: number };
    let delay: number;
    try {
      due = nextScheduleTime(sched, st, now);
      delay = nextScheduleDelay(sched, st, now);
    } catch (err) {
      this.recorder.event(obj, 'Warning', 'InvalidSchedule', `invalid schedule: ${spec.schedule} : ${(err as Error).message}`);
      return { changed: false };
    }
    // nextScheduleTime in utils.go: the count is in the message, and the latest time still runs.
    if (due.tooMany) this.recorder.event(obj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${due.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    if (due.time === undefined) return { requeueAfter: delay, changed: false };
    const scheduled = due.time;

    if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      this.recorder.event(obj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return { requeueAfter: delay, changed: false };
    }
    const name = jobNameFor(cj.metadata!.name!, scheduled);
    if (status.active!.some((r) => r.name === name) || st.lastScheduleMs === scheduled) return { requeueAfter: delay, changed: false };

    const policy = spec.concurrencyPolicy ?? 'Allow';
    let changed = false;
    if (policy === 'Forbid' && status.active!.length > 0) {
      // lastScheduleTime stays, so this time still runs when the active Job ends within the deadline.
      this.recorder.event(obj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeueAfter: delay, changed: false };
    }
    if (policy === 'Replace') {
      for (const ref of [...status.active!]) {
        const job = this.ctx.client.peek(GR.jobs, ref.namespace, ref.name!) as unknown as Job | undefined;
        if (!job) continue;
        if (this.deleteJob(cj, status, job)) changed = true;
      }
    }
    let created: Job;
    try {
      created = this.ctx.client.create(jobFromTemplate(cj, scheduled)) as unknown as Job;
    } catch (err) {
      if (err instanceof StatusError && err.code === 409) return { requeueAfter: delay, changed };
      this.recorder.event(obj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
    this.recorder.event(obj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata!.name}`);
    status.active!.push(jobRef(created));
    status.lastScheduleTime = new Date(scheduled).toISOString().replace('.000Z', 'Z');
    return { requeueAfter: delay, changed: true };
  }

  /** DELETE with Background propagation, then out of status.active (deleteJob). */
  private deleteJob(cj: CronJob, status: CronJobStatus, job: Job): boolean {
    const obj = cj as unknown as KubeObject;
    try {
      this.ctx.client.delete(GR.jobs, job.metadata!.namespace, job.metadata!.name!, { propagation: 'Background' });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) {
        this.recorder.event(obj, 'Warning', 'FailedDelete', `Deleted job: ${(err as Error).message}`);
        return false;
      }
    }
    status.active = status.active!.filter((r) => r.uid !== job.metadata!.uid);
    this.recorder.event(obj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata!.name}`);
    return true;
  }

  /** Keeps successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs, deleting the oldest. */
  private cleanupFinishedJobs(cj: CronJob, status: CronJobStatus, jobs: Job[]): boolean {
    const spec = cj.spec!;
    let changed = false;
    const prune = (list: Job[], limit: number | undefined | null) => {
      if (limit === undefined || limit === null || list.length <= limit) return;
      for (const j of [...list].sort(byStartTime).slice(0, list.length - limit)) if (this.deleteJob(cj, status, j)) changed = true;
    };
    prune(jobs.filter((j) => finishedType(j) === 'Complete'), spec.successfulJobsHistoryLimit);
    prune(jobs.filter((j) => finishedType(j) === 'Failed'), spec.failedJobsHistoryLimit);
    return changed;
  }
}
