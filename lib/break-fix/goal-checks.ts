/**
 * Goal checks of the break-and-fix scenarios that the exercises' checks do not already cover:
 * every ordinal of a StatefulSet Ready, a pod running on a given kind of node, a CronJob whose
 * recent runs each started on their scheduled time, a Job completed under a podFailurePolicy
 * rule, a pod past its init containers. Each failure says what the cluster shows now and,
 * where one field is to blame, which field of which object.
 */
import { blame } from '../exercises/checks/blame';
import { condition, containerStatuses, isPodReady, jobFinished, listWords, named, nodeOf, ownedBy, podPhase, spec, status, time, type ContainerStatus } from '../exercises/k8s-objects';
import type { Check } from '../exercises/view';
import { SCHEDULED_TIMESTAMP_ANNOTATION, parseSchedule, type KubeObject } from '../k8s/sandbox';

export interface Ref {
  namespace: string;
  name: string;
}

function waitingReason(pod: KubeObject): string | undefined {
  return containerStatuses(pod).find((c) => c.state?.waiting)?.state?.waiting?.reason;
}

function restarts(pod: KubeObject): number {
  return containerStatuses(pod).reduce((n, c) => n + ((c as ContainerStatus & { restartCount?: number }).restartCount ?? 0), 0);
}

/** Every ordinal 0..replicas-1 of the StatefulSet exists and is Ready; otherwise the lowest one holding the rest back. */
export function everyOrdinalReady(ref: Ref, replicas: number): Check {
  return async (view) => {
    const set = named(view.list('statefulsets', ref.namespace), ref.name);
    if (!set) return { passed: false, saw: `there is no StatefulSet ${ref.name} yet: load the scenario` };
    const pods = view.list('pods', ref.namespace).filter((p) => ownedBy(p, set));
    for (let i = 0; i < replicas; i++) {
      const pod = named(pods, `${ref.name}-${i}`);
      if (!pod) return { passed: false, saw: `${ref.name}-${i} does not exist yet${i > 0 ? `: the controller creates it once ${ref.name}-${i - 1} is Running and Ready` : ''}` };
      if (!isPodReady(pod)) {
        const why = waitingReason(pod) ?? podPhase(pod);
        const n = restarts(pod);
        return { passed: false, saw: `${ref.name}-${i} is not Ready (${why}${n ? `, ${n} restart${n === 1 ? '' : 's'}` : ''}), so ${i + 1 < replicas ? `${listWords(Array.from({ length: replicas - i - 1 }, (_, k) => `${ref.name}-${i + 1 + k}`))} wait${replicas - i - 1 === 1 ? 's' : ''} behind it` : 'the set is not complete'}` };
      }
    }
    return { passed: true, saw: `${listWords(Array.from({ length: replicas }, (_, i) => `${ref.name}-${i}`))} are Running and Ready` };
  };
}

/** A bare pod is Running on a node that has the label; a Pending pod's scheduler message is shown. */
export function podRunningOnLabelledNode(ref: Ref, label: string): Check {
  return async (view) => {
    const pod = named(view.list('pods', ref.namespace), ref.name);
    if (!pod) return { passed: false, saw: `there is no pod ${ref.name} yet: load the scenario` };
    const node = nodeOf(pod);
    if (!node) {
      const refusal = view.list('events', ref.namespace).filter((e) => (e.involvedObject as { uid?: string }).uid === pod.metadata.uid && e.reason === 'FailedScheduling').at(-1);
      return { passed: false, saw: `${ref.name} is Pending with no node${refusal ? `: ${String(refusal.message)}` : ''}`, ...blame(pod, 'spec.tolerations') };
    }
    const labels = named(view.list('nodes'), node)?.metadata.labels ?? {};
    if (!Object.hasOwn(labels, label)) return { passed: false, saw: `${ref.name} runs on ${node}, which has no ${label} label`, ...blame(pod, 'spec.nodeSelector') };
    if (podPhase(pod) !== 'Running') return { passed: false, saw: `${ref.name} is on ${node} and ${waitingReason(pod) ?? podPhase(pod)}` };
    return { passed: true, saw: `${ref.name} is Running on ${node}` };
  };
}

interface CronSpec {
  schedule?: string;
  timeZone?: string;
}

/** A run that starts later than this after its scheduled time was held back (by Forbid, here). */
export const LATE_START_MS = 10_000;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * The CronJob's latest `runs` runs completed, each started on its scheduled time (not held back
 * until the previous one ended), each for the scheduled time that followed the previous one's
 * (none dropped), and each finished before the next began. The scheduled times come from the
 * Jobs' batch.kubernetes.io/cronjob-scheduled-timestamp annotation.
 */
export function cronRunsEverySchedule(ref: Ref, runs: number): Check {
  return async (view) => {
    const cron = named(view.list('cronjobs', ref.namespace), ref.name);
    if (!cron) return { passed: false, saw: `there is no CronJob ${ref.name} yet: load the scenario` };
    const { schedule = '', timeZone } = spec<CronSpec>(cron);
    let next: (after: number) => number;
    try {
      const parsed = parseSchedule(schedule, timeZone);
      next = (after) => parsed.next(after);
    } catch (err) {
      return { passed: false, saw: `${ref.name}'s schedule does not parse: ${(err as Error).message}`, ...blame(cron, 'spec.schedule') };
    }
    const done = view
      .list('jobs', ref.namespace)
      .filter((j) => ownedBy(j, cron) && jobFinished(j) === 'Complete')
      .map((j) => ({ name: j.metadata.name!, scheduled: time(j.metadata.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]), start: time(status<{ startTime?: string }>(j).startTime), end: time(status<{ completionTime?: string }>(j).completionTime) }))
      .filter((r): r is { name: string; scheduled: number; start: number; end: number } => r.scheduled !== undefined && r.start !== undefined && r.end !== undefined)
      .sort((a, b) => a.scheduled - b.scheduled);
    if (done.length < runs) return { passed: false, saw: `${done.length} of ${runs} runs have completed so far; let the clock run on` };
    const recent = done.slice(-runs);
    for (let i = 0; i < recent.length; i++) {
      const r = recent[i];
      const late = r.start - r.scheduled;
      if (late > LATE_START_MS) return { passed: false, saw: `${r.name}, due at ${hhmm(r.scheduled)} UTC, started ${Math.round(late / 1000)} s late: the previous run was still active, and Forbid held it back (the CronJob's events say JobAlreadyActive)`, ...blame(cron, 'spec.schedule') };
      if (i === 0) continue;
      const prev = recent[i - 1];
      const due = next(prev.scheduled);
      if (r.scheduled !== due) return { passed: false, saw: `no run was started for ${hhmm(due)} UTC: ${prev.name} was still active then`, ...blame(cron, 'spec.schedule') };
      if (r.start < prev.end) return { passed: false, saw: `${prev.name} and ${r.name} ran at the same time`, ...blame(cron, 'spec.concurrencyPolicy') };
    }
    return { passed: true, saw: `${listWords(recent.map((r) => r.name))} each started on schedule and finished before the next` };
  };
}

interface FailureRule {
  action?: string;
  onExitCodes?: { containerName?: string; operator?: string; values?: number[] };
}

/** The Job completed, its podFailurePolicy has an Ignore rule for the exit code, and backoffLimit stayed where it was. */
export function jobCompletesIgnoringExitCode(ref: Ref, exitCode: number, backoffLimit: number): Check {
  return async (view) => {
    const job = named(view.list('jobs', ref.namespace), ref.name);
    if (!job) return { passed: false, saw: `there is no Job ${ref.name} now: apply your repaired Job` };
    const s = spec<{ backoffLimit?: number; podFailurePolicy?: { rules?: FailureRule[] } }>(job);
    if ((s.backoffLimit ?? 6) !== backoffLimit) return { passed: false, saw: `${ref.name}'s backoffLimit is ${s.backoffLimit ?? 6}: keep it at ${backoffLimit}, so real errors still stop the Job at once, and let a rule handle exit code ${exitCode}`, ...blame(job, 'spec.backoffLimit') };
    const rule = (s.podFailurePolicy?.rules ?? []).find((r) => r.onExitCodes?.operator === 'In' && r.onExitCodes.values?.includes(exitCode));
    if (!rule || rule.action !== 'Ignore') return { passed: false, saw: `${ref.name} has no podFailurePolicy rule that ignores exit code ${exitCode}${rule ? ` (the rule for it says ${rule.action})` : ''}`, ...blame(job, 'spec.podFailurePolicy') };
    const finished = jobFinished(job);
    if (finished === 'Failed') {
      const c = condition(job, 'Failed') as { reason?: string; message?: string } | undefined;
      return { passed: false, saw: `${ref.name} failed (${c?.reason ?? 'Failed'}${c?.message ? `: ${c.message}` : ''})` };
    }
    if (finished !== 'Complete') return { passed: false, saw: `${ref.name} is still running (${status<{ failed?: number }>(job).failed ?? 0} failed pods so far)` };
    const ignored = view.list('pods', ref.namespace).filter((p) => ownedBy(p, job) && podPhase(p) === 'Failed').length;
    return { passed: true, saw: `${ref.name} completed${ignored ? `; ${ignored} attempt${ignored === 1 ? '' : 's'} that exited ${exitCode} did not count against backoffLimit ${backoffLimit}` : ''}` };
  };
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The pod got past its init containers and is Ready. While it waits, the check looks at the
 * Service the init container waits for: a selector that matches no pod is the field to blame.
 */
export function podStartedAfterService(ref: Ref, service: string): Check {
  return async (view) => {
    const pod = named(view.list('pods', ref.namespace), ref.name);
    if (!pod) return { passed: false, saw: `there is no pod ${ref.name} yet: load the scenario` };
    if (isPodReady(pod)) return { passed: true, saw: `${ref.name}'s init containers finished and it is Running and Ready` };
    const inits = status<{ initContainerStatuses?: ContainerStatus[] }>(pod).initContainerStatuses ?? [];
    const waitingInit = inits.find((c) => !(c.state?.terminated && c.state.terminated.exitCode === 0));
    const svc = named(view.list('services', ref.namespace), service);
    if (svc) {
      const selector = spec<{ selector?: Record<string, string> }>(svc).selector ?? {};
      const matching = view.list('pods', ref.namespace).filter((p) => isPodReady(p) && selectorMatches(selector, p.metadata.labels));
      if (!matching.length) return { passed: false, saw: `${ref.name} is waiting in init container ${waitingInit?.name ?? '?'}: Service ${service} selects ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || 'nothing'}, which matches no Ready pod, so it has no endpoints`, ...blame(svc, 'spec.selector') };
    }
    return { passed: false, saw: waitingInit ? `${ref.name} is still in init container ${waitingInit.name}` : `${ref.name} is ${waitingReason(pod) ?? podPhase(pod)}, not Ready yet` };
  };
}
