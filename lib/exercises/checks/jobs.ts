/** Checks about Jobs: completion with the expected output, bounded parallelism, a work queue's output. */
import type { KubeObject } from '../../k8s/sandbox';
import { condition, containerStatuses, jobFinished, named, ownedBy, spec, status, time } from '../k8s-objects';
import type { Check, CheckResult, ClusterView } from '../view';
import { blame, imageFault, podSpecOf, scriptField, TEMPLATE_SPEC } from './blame';

export interface JobRef {
  namespace: string;
  name: string;
}

interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
}

function podsOf(view: ClusterView, job: KubeObject): KubeObject[] {
  return view.list('pods', job.metadata.namespace).filter((p) => ownedBy(p, job));
}

function progress(job: KubeObject): string {
  const s = status<JobStatus>(job);
  const completions = spec<{ completions?: number }>(job).completions;
  return `${s.succeeded ?? 0}${completions === undefined ? '' : ` of ${completions}`} completions, ${s.active ?? 0} active, ${s.failed ?? 0} failed`;
}

/** The first container, by name, that exited with an error in one of the pods. */
function failedContainer(pods: KubeObject[]): string | undefined {
  for (const pod of pods) {
    const c = containerStatuses(pod).find((s) => (s.state?.terminated?.exitCode ?? 0) !== 0);
    if (c) return c.name;
  }
  return undefined;
}

/** What the script of the Job's first container is, in the learner's YAML. */
function firstScript(job: KubeObject): string {
  const first = podSpecOf(job, TEMPLATE_SPEC).containers?.[0]?.name;
  return (first && scriptField(job, TEMPLATE_SPEC, first)) ?? `${TEMPLATE_SPEC}.containers`;
}

function notComplete(view: ClusterView, job: KubeObject): CheckResult {
  const finished = jobFinished(job);
  const pods = podsOf(view, job);
  if (finished === 'Failed') {
    const c = condition(job, 'Failed');
    const saw = `${job.metadata.name} failed (${c?.reason ?? 'Failed'}${c && 'message' in c ? `: ${String((c as { message?: string }).message)}` : ''})`;
    if (c?.reason === 'DeadlineExceeded') return { passed: false, saw, ...blame(job, 'spec.activeDeadlineSeconds') };
    // The pods ran and exited with an error: what they run is the likely mistake.
    const exited = failedContainer(pods);
    return { passed: false, saw, ...blame(job, (exited && scriptField(job, TEMPLATE_SPEC, exited)) ?? `${TEMPLATE_SPEC}.containers`) };
  }
  const running = `${job.metadata.name} is still running: ${progress(job)}`;
  const image = imageFault(pods, job, TEMPLATE_SPEC);
  if (image) return { passed: false, saw: `${running}; ${image.reason}`, ...blame(job, image.field) };
  return { passed: false, saw: running };
}

function allLogs(view: ClusterView, pods: KubeObject[]): string[] {
  return pods.flatMap((p) => spec<{ containers: { name: string }[] }>(p).containers.flatMap((c) => view.logs(p.metadata.namespace!, p.metadata.name!, c.name)));
}

/** The Job is Complete and its pods' output contains a line. */
export function jobCompletesWithOutput(ref: JobRef, line: string): Check {
  return async (view) => {
    const job = named(view.list('jobs', ref.namespace), ref.name);
    if (!job) return { passed: false, saw: `there is no Job ${ref.name} yet` };
    if (jobFinished(job) !== 'Complete') return notComplete(view, job);
    const logs = allLogs(view, podsOf(view, job));
    if (!logs.includes(line)) return { passed: false, saw: `${ref.name} is Complete but its log has no line "${line}" (it has ${logs.length} lines)`, ...blame(job, firstScript(job)) };
    return { passed: true, saw: `${ref.name} is Complete (${progress(job)}) and its log ends "${logs.at(-1)}"` };
  };
}

interface Interval {
  pod: string;
  start: number;
  end: number;
}

/** When a pod's container ran: from its start to its finish (or now if still running). */
function runInterval(pod: KubeObject, now: number): Interval | undefined {
  const state = containerStatuses(pod)[0]?.state;
  const start = time(state?.running?.startedAt ?? state?.terminated?.startedAt);
  if (start === undefined) return undefined;
  return { pod: pod.metadata.name!, start, end: time(state?.terminated?.finishedAt) ?? now };
}

/**
 * The largest number of pods running at one instant. Intervals are half-open [start, end): a
 * pod that finishes at the second another starts does not overlap it (timestamps are seconds).
 */
export function maxConcurrent(intervals: { start: number; end: number }[]): number {
  const points = intervals.flatMap((i) => [{ t: i.start, d: 1 }, { t: i.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let cur = 0;
  let max = 0;
  for (const p of points) {
    cur += p.d;
    max = Math.max(max, cur);
  }
  return max;
}

/** A parallel Job completed `completions` pods and never ran more than `parallelism` at once. */
export function parallelJobBounded(ref: JobRef, parallelism: number, completions: number): Check {
  return async (view) => {
    const job = named(view.list('jobs', ref.namespace), ref.name);
    if (!job) return { passed: false, saw: `there is no Job ${ref.name} yet` };
    const s = spec<{ parallelism?: number; completions?: number }>(job);
    if (s.completions !== completions) return { passed: false, saw: `${ref.name} asks for ${s.completions ?? 'no'} completions, not ${completions}`, ...blame(job, 'spec.completions') };
    if ((s.parallelism ?? 1) !== parallelism) return { passed: false, saw: `${ref.name} runs ${s.parallelism ?? 1} pods at a time, not ${parallelism}`, ...blame(job, 'spec.parallelism') };
    const intervals = podsOf(view, job)
      .map((p) => runInterval(p, view.now()))
      .filter((i): i is Interval => Boolean(i));
    const max = maxConcurrent(intervals);
    const observed = String(max);
    if (max > parallelism) return { passed: false, saw: `${max} pods of ${ref.name} ran at the same time`, ...blame(job, 'spec.parallelism'), observed };
    if (jobFinished(job) !== 'Complete') return { ...notComplete(view, job), observed };
    const succeeded = status<JobStatus>(job).succeeded ?? 0;
    return { passed: true, saw: `${ref.name} completed ${succeeded} pods, at most ${max} running at once (${intervals.length} pods in all)`, observed };
  };
}

/** A work-queue Job is Complete and every item line has its number (the shell expanded $i). */
export function queueJobProcessedItems(ref: JobRef, items: number): Check {
  return async (view) => {
    const job = named(view.list('jobs', ref.namespace), ref.name);
    if (!job) return { passed: false, saw: `there is no Job ${ref.name} yet` };
    if (spec<{ completions?: number }>(job).completions !== undefined) return { passed: false, saw: `${ref.name} sets completions, so it is not a work queue`, ...blame(job, 'spec.completions') };
    const logs = allLogs(view, podsOf(view, job));
    if (logs.some((l) => l.includes('$i'))) return { passed: false, saw: 'the log prints a literal "$i": the echo is in single quotes, so the shell did not expand the variable', ...blame(job, firstScript(job)) };
    if (jobFinished(job) !== 'Complete') return notComplete(view, job);
    const expected = Array.from({ length: items }, (_, i) => `Processing item ${i + 1}`);
    const missing = expected.filter((l) => !logs.includes(l));
    if (missing.length) return { passed: false, saw: `${ref.name} is Complete but its log lacks "${missing[0]}"`, ...blame(job, firstScript(job)) };
    return { passed: true, saw: `${ref.name} is Complete (${progress(job)}); its workers processed items 1 to ${items}` };
  };
}

/** A Job failed at once through its podFailurePolicy rather than after exhausting its retries. */
export function jobFailedByPolicy(namespace: string): Check {
  return async (view) => {
    const failed = view.list('jobs', namespace).filter((j) => jobFinished(j) === 'Failed');
    const byPolicy = failed.find((j) => condition(j, 'Failed')?.reason === 'PodFailurePolicy');
    if (byPolicy) return { passed: true, saw: `${byPolicy.metadata.name} failed at once with reason PodFailurePolicy (${status<JobStatus>(byPolicy).failed ?? 0} pod failed)` };
    if (failed.length) return { passed: false, saw: `${failed[0].metadata.name} failed with reason ${condition(failed[0], 'Failed')?.reason}, after retries: its podFailurePolicy did not match the exit code`, ...blame(failed[0], 'spec.podFailurePolicy') };
    return { passed: false, saw: `no Job in ${namespace} has failed yet: break a batch on purpose and run the validation Job` };
  };
}

/** A named Job in a namespace is Complete. */
export function jobComplete(ref: JobRef): Check {
  return async (view) => {
    const job = named(view.list('jobs', ref.namespace), ref.name);
    if (!job) return { passed: false, saw: `there is no Job ${ref.name} in ${ref.namespace} yet` };
    if (jobFinished(job) !== 'Complete') return notComplete(view, job);
    return { passed: true, saw: `${ref.name} is Complete (${progress(job)})` };
  };
}

interface IndexedJobStatus extends JobStatus {
  completedIndexes?: string;
  failedIndexes?: string;
}

/**
 * An Indexed Job ended with the expected shards done and the expected ones given up on their own
 * (backoffLimitPerIndex): Failed with reason FailedIndexes, the good shards all completed.
 * `observed` is how many pods failed, for the step's prediction.
 */
export function jobGaveUpIndexes(ref: JobRef, expected: { completedIndexes: string; failedIndexes: string }): Check {
  return async (view) => {
    const job = named(view.list('jobs', ref.namespace), ref.name);
    if (!job) return { passed: false, saw: `there is no Job ${ref.name} yet` };
    const s = spec<{ completionMode?: string; backoffLimitPerIndex?: number }>(job);
    if (s.completionMode !== 'Indexed') return { passed: false, saw: `${ref.name} is not an Indexed Job, so its shards have no numbers of their own`, ...blame(job, 'spec.completionMode') };
    if (s.backoffLimitPerIndex === undefined) return { passed: false, saw: `${ref.name} has no backoffLimitPerIndex: its shards share one retry budget`, ...blame(job, 'spec.backoffLimitPerIndex') };
    const st = status<IndexedJobStatus>(job);
    const indexes = `completed ${st.completedIndexes || 'none'}, given up ${st.failedIndexes || 'none'}`;
    const observed = String(st.failed ?? 0);
    const finished = jobFinished(job);
    if (!finished) return { passed: false, saw: `${ref.name} is still running: ${indexes}, ${st.failed ?? 0} pods failed so far`, observed };
    const reason = condition(job, finished)?.reason;
    if (finished === 'Complete') return { passed: false, saw: `${ref.name} completed every shard: shard ${expected.failedIndexes}'s input is meant to stay corrupt`, ...blame(job, firstScript(job)), observed };
    if (reason === 'MaxFailedIndexesExceeded') return { passed: false, saw: `${ref.name} failed with reason MaxFailedIndexesExceeded (${indexes}): its maxFailedIndexes stopped the good shards too`, ...blame(job, 'spec.maxFailedIndexes'), observed };
    if (reason !== 'FailedIndexes') return { passed: false, saw: `${ref.name} failed with reason ${reason ?? 'none'} (${indexes})`, ...blame(job, 'spec.backoffLimitPerIndex'), observed };
    if (st.completedIndexes !== expected.completedIndexes || st.failedIndexes !== expected.failedIndexes) {
      return { passed: false, saw: `${ref.name} ended with ${indexes}, not completed ${expected.completedIndexes} and given up ${expected.failedIndexes}`, ...blame(job, firstScript(job)), observed };
    }
    return { passed: true, saw: `${ref.name} failed with reason FailedIndexes: ${indexes}, ${st.failed ?? 0} pods failed`, observed };
  };
}
