/**
 * Observers for what happens to a Job around the controller's work: a finished Job removed by
 * ttlSecondsAfterFinished (the TTL-after-finished controller deletes it and, by cascade, its
 * pods), and a Job that names another controller in spec.managedBy, which the built-in Job
 * controller leaves alone. Both read the bench's watch state and the timeline only.
 */
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import type { Observation } from './observe';
import { ownedBy, type Timeline } from './timeline';

export type JobLifecycleObserver =
  /** "gone" once the Job, seen finished, has been deleted; while it is listed, not settled. */
  | { kind: 'job-removed'; name: string }
  /**
   * How many pods Job `name` got by the time Job `beside` (the same work, run by the built-in
   * controller) finished: the measure of "nothing happens" for a Job handed to another controller.
   */
  | { kind: 'job-pods-beside'; name: string; beside: string };

const KINDS: readonly string[] = ['job-removed', 'job-pods-beside'] satisfies JobLifecycleObserver['kind'][];

export function isJobLifecycleObserver(o: { kind: string }): o is JobLifecycleObserver {
  return KINDS.includes(o.kind);
}

type Condition = { type: string; status: string };

function findJob(state: ClusterState, name: string): ObjectLike | undefined {
  return Object.values(state.jobs?.items ?? {}).find((o) => o.metadata?.name === name);
}

function finished(job: ObjectLike | undefined): string | undefined {
  const c = ((job?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type;
}

function jobRemoved(state: ClusterState, timeline: Timeline, name: string): Observation {
  const entry = timeline.entries.find((e) => e.resource === 'jobs' && e.name === name && e.arrived !== undefined);
  if (!entry) return { settled: false, detail: `Waiting for Job ${name} to appear in your cluster…` };
  if (entry.departed !== undefined) {
    const pods = ownedBy(timeline, `Job/${name}`, 'pods');
    const podsGone = pods.every((p) => p.departed !== undefined);
    return { settled: true, value: 'gone', detail: `Job ${name} was deleted${pods.length ? (podsGone ? ', and its pods with it' : '; its pods are going') : ''}: kubectl get job no longer lists it.` };
  }
  const done = finished(findJob(state, name));
  const ttl = (findJob(state, name)?.spec as { ttlSecondsAfterFinished?: number } | undefined)?.ttlSecondsAfterFinished;
  if (!done) return { settled: false, detail: `Job ${name} is still running.` };
  return { settled: false, detail: `Job ${name} is ${done} and still listed${ttl === undefined ? ' (it has no ttlSecondsAfterFinished)' : `; ttlSecondsAfterFinished is ${ttl}: skip ahead with the clock`}.` };
}

function jobPodsBeside(state: ClusterState, timeline: Timeline, name: string, beside: string): Observation {
  const job = findJob(state, name);
  if (!job) return { settled: false, detail: `Waiting for Job ${name} to appear in your cluster…` };
  const created = ownedBy(timeline, `Job/${name}`, 'pods').filter((p) => p.arrived !== undefined).length;
  const hasStatus = Object.keys((job.status as object | undefined) ?? {}).length > 0;
  const done = finished(findJob(state, beside));
  const detail = `Job ${name}: ${created} pod${created === 1 ? '' : 's'}, ${hasStatus ? 'a status written' : 'no status at all'}`;
  if (!done) return { settled: false, detail: `${detail}; waiting for Job ${beside} to finish…` };
  return { settled: true, value: created, detail: `${detail}, while Job ${beside} is ${done}.` };
}

export function observeJobLifecycle(observer: JobLifecycleObserver, state: ClusterState, timeline: Timeline): Observation {
  switch (observer.kind) {
    case 'job-removed': return jobRemoved(state, timeline, observer.name);
    case 'job-pods-beside': return jobPodsBeside(state, timeline, observer.name, observer.beside);
  }
}
