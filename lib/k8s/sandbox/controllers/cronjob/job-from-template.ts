/**
 * The Job a CronJob starts for a scheduled time (pkg/controller/cronjob/utils.go
 * getJobFromTemplate2, getJobName): `<cronjob>-<scheduled unix minutes>`, the template's
 * labels and annotations plus batch.kubernetes.io/cronjob-scheduled-timestamp, and the
 * CronJob as controller owner.
 */
import type { CronJob } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../types';
import { jsonClone } from '../../store/json-value';
import { newControllerRef } from '../framework/controller-ref-manager';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export function jobNameFor(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** Offset of timeZone from UTC at ms, in minutes. */
function offsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - (ms - (ms % 1000))) / 60_000);
}

/** Go's time.RFC3339 in a zone: `2025-01-01T09:00:00+09:00`, `Z` for a zero offset. */
export function rfc3339InZone(ms: number, timeZone = 'UTC'): string {
  const off = timeZone === 'UTC' ? 0 : offsetMinutes(ms, timeZone);
  const local = new Date(ms + off * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (off === 0) return `${date}Z`;
  return `${date}${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC, as the MissSchedule event prints it: `Wed, 01 Jan 2025 00:01:00 +0000`. */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export function jobFromTemplate(cj: CronJob, scheduledMs: number): KubeObject {
  const tmpl = cj.spec!.jobTemplate;
  const annotations = { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339InZone(scheduledMs, cj.spec!.timeZone || 'UTC') };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj.metadata!.name!, scheduledMs),
      namespace: cj.metadata!.namespace,
      ...(tmpl.metadata?.labels ? { labels: { ...tmpl.metadata.labels } } : {}),
      annotations,
      ownerReferences: [newControllerRef(cj, { apiVersion: 'batch/v1', kind: 'CronJob' })],
    },
    spec: jsonClone(tmpl.spec) as unknown as Record<string, unknown>,
  };
}
