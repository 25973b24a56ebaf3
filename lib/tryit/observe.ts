/**
 * Reads the answer to a Try-it's question from the learner's cluster: the watch state the bench
 * already holds, plus the timeline of arrivals and departures since the Apply. Each observer says
 * whether the answer is known yet (`settled`) and, while it is not, what it sees so far.
 */
import { printPod, type KubeObject } from '@/lib/k8s/sandbox/pure';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { ownedBy, type Timeline } from './timeline';
import { isPlacementObserver, observePlacement, type PlacementObserver } from './observe-placement';
import { isWorkloadObserver, observeWorkload, type WorkloadObserver } from './observe-workloads';
import { isLogObserver, observeLog, type LogObserver } from './observe-logs';
import { isJobLifecycleObserver, observeJobLifecycle, type JobLifecycleObserver } from './observe-job-lifecycle';
import { isCronJobTimeObserver, observeCronJobTime, type CronJobTimeObserver } from './observe-cronjob-time';
import { isPendingMessageObserver, observePendingMessage, type PendingMessageObserver } from './observe-pending';

export type Observer =
  /** How many nodes run a pod of the DaemonSet, once the controller has placed them all. */
  | { kind: 'daemonset-pods'; name: string }
  /** Which pod of the StatefulSet goes first after the Apply (scale-down order). */
  | { kind: 'first-pod-removed'; statefulset: string }
  /** How many pods of the Job failed by the time it finished (Complete or Failed). */
  | { kind: 'job-failed-pods'; name: string }
  /** Complete or Failed, once the Job has one of those conditions. */
  | { kind: 'job-outcome'; name: string }
  /** Virtual seconds from the Job's start to its completion. */
  | { kind: 'job-duration'; name: string }
  /** Minutes between the scheduled times of the CronJob's first and second Jobs. */
  | { kind: 'cronjob-second-run'; name: string }
  /** The node the pod was bound to, or "Pending" when the scheduler could not place it. */
  | { kind: 'pod-node'; name: string }
  /** kubectl's STATUS column for the pod, once it is past Pending and ContainerCreating. */
  | { kind: 'pod-status'; name: string }
  /**
   * How the pod ends up: Completed or Error once its phase is final, CrashLoopBackOff once a
   * container waits to be restarted again (a finished program under restartPolicy Always, a
   * container that cannot start beside its neighbours).
   */
  | { kind: 'pod-outcome'; name: string }
  /** Seconds from the NoExecute taint `key` appearing on the pod's node to the pod's eviction. */
  | { kind: 'evicted-after-taint'; name: string; taint: string }
  /** The workload lessons' observers (observe-workloads.ts). */
  | WorkloadObserver
  /** Init-container order, Pending replicas (before and after a drain), a Job's succeeded pods (observe-placement.ts). */
  | PlacementObserver
  /** What a container printed: the ambassador's forwarded call, the adapter's output (observe-logs.ts). */
  | LogObserver
  /** A Job removed after ttlSecondsAfterFinished; a Job left to another controller (observe-job-lifecycle.ts). */
  | JobLifecycleObserver
  /** The UTC minute of a time-zoned CronJob's first run (observe-cronjob-time.ts). */
  | CronJobTimeObserver
  /** What the scheduler's message for a Pending pod says (observe-pending.ts). */
  | PendingMessageObserver;

export interface Observation {
  settled: boolean;
  /** The observed answer, compared with the prediction once settled. */
  value?: string | number;
  /** One line for the learner: what the cluster shows (so far). */
  detail: string;
}

type Condition = { type: string; status: string; reason?: string; message?: string };

function find(state: ClusterState, resource: keyof ClusterState, name: string): ObjectLike | undefined {
  return Object.values(state[resource]?.items ?? {}).find((o) => o.metadata?.name === name);
}

function conditions(o: ObjectLike | undefined): Condition[] {
  return ((o?.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [];
}

function trueCondition(o: ObjectLike | undefined, ...types: string[]): Condition | undefined {
  return conditions(o).find((c) => types.includes(c.type) && c.status === 'True');
}

function ownerName(o: ObjectLike): string | undefined {
  const ref = (o.metadata as { ownerReferences?: { kind: string; name: string }[] } | undefined)?.ownerReferences?.[0];
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

function livePodsOf(state: ClusterState, owner: string): ObjectLike[] {
  return Object.values(state.pods?.items ?? {}).filter((p) => ownerName(p) === owner && !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp);
}

const WAITING = (what: string): Observation => ({ settled: false, detail: `Waiting for ${what} to appear in your cluster…` });

function daemonSetPods(state: ClusterState, name: string): Observation {
  const ds = find(state, 'daemonsets', name);
  if (!ds) return WAITING(`DaemonSet ${name}`);
  const st = (ds.status ?? {}) as { desiredNumberScheduled?: number; currentNumberScheduled?: number };
  const pods = livePodsOf(state, `DaemonSet/${name}`);
  const nodes = pods.map((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName ?? (p.metadata?.name ?? '?')).sort();
  const detail = `${pods.length} pod${pods.length === 1 ? '' : 's'}${nodes.length ? `, on ${nodes.join(', ')}` : ''}`;
  const settled = st.desiredNumberScheduled !== undefined && st.currentNumberScheduled === st.desiredNumberScheduled && pods.length === st.desiredNumberScheduled;
  return { settled, value: pods.length, detail };
}

function firstPodRemoved(timeline: Timeline, statefulset: string): Observation {
  const pods = ownedBy(timeline, `StatefulSet/${statefulset}`, 'pods');
  const gone = pods.filter((p) => p.departed !== undefined).sort((a, b) => a.departed! - b.departed!);
  if (gone.length === 0) {
    const names = pods.filter((p) => p.departed === undefined).map((p) => p.name).sort();
    return { settled: false, detail: names.length ? `Running so far: ${names.join(', ')}. Now scale down and watch.` : `Waiting for pods of StatefulSet ${statefulset}…` };
  }
  return { settled: true, value: gone[0].name, detail: `Removed in this order: ${gone.map((p) => p.name).join(', ')}` };
}

function jobFinished(job: ObjectLike): Condition | undefined {
  return trueCondition(job, 'Complete', 'Failed');
}

function jobCounts(job: ObjectLike): string {
  const st = (job.status ?? {}) as { succeeded?: number; failed?: number };
  return `${st.succeeded ?? 0} succeeded, ${st.failed ?? 0} failed`;
}

function jobFailedPods(state: ClusterState, name: string): Observation {
  const job = find(state, 'jobs', name);
  if (!job) return WAITING(`Job ${name}`);
  const done = jobFinished(job);
  const failed = (job.status as { failed?: number } | undefined)?.failed ?? 0;
  if (!done) return { settled: false, detail: `Still running: ${jobCounts(job)} so far.` };
  return { settled: true, value: failed, detail: `${done.type}${done.reason ? ` (${done.reason})` : ''}: ${jobCounts(job)}.` };
}

function jobOutcome(state: ClusterState, name: string): Observation {
  const job = find(state, 'jobs', name);
  if (!job) return WAITING(`Job ${name}`);
  const done = jobFinished(job);
  if (!done) return { settled: false, detail: `Still running: ${jobCounts(job)} so far.` };
  return { settled: true, value: done.type, detail: `${done.type}${done.reason ? ` (${done.reason})` : ''}: ${jobCounts(job)}.` };
}

function jobDuration(state: ClusterState, name: string): Observation {
  const job = find(state, 'jobs', name);
  if (!job) return WAITING(`Job ${name}`);
  const st = (job.status ?? {}) as { startTime?: string; completionTime?: string };
  const failed = trueCondition(job, 'Failed');
  if (failed) return { settled: true, value: 'Failed', detail: `The Job failed (${failed.reason ?? 'no reason given'}), so it never completed.` };
  if (!st.startTime || !st.completionTime) return { settled: false, detail: `Still running: ${jobCounts(job)} so far.` };
  const seconds = Math.round((Date.parse(st.completionTime) - Date.parse(st.startTime)) / 1000);
  return { settled: true, value: seconds, detail: `Complete ${seconds} s (cluster time) after it started: ${jobCounts(job)}.` };
}

/** The scheduled minute a CronJob's Job stands for: the controller names it `<cronjob>-<minutes since 1970>`. */
export function scheduledMinute(cronJob: string, job: string): number | undefined {
  const rest = job.startsWith(`${cronJob}-`) ? job.slice(cronJob.length + 1) : '';
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

function cronJobSecondRun(state: ClusterState, timeline: Timeline, name: string): Observation {
  if (!find(state, 'cronjobs', name)) return WAITING(`CronJob ${name}`);
  const jobs = ownedBy(timeline, `CronJob/${name}`, 'jobs').filter((j) => j.arrived !== undefined);
  if (jobs.length === 0) return { settled: false, detail: 'No Job yet: skip to the next run with the clock bar.' };
  if (jobs.length === 1) return { settled: false, detail: `First Job ${jobs[0].name} is running; waiting for the second.` };
  const [first, second] = jobs.map((j) => scheduledMinute(name, j.name));
  if (first === undefined || second === undefined) return { settled: false, detail: `Jobs ${jobs[0].name} and ${jobs[1].name} do not carry a scheduled time in their names.` };
  const minutes = second - first;
  return { settled: true, value: minutes, detail: `${jobs[1].name} is the run scheduled ${minutes} minute${minutes === 1 ? '' : 's'} after ${jobs[0].name}.` };
}

function podNode(state: ClusterState, name: string): Observation {
  const pod = find(state, 'pods', name);
  if (!pod) return WAITING(`pod ${name}`);
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (node) return { settled: true, value: node, detail: `Bound to ${node}.` };
  const unschedulable = conditions(pod).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unschedulable) return { settled: true, value: 'Pending', detail: `Pending: ${unschedulable.message ?? unschedulable.reason ?? 'the scheduler found no node'}` };
  return { settled: false, detail: 'Not scheduled yet…' };
}

const EARLY_STATUSES = new Set(['Pending', 'ContainerCreating', 'PodInitializing']);

type WaitingStatus = { name: string; state?: { waiting?: { reason?: string } } };

function podOutcome(state: ClusterState, name: string, now: number): Observation {
  const pod = find(state, 'pods', name);
  if (!pod) return WAITING(`pod ${name}`);
  const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: WaitingStatus[]; initContainerStatuses?: WaitingStatus[] };
  const column = String(printPod(pod as unknown as KubeObject, { now }).cells[2]);
  if (status.phase === 'Succeeded') return { settled: true, value: 'Completed', detail: `The pod finished: phase Succeeded, STATUS ${column}.` };
  if (status.phase === 'Failed') return { settled: true, value: 'Error', detail: `The pod finished: phase Failed, STATUS ${column}.` };
  const looping = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
  if (looping) return { settled: true, value: 'CrashLoopBackOff', detail: `Container ${looping.name} keeps stopping and waits to be restarted: STATUS ${column}.` };
  return { settled: false, detail: `STATUS ${column} so far.` };
}

function podStatus(state: ClusterState, name: string, now: number): Observation {
  const pod = find(state, 'pods', name);
  if (!pod) return WAITING(`pod ${name}`);
  const status = String(printPod(pod as unknown as KubeObject, { now }).cells[2]);
  return { settled: !EARLY_STATUSES.has(status), value: status, detail: `STATUS ${status}` };
}

type NodeTaint = { key: string; effect: string; timeAdded?: string };

function evictedAfterTaint(state: ClusterState, name: string, key: string): Observation {
  const pod = find(state, 'pods', name);
  if (!pod) return WAITING(`pod ${name}`);
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const node = nodeName ? find(state, 'nodes', nodeName) : undefined;
  const taint = ((node?.spec as { taints?: NodeTaint[] } | undefined)?.taints ?? []).find((t) => t.key === key && t.effect === 'NoExecute');
  // The taint eviction controller marks the pod before deleting it (DeletionByTaintManager).
  const evicted = conditions(pod).find((c) => c.type === 'DisruptionTarget' && c.status === 'True') as (Condition & { lastTransitionTime?: string }) | undefined;
  if (!taint?.timeAdded) return { settled: false, detail: nodeName ? `On ${nodeName}; no ${key} taint on it yet.` : 'Not on a node yet…' };
  if (!evicted?.lastTransitionTime) return { settled: false, detail: `${nodeName} has the ${key}:NoExecute taint; the pod is still there.` };
  const seconds = Math.round((Date.parse(evicted.lastTransitionTime) - Date.parse(taint.timeAdded)) / 1000);
  return { settled: true, value: seconds, detail: `Evicted ${seconds} s (cluster time) after ${nodeName} got the ${key} taint (${evicted.reason ?? 'no reason'}).` };
}

function unknownObserver(observer: never): Observation {
  throw new Error(`unknown Try-it observer ${JSON.stringify(observer)}`);
}

/** `log`: the container's log text for a container-log observer, read by the caller (readContainerLog). */
export function observe(observer: Observer, state: ClusterState, timeline: Timeline, now = Date.now(), log?: string): Observation {
  switch (observer.kind) {
    case 'daemonset-pods': return daemonSetPods(state, observer.name);
    case 'first-pod-removed': return firstPodRemoved(timeline, observer.statefulset);
    case 'job-failed-pods': return jobFailedPods(state, observer.name);
    case 'job-outcome': return jobOutcome(state, observer.name);
    case 'job-duration': return jobDuration(state, observer.name);
    case 'cronjob-second-run': return cronJobSecondRun(state, timeline, observer.name);
    case 'pod-node': return podNode(state, observer.name);
    case 'pod-status': return podStatus(state, observer.name, now);
    case 'pod-outcome': return podOutcome(state, observer.name, now);
    case 'evicted-after-taint': return evictedAfterTaint(state, observer.name, observer.taint);
    default:
      if (isWorkloadObserver(observer)) return observeWorkload(observer, state, timeline);
      if (isPlacementObserver(observer)) return observePlacement(observer, state);
      if (isLogObserver(observer)) return observeLog(observer, state, log);
      if (isJobLifecycleObserver(observer)) return observeJobLifecycle(observer, state, timeline);
      if (isCronJobTimeObserver(observer)) return observeCronJobTime(observer, state, timeline);
      if (isPendingMessageObserver(observer)) return observePendingMessage(observer, state);
      return unknownObserver(observer);
  }
}
