/** Checks about CronJobs: runs and history limits, overlap under Forbid, suspension. */
import type { KubeObject } from '../../k8s/sandbox';
import { jobFinished, listWords, named, ownedBy, spec, status, time } from '../k8s-objects';
import type { Check, ClusterView } from '../view';
import { blame } from './blame';

export interface CronRef {
  namespace: string;
  name: string;
}

interface CronSpec {
  concurrencyPolicy?: string;
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: { labels?: Record<string, string> } };
}

/** Jobs of a CronJob: owned by it (`kubectl create job --from=cronjob/...` sets that owner too). */
function jobsOf(view: ClusterView, cron: KubeObject): KubeObject[] {
  return view.list('jobs', cron.metadata.namespace).filter((j) => ownedBy(j, cron));
}

function eventsOf(view: ClusterView, cron: KubeObject, reason: string): KubeObject[] {
  return view.list('events', cron.metadata.namespace).filter((e) => (e.involvedObject as { uid?: string }).uid === cron.metadata.uid && e.reason === reason);
}

/** The CronJob has run at least `runs` times and keeps no more than `limit` successful Jobs. */
export function cronRunsWithHistory(ref: CronRef, runs: number, limit: number): Check {
  return async (view) => {
    const cron = named(view.list('cronjobs', ref.namespace), ref.name);
    if (!cron) return { passed: false, saw: `there is no CronJob ${ref.name} yet` };
    const s = spec<CronSpec>(cron);
    const keep = s.successfulJobsHistoryLimit ?? 3;
    if (keep > limit) return { passed: false, saw: `${ref.name} keeps ${keep} successful Jobs, more than ${limit}`, ...blame(cron, 'spec.successfulJobsHistoryLimit') };
    const jobs = jobsOf(view, cron);
    // Jobs the history limit already deleted are still named in the CronJob's events.
    const created = new Set([...jobs.map((j) => j.metadata.name!), ...eventsOf(view, cron, 'SuccessfulCreate').map((e) => String(e.message).replace(/^Created job /, ''))]);
    const succeeded = jobs.filter((j) => jobFinished(j) === 'Complete');
    const observed = String(succeeded.length);
    if (succeeded.length > limit) return { passed: false, saw: `${succeeded.length} successful Jobs of ${ref.name} are kept, more than ${limit}`, ...blame(cron, 'spec.successfulJobsHistoryLimit'), observed };
    if (created.size < runs) {
      return { passed: false, saw: `${ref.name} has run ${created.size} time${created.size === 1 ? '' : 's'} so far${s.suspend ? ' and is suspended' : ''}; skip ahead with the bench's clock to see more runs`, ...(s.suspend ? blame(cron, 'spec.suspend') : {}), observed };
    }
    const deleted = created.size - jobs.length;
    return { passed: true, saw: `${ref.name} ran ${created.size} times; ${succeeded.length} successful Job${succeeded.length === 1 ? ' is' : 's are'} kept${deleted > 0 ? `, ${deleted} older ${deleted === 1 ? 'was' : 'were'} deleted by the history limit` : ''}`, observed };
  };
}

/**
 * Forbid kept the CronJob's runs apart: the policy is set, a run completed, no two of its Jobs
 * were active at the same time, and any start that fell due while one was active was skipped.
 */
export function cronForbidsOverlap(ref: CronRef): Check {
  return async (view) => {
    const cron = named(view.list('cronjobs', ref.namespace), ref.name);
    if (!cron) return { passed: false, saw: `there is no CronJob ${ref.name} yet` };
    const policy = spec<CronSpec>(cron).concurrencyPolicy ?? 'Allow';
    if (policy !== 'Forbid') return { passed: false, saw: `${ref.name}'s concurrencyPolicy is ${policy}, so a slow run can overlap the next`, ...blame(cron, 'spec.concurrencyPolicy') };
    const jobs = jobsOf(view, cron);
    const intervals = jobs
      .map((j) => ({ name: j.metadata.name!, start: time(status<{ startTime?: string }>(j).startTime), end: time(status<{ completionTime?: string }>(j).completionTime) ?? view.now() }))
      .filter((i): i is { name: string; start: number; end: number } => i.start !== undefined)
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < intervals.length; i++) {
      if (intervals[i].start < intervals[i - 1].end) return { passed: false, saw: `${intervals[i - 1].name} and ${intervals[i].name} were active at the same time` };
    }
    const done = jobs.filter((j) => jobFinished(j) === 'Complete');
    if (!done.length) return { passed: false, saw: `no run of ${ref.name} has completed yet: start one with kubectl create job backup-manual --from=cronjob/${ref.name}` };
    const skipped = eventsOf(view, cron, 'JobAlreadyActive').reduce((n, e) => n + Number(e.count ?? 1), 0);
    return { passed: true, saw: `concurrencyPolicy is Forbid; ${listWords(done.map((j) => j.metadata.name!))} completed without overlapping${skipped ? `; ${skipped} start${skipped === 1 ? ' was' : 's were'} skipped while a run was active` : ''}` };
  };
}

/** The CronJob is suspended (no new Jobs start). */
export function cronSuspended(ref: CronRef): Check {
  return async (view) => {
    const cron = named(view.list('cronjobs', ref.namespace), ref.name);
    if (!cron) return { passed: false, saw: `there is no CronJob ${ref.name} yet` };
    if (!spec<CronSpec>(cron).suspend) return { passed: false, saw: `${ref.name} is not suspended`, ...blame(cron, 'spec.suspend') };
    return { passed: true, saw: `${ref.name} is suspended: SUSPEND True, no new Jobs start` };
  };
}

/** Every CronJob in a namespace whose name matches has the concurrency policy. */
export function cronJobsHavePolicy(namespace: string, match: RegExp, policies: string[]): Check {
  return async (view) => {
    const crons = view.list('cronjobs', namespace).filter((c) => match.test(c.metadata.name!));
    if (!crons.length) return { passed: false, saw: `no matching CronJob in ${namespace} yet` };
    const wrong = crons.filter((c) => !policies.includes(spec<CronSpec>(c).concurrencyPolicy ?? 'Allow'));
    if (wrong.length) return { passed: false, saw: `${listWords(wrong.map((c) => `${c.metadata.name} (${spec<CronSpec>(c).concurrencyPolicy ?? 'Allow'})`))} can overlap a running copy`, ...blame(wrong[0], 'spec.concurrencyPolicy') };
    return { passed: true, saw: `${listWords(crons.map((c) => c.metadata.name!))}: concurrencyPolicy ${listWords([...new Set(crons.map((c) => spec<CronSpec>(c).concurrencyPolicy!))])}` };
  };
}
