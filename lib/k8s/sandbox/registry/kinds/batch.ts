/** batch/v1 Job and CronJob. Columns and rows follow printers.go (v1.32, Job STATUS since 1.30). */
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, col } from '../columns';
import { define } from '../define';
import type { KubeObject } from '../deps';
import { at, containerCells, formatLabelSelector, humanDuration, num, printBoolPtr, str, translateTimestampSince } from '../format';
import type { ResourceDef } from '../types';

const age = (o: KubeObject, now: number) => translateTimestampSince(o.metadata.creationTimestamp, now);

function hasTrueCondition(o: KubeObject, type: string): boolean {
  const conds = (at(o, 'status.conditions') ?? []) as { type: string; status: string }[];
  return conds.some((c) => c.type === type && c.status === 'True');
}

export function jobStatus(o: KubeObject): string {
  if (hasTrueCondition(o, 'Complete')) return 'Complete';
  if (hasTrueCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (hasTrueCondition(o, 'Suspended')) return 'Suspended';
  if (hasTrueCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export function jobCompletions(o: KubeObject): string {
  const succeeded = num(at(o, 'status.succeeded'));
  const completions = at(o, 'spec.completions');
  if (typeof completions === 'number') return `${succeeded}/${completions}`;
  const parallelism = num(at(o, 'spec.parallelism'));
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(o: KubeObject, now: number): string {
  const start = str(at(o, 'status.startTime'));
  if (!start) return '';
  const end = str(at(o, 'status.completionTime'));
  return humanDuration((end ? Date.parse(end) : now) - Date.parse(start));
}

export const jobs = define({
  group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ['all'],
  subresources: ['status'],
  defaultPropagation: 'Orphan',
  columns: [
    NAME_COLUMN,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The completion status of the job.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  printRow: (o, { now }) => {
    const [c, i] = containerCells(at(o, 'spec.template.spec'));
    return {
      cells: [str(o.metadata.name), jobStatus(o), jobCompletions(o), jobDuration(o, now), age(o, now), c, i, formatLabelSelector(at(o, 'spec.selector'))],
    };
  },
});

export const cronjobs = define({
  group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ['all'],
  subresources: ['status'],
  columns: [
    NAME_COLUMN,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  printRow: (o, { now }) => {
    const [c, i] = containerCells(at(o, 'spec.jobTemplate.spec.template.spec'));
    const last = at(o, 'status.lastScheduleTime');
    const active = at(o, 'status.active');
    return {
      cells: [
        str(o.metadata.name), str(at(o, 'spec.schedule')), str(at(o, 'spec.timeZone')) || '<none>', printBoolPtr(at(o, 'spec.suspend')),
        Array.isArray(active) ? active.length : 0, last ? translateTimestampSince(last, now) : '<none>', age(o, now), c, i,
        formatLabelSelector(at(o, 'spec.jobTemplate.spec.selector')),
      ],
    };
  },
});

export const BATCH_KINDS: ResourceDef[] = [jobs, cronjobs];
