/**
 * When a CronJob with a time zone first runs, read as the minute past the (UTC) hour: a zone with
 * a half-hour offset moves "minute 0" to minute 30 of the cluster's clock, which a Try-it can show
 * within an hour of cluster time whatever the hour is now.
 */
import type { ClusterState } from '@/lib/k8s/watch/reducer';
import { scheduledMinute, type Observation } from './observe';
import { ownedBy, type Timeline } from './timeline';

export type CronJobTimeObserver =
  /** `minute NN`: the UTC minute past the hour of the CronJob's first Job's scheduled time. */
  { kind: 'cronjob-first-minute'; name: string };

export function isCronJobTimeObserver(o: { kind: string }): o is CronJobTimeObserver {
  return o.kind === 'cronjob-first-minute';
}

export function observeCronJobTime(observer: CronJobTimeObserver, state: ClusterState, timeline: Timeline): Observation {
  const { name } = observer;
  if (!Object.values(state.cronjobs?.items ?? {}).some((o) => o.metadata?.name === name)) return { settled: false, detail: `Waiting for CronJob ${name} to appear in your cluster…` };
  const first = ownedBy(timeline, `CronJob/${name}`, 'jobs').find((j) => j.arrived !== undefined);
  if (!first) return { settled: false, detail: 'No Job yet: skip ahead with the clock bar.' };
  const minutes = scheduledMinute(name, first.name);
  if (minutes === undefined) return { settled: false, detail: `Job ${first.name} does not carry a scheduled time in its name.` };
  const at = new Date(minutes * 60_000).toISOString().slice(11, 16);
  return { settled: true, value: `minute ${String(minutes % 60).padStart(2, '0')}`, detail: `${first.name} was scheduled for ${at} UTC.` };
}
