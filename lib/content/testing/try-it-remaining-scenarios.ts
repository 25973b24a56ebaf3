/**
 * The Try-its added last to the Jobs, CronJobs and multi-container lessons (ttlSecondsAfterFinished,
 * managedBy, time zones, a run by hand, the ambassador and the adapter), and the answer the
 * sandbox must show for each: the scenarios try-it-blocks.test.ts plays. `after` stands for what
 * the learner does once the Try-it is applied (a clock skip, a kubectl create job --from).
 */
import { GR } from '../../k8s/sandbox/controllers/framework/client';
import type { Sim } from '../../exercises/testing';
import { LOG_TAIL_LINES, isLogObserver } from '../../tryit/observe-logs';
import type { Observer } from '../../tryit/observe';
import type { TryItScenario } from './try-it-scenario';

/**
 * `kubectl create job NAME --from=cronjob/CRON` as kubectl does it (kubectl's createJobFromCronJob):
 * the CronJob's job template, the annotation cronjob.kubernetes.io/instantiate: manual, and the
 * CronJob as controller owner.
 */
function createJobFromCronJob(sim: Sim, cronJob: string, name: string): void {
  const cj = sim.get(GR.cronjobs, 'default', cronJob)!;
  const template = (cj.spec as { jobTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: object } }).jobTemplate;
  sim.apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'default',
      labels: template.metadata?.labels,
      annotations: { ...template.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob, uid: cj.metadata.uid!, controller: true }],
    },
    spec: template.spec,
  });
}

export const REMAINING_SCENARIOS: Record<string, TryItScenario> = {
  'job-indexed': { withinMs: 30_000, answer: 3 },
  'job-managed-elsewhere': { withinMs: 30_000, answer: 0 },
  'job-ttl': { withinMs: 90_000, answer: 'gone' },
  'cron-by-hand': {
    after: (sim) => createJobFromCronJob(sim, 'tryit-nightly', 'tryit-by-hand'),
    afterMs: 2_000,
    withinMs: 30_000,
    answer: 'Complete',
  },
  'cron-time-zone': { withinMs: 3_700_000, answer: 'minute 30' },
  'pattern-ambassador': { withinMs: 30_000, answer: 'the backend page title' },
  'pattern-adapter': { withinMs: 30_000, answer: 'a JSON record with level and message' },
};

/**
 * The log a container-log observer reads: the container's last lines, as the bench's logs route
 * returns them (`tailLines`), from the sandbox's log store behind the pods/log endpoint.
 */
export function logFor(sim: Sim, observer: Observer): string | undefined {
  if (!isLogObserver(observer)) return undefined;
  const lines = sim.cluster.logs.read({ namespace: 'default', pod: observer.pod, container: observer.container });
  return lines.slice(-LOG_TAIL_LINES).map((l) => `${l.text}\n`).join('');
}
