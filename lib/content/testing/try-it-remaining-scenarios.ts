/**
 * The Try-its added last to the Jobs, CronJobs and multi-container lessons (ttlSecondsAfterFinished,
 * managedBy, time zones, a run by hand, the ambassador and the adapter), and the answer the
 * sandbox must show for each: the scenarios try-it-blocks.test.ts plays. `after` stands for what
 * the learner does once the Try-it is applied (a clock skip, a kubectl create job --from).
 */
import type { Sim } from '../../exercises/testing';
import { LOG_TAIL_LINES, isLogObserver } from '../../tryit/observe-logs';
import type { Observer } from '../../tryit/observe';
import type { PlacementScenario } from './try-it-placement-scenarios';

export const REMAINING_SCENARIOS: Record<string, PlacementScenario> = {
  'job-indexed': { withinMs: 30_000, answer: 3 },
  'job-managed-elsewhere': { withinMs: 30_000, answer: 0 },
  'job-ttl': { withinMs: 90_000, answer: 'gone' },
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
