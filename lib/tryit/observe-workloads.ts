/**
 * Observers for the workload lessons' Try-its (Deployments, DaemonSets, StatefulSets, Jobs,
 * CronJobs): which name a replacement pod gets, which nodes a DaemonSet lands on and in which
 * order its rollout works, which StatefulSet ordinal comes first or takes an update, how many pods
 * a Job made, and how many Jobs a CronJob keeps. Same contract as observe.ts: pure functions of the
 * bench's watch state and the timeline since the Apply.
 */
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { ownedBy, type Timeline, type TimelineEntry } from './timeline';
import type { Observation } from './observe';

export type WorkloadObserver =
  /** Whether the first pod (name starting with `prefix`) deleted after the Apply comes back under the same name. */
  | { kind: 'replacement-pod'; prefix: string }
  /** The nodes running the DaemonSet's pods ("worker-1, worker-3", or "none"), once it has placed them all. */
  | { kind: 'daemonset-nodes'; name: string }
  /** kubectl's CURRENT and READY for the DaemonSet, once every pod is either Ready or stuck on its image. */
  | { kind: 'daemonset-current-ready'; name: string }
  /** In a DaemonSet rollout, whether the first new pod arrives before the first old pod goes. */
  | { kind: 'daemonset-rollout-order'; name: string }
  /** The name of the StatefulSet's first pod. */
  | { kind: 'first-pod-created'; statefulset: string }
  /** Which pods run the StatefulSet's update revision, once the controller has updated all it may. */
  | { kind: 'statefulset-updated-pods'; name: string }
  /** How many pods the Job created, counted once it has finished. */
  | { kind: 'job-pods-created'; name: string }
  /** Whether a deleted Job pod's replacement starts while the old pod is still running out its grace period. */
  | { kind: 'job-replacement-overlap'; name: string }
  /** How many finished Jobs of the CronJob are left after `runs` runs (read when run `runs + 1` starts). */
  | { kind: 'cronjob-history'; name: string; runs: number }
  /** Whether a crashing DaemonSet pod is restarted in place or replaced by a new pod. */
  | { kind: 'daemonset-crash-recovery'; name: string }
  /** Whether all the StatefulSet's pods were created before its first one was Ready ("together") or not ("one by one"). */
  | { kind: 'statefulset-start-order'; name: string }
  /** How many of the Job's pods still run once it is Suspended and its status agrees with the pods. */
  | { kind: 'job-suspended-pods'; name: string }
  /** Whether the CronJob's first Job started at its scheduled time ("on time") or after it ("late"). */
  | { kind: 'cronjob-first-run'; name: string };

const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadObserver['kind']>([
  'replacement-pod', 'daemonset-nodes', 'daemonset-current-ready', 'daemonset-rollout-order', 'first-pod-created',
  'statefulset-updated-pods', 'job-pods-created', 'job-replacement-overlap', 'cronjob-history', 'daemonset-crash-recovery',
  'statefulset-start-order', 'job-suspended-pods', 'cronjob-first-run',
]);

/** Tells this file's observers from the other observer families that observe.ts dispatches to. */
export function isWorkloadObserver(o: { kind: string }): o is WorkloadObserver {
  return WORKLOAD_KINDS.has(o.kind);
}

type Condition = { type: string; status: string };
type Meta = { name?: string; uid?: string; deletionTimestamp?: string; generation?: number; labels?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };

function meta(o: ObjectLike): Meta {
  return (o.metadata ?? {}) as Meta;
}

function find(state: ClusterState, resource: keyof ClusterState, name: string): ObjectLike | undefined {
  return Object.values(state[resource]?.items ?? {}).find((o) => meta(o).name === name);
}

function ownedLive(state: ClusterState, resource: 'pods' | 'jobs', owner: string): ObjectLike[] {
  return Object.values(state[resource]?.items ?? {}).filter((o) => {
    const ref = meta(o).ownerReferences?.[0];
    return ref && `${ref.kind}/${ref.name}` === owner && !meta(o).deletionTimestamp;
  });
}

function finished(o: ObjectLike): string | undefined {
  const conds = ((o.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [];
  return conds.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

const waiting = (what: string): Observation => ({ settled: false, detail: `Waiting for ${what} to appear in your cluster…` });
const names = (list: string[]) => (list.length ? [...list].sort().join(', ') : 'none');

function replacementPod(timeline: Timeline, prefix: string): Observation {
  const pods = timeline.entries.filter((e) => e.resource === 'pods' && e.name.startsWith(prefix));
  const gone = pods.filter((p) => p.departed !== undefined).sort((a, b) => a.departed! - b.departed!)[0];
  if (!gone) return { settled: false, detail: pods.length ? `Running: ${names(pods.map((p) => p.name))}. Now delete one and watch.` : `Waiting for pods named ${prefix}…` };
  const next = pods.filter((p) => p.arrived !== undefined && p.arrived > gone.departed!).sort((a, b) => a.arrived! - b.arrived!)[0];
  if (!next) return { settled: false, detail: `${gone.name} is going; no replacement yet…` };
  const same = next.name === gone.name;
  return { settled: true, value: same ? 'same name' : 'new name', detail: `${gone.name} was deleted; its replacement is ${next.name}${same ? ' (a new pod, with a new uid)' : ''}.` };
}

interface DaemonSetStatus { desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number }

function daemonSetNodes(state: ClusterState, name: string): Observation {
  const ds = find(state, 'daemonsets', name);
  if (!ds) return waiting(`DaemonSet ${name}`);
  const st = (ds.status ?? {}) as DaemonSetStatus;
  const pods = ownedLive(state, 'pods', `DaemonSet/${name}`);
  const nodes = pods.map((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '?');
  const settled = st.desiredNumberScheduled !== undefined && st.currentNumberScheduled === st.desiredNumberScheduled && pods.length === st.desiredNumberScheduled;
  return { settled, value: names(nodes), detail: `${pods.length} pod${pods.length === 1 ? '' : 's'}, on ${names(nodes)}.` };
}

/** Waiting reasons that will not clear by themselves: the pod exists (it is CURRENT) but will not be Ready. */
const STUCK = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CrashLoopBackOff']);

function daemonSetCurrentReady(state: ClusterState, name: string): Observation {
  const ds = find(state, 'daemonsets', name);
  if (!ds) return waiting(`DaemonSet ${name}`);
  const st = (ds.status ?? {}) as DaemonSetStatus;
  const pods = ownedLive(state, 'pods', `DaemonSet/${name}`);
  const value = `CURRENT ${st.currentNumberScheduled ?? 0}, READY ${st.numberReady ?? 0}`;
  const statuses = pods.map((p) => ((p.status as { containerStatuses?: { ready?: boolean; state?: { waiting?: { reason?: string } } }[] } | undefined)?.containerStatuses) ?? []);
  const known = statuses.every((cs) => cs.length > 0 && cs.every((c) => c.ready || STUCK.has(c.state?.waiting?.reason ?? '')));
  const reasons = [...new Set(statuses.flat().map((c) => c.state?.waiting?.reason).filter(Boolean))];
  const settled = (st.desiredNumberScheduled ?? 0) > 0 && st.currentNumberScheduled === st.desiredNumberScheduled && pods.length === st.desiredNumberScheduled && known && (st.numberReady ?? 0) === statuses.filter((cs) => cs.every((c) => c.ready)).length;
  return { settled, value, detail: `DESIRED ${st.desiredNumberScheduled ?? 0}, ${value}${reasons.length ? `; the pods wait with ${reasons.join(', ')}` : ''}.` };
}

function daemonSetRolloutOrder(state: ClusterState, timeline: Timeline, name: string): Observation {
  const ds = find(state, 'daemonsets', name);
  if (!ds) return waiting(`DaemonSet ${name}`);
  const desired = ((ds.status ?? {}) as DaemonSetStatus).desiredNumberScheduled ?? 0;
  const pods = ownedBy(timeline, `DaemonSet/${name}`, 'pods');
  if (desired === 0 || pods.length < desired) return { settled: false, detail: `${pods.length} pod${pods.length === 1 ? '' : 's'} so far; wait for all ${desired || ''} to run, then change the template and apply again.` };
  // The first `desired` pods (those there before the Apply first) are the old generation; the next arrival is the rollout's first new pod.
  const firstNew: TimelineEntry | undefined = pods[desired];
  const firstGone = pods.filter((p) => p.departed !== undefined).sort((a, b) => a.departed! - b.departed!)[0];
  if (!firstNew && !firstGone) return { settled: false, detail: `${desired} pods run. Change the template in the editor and apply again.` };
  const newFirst = firstNew !== undefined && (firstGone === undefined || (firstNew.arrived ?? -1) < firstGone.departed!);
  return newFirst
    ? { settled: true, value: 'new first', detail: `${firstNew!.name} started while ${firstGone ? `${firstGone.name}, the old pod it replaces,` : 'every old pod'} was still running.` }
    : { settled: true, value: 'old first', detail: `${firstGone!.name} was stopped before any new pod started.` };
}

function firstPodCreated(timeline: Timeline, statefulset: string): Observation {
  const first = ownedBy(timeline, `StatefulSet/${statefulset}`, 'pods').find((p) => p.arrived !== undefined);
  return first ? { settled: true, value: first.name, detail: `The first pod is ${first.name}.` } : { settled: false, detail: `Waiting for the first pod of StatefulSet ${statefulset}…` };
}

function statefulSetUpdatedPods(state: ClusterState, name: string): Observation {
  const sts = find(state, 'statefulsets', name);
  if (!sts) return waiting(`StatefulSet ${name}`);
  const spec = (sts.spec ?? {}) as { replicas?: number; ordinals?: { start?: number }; updateStrategy?: { rollingUpdate?: { partition?: number } } };
  const st = (sts.status ?? {}) as { updateRevision?: string; observedGeneration?: number; readyReplicas?: number };
  const replicas = spec.replicas ?? 1;
  const start = spec.ordinals?.start ?? 0;
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const pods = ownedLive(state, 'pods', `StatefulSet/${name}`);
  const updated = pods.filter((p) => meta(p).labels?.['controller-revision-hash'] === st.updateRevision).map((p) => meta(p).name ?? '');
  // Ordinals at or above the partition take the update revision (newVersionedStatefulSetPod).
  const due = Array.from({ length: replicas }, (_, i) => start + i).filter((o) => o >= partition).length;
  const generation = meta(sts).generation ?? 1;
  const settled = generation > 1 && st.observedGeneration === generation && pods.length === replicas && (st.readyReplicas ?? 0) === replicas && updated.length === due;
  if (generation === 1) return { settled: false, detail: `${pods.length} of ${replicas} pods run. Change the template in the editor and apply again.` };
  return { settled, value: names(updated), detail: `On the new revision: ${names(updated)}.` };
}

function jobPodsCreated(state: ClusterState, timeline: Timeline, name: string): Observation {
  const job = find(state, 'jobs', name);
  if (!job) return waiting(`Job ${name}`);
  const created = ownedBy(timeline, `Job/${name}`, 'pods').length;
  const done = finished(job);
  return done
    ? { settled: true, value: created, detail: `${done} after creating ${created} pod${created === 1 ? '' : 's'}.` }
    : { settled: false, detail: `Running; ${created} pod${created === 1 ? '' : 's'} created so far.` };
}

function jobReplacementOverlap(state: ClusterState, timeline: Timeline, name: string): Observation {
  if (!find(state, 'jobs', name)) return waiting(`Job ${name}`);
  const pods = ownedBy(timeline, `Job/${name}`, 'pods');
  const gone = pods.filter((p) => p.departed !== undefined).sort((a, b) => a.departed! - b.departed!)[0];
  if (!gone) return { settled: false, detail: pods.length ? `${pods[0].name} runs. Delete it and watch.` : `Waiting for the Job's pod…` };
  const next = pods.find((p) => p.arrived !== undefined && p.arrived > gone.departed!);
  if (!next) return { settled: false, detail: `${gone.name} is terminating; no replacement yet.` };
  const old = Object.values(state.pods?.items ?? {}).find((p) => meta(p).uid === gone.uid);
  const phase = (old?.status as { phase?: string } | undefined)?.phase;
  const overlap = old !== undefined && phase !== 'Failed' && phase !== 'Succeeded';
  return overlap
    ? { settled: true, value: 'overlap', detail: `${next.name} started while ${gone.name} was still Terminating.` }
    : { settled: true, value: 'after', detail: `${next.name} started only after ${gone.name} had stopped.` };
}

function cronJobHistory(state: ClusterState, timeline: Timeline, name: string, runs: number): Observation {
  if (!find(state, 'cronjobs', name)) return waiting(`CronJob ${name}`);
  const made = ownedBy(timeline, `CronJob/${name}`, 'jobs').filter((j) => j.arrived !== undefined).length;
  const kept = ownedLive(state, 'jobs', `CronJob/${name}`).filter((j) => finished(j));
  const detail = `${made} run${made === 1 ? '' : 's'} so far; finished Jobs kept: ${names(kept.map((j) => meta(j).name ?? ''))}.`;
  // When run runs+1 starts, the controller has already pruned the history after run `runs` finished.
  return made > runs ? { settled: true, value: kept.length, detail } : { settled: false, detail: `${detail} Skip ahead with the clock bar.` };
}

function daemonSetCrashRecovery(state: ClusterState, timeline: Timeline, name: string): Observation {
  if (!find(state, 'daemonsets', name)) return waiting(`DaemonSet ${name}`);
  const restarted = ownedLive(state, 'pods', `DaemonSet/${name}`).find((p) => ((p.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses ?? []).some((c) => (c.restartCount ?? 0) > 0));
  if (restarted) {
    const node = (restarted.spec as { nodeName?: string } | undefined)?.nodeName;
    return { settled: true, value: 'in place', detail: `${meta(restarted).name} on ${node ?? 'its node'} restarted its container and is still the same pod.` };
  }
  const pods = ownedBy(timeline, `DaemonSet/${name}`, 'pods');
  const gone = pods.find((p) => p.departed !== undefined);
  const next = gone && pods.find((p) => p.arrived !== undefined && p.arrived > gone.departed!);
  if (gone && next) return { settled: true, value: 'replaced', detail: `${gone.name} was deleted and ${next.name} created.` };
  return { settled: false, detail: `${pods.length} agent pod${pods.length === 1 ? '' : 's'}; no container has stopped yet.` };
}

type ReadyCondition = { type: string; status: string; lastTransitionTime?: string };

function statefulSetStartOrder(state: ClusterState, name: string): Observation {
  const sts = find(state, 'statefulsets', name);
  if (!sts) return waiting(`StatefulSet ${name}`);
  const replicas = ((sts.spec ?? {}) as { replicas?: number }).replicas ?? 1;
  const pods = ownedLive(state, 'pods', `StatefulSet/${name}`);
  const readyAt = (p: ObjectLike) => {
    const c = (((p.status as { conditions?: ReadyCondition[] } | undefined)?.conditions) ?? []).find((x) => x.type === 'Ready' && x.status === 'True');
    return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
  };
  const ready = pods.map(readyAt).filter((t): t is number => t !== undefined);
  if (pods.length < replicas || ready.length < replicas) return { settled: false, detail: `${pods.length} of ${replicas} pods created, ${ready.length} Ready so far.` };
  const firstReady = Math.min(...ready);
  const lastCreated = Math.max(...pods.map((p) => Date.parse((meta(p) as { creationTimestamp?: string }).creationTimestamp ?? '')));
  const together = lastCreated < firstReady;
  return { settled: true, value: together ? 'together' : 'one by one', detail: together ? `All ${replicas} pods were created before the first one was Ready.` : `The last pod was created ${Math.round((lastCreated - firstReady) / 1000)} s after the first one was Ready.` };
}

function jobSuspendedPods(state: ClusterState, name: string): Observation {
  const job = find(state, 'jobs', name);
  if (!job) return waiting(`Job ${name}`);
  const live = ownedLive(state, 'pods', `Job/${name}`).length;
  const active = (job.status as { active?: number } | undefined)?.active ?? 0;
  const conds = ((job.status as { conditions?: Condition[] } | undefined)?.conditions) ?? [];
  if (!conds.some((c) => c.type === 'Suspended' && c.status === 'True')) return { settled: false, detail: `${live} pod${live === 1 ? '' : 's'} running. Suspend the Job and watch.` };
  // The controller deletes pods and lowers status.active in steps; read the answer once they agree.
  if (live !== active) return { settled: false, detail: `Suspended; ${live} pod${live === 1 ? '' : 's'} still running, status.active ${active}.` };
  return { settled: true, value: live, detail: live === 0 ? 'Suspended: its running pods were stopped, and none replaces them until it is resumed.' : `Suspended, with ${live} pod${live === 1 ? '' : 's'} still running.` };
}

/** The annotation the CronJob controller writes on each Job it makes (getJobFromTemplate2). */
const SCHEDULED = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

function cronJobFirstRun(state: ClusterState, timeline: Timeline, name: string): Observation {
  if (!find(state, 'cronjobs', name)) return waiting(`CronJob ${name}`);
  const first = ownedBy(timeline, `CronJob/${name}`, 'jobs').find((j) => j.arrived !== undefined);
  const job = first && Object.values(state.jobs?.items ?? {}).find((j) => meta(j).uid === first.uid);
  if (!job) return { settled: false, detail: 'No Job yet.' };
  const m = job.metadata as { creationTimestamp?: string; annotations?: Record<string, string> };
  const scheduled = Date.parse(m.annotations?.[SCHEDULED] ?? '');
  const created = Date.parse(m.creationTimestamp ?? '');
  if (!Number.isFinite(scheduled) || !Number.isFinite(created)) return { settled: false, detail: `${first!.name} carries no scheduled time.` };
  // An on-time Job is created in the second it is scheduled for; timestamps have whole seconds.
  const late = Math.round((created - scheduled) / 1000);
  return late > 0
    ? { settled: true, value: 'late', detail: `${first!.name} is the run scheduled for ${m.annotations![SCHEDULED]}, started ${late} s late.` }
    : { settled: true, value: 'on time', detail: `${first!.name} started at its scheduled time, ${m.annotations![SCHEDULED]}.` };
}

export function observeWorkload(observer: WorkloadObserver, state: ClusterState, timeline: Timeline): Observation {
  switch (observer.kind) {
    case 'replacement-pod': return replacementPod(timeline, observer.prefix);
    case 'daemonset-nodes': return daemonSetNodes(state, observer.name);
    case 'daemonset-current-ready': return daemonSetCurrentReady(state, observer.name);
    case 'daemonset-rollout-order': return daemonSetRolloutOrder(state, timeline, observer.name);
    case 'first-pod-created': return firstPodCreated(timeline, observer.statefulset);
    case 'statefulset-updated-pods': return statefulSetUpdatedPods(state, observer.name);
    case 'job-pods-created': return jobPodsCreated(state, timeline, observer.name);
    case 'job-replacement-overlap': return jobReplacementOverlap(state, timeline, observer.name);
    case 'cronjob-history': return cronJobHistory(state, timeline, observer.name, observer.runs);
    case 'daemonset-crash-recovery': return daemonSetCrashRecovery(state, timeline, observer.name);
    case 'statefulset-start-order': return statefulSetStartOrder(state, observer.name);
    case 'job-suspended-pods': return jobSuspendedPods(state, observer.name);
    case 'cronjob-first-run': return cronJobFirstRun(state, timeline, observer.name);
  }
}
