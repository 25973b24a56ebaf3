/**
 * Every check an exercise step can name, by id: the one place where "done" is defined for the
 * module's exercises and challenges. Definitions (content/module-05/exercises/*.yaml) refer to
 * these ids; a test makes sure each id they use exists.
 */
import type { Check } from '../view';
import { cronForbidsOverlap, cronJobsHavePolicy, cronRunsWithHistory, cronSuspended } from './cronjobs';
import { daemonKeepsPodsOnCordonedNodes, daemonOnEveryEligibleNode, daemonOnlyOnLabelled, daemonRunsImage } from './daemonset';
import { jobComplete, jobCompletesWithOutput, jobFailedByPolicy, jobGaveUpIndexes, parallelJobBounded, queueJobProcessedItems } from './jobs';
import { adapterEmitsJson, ambassadorForwards } from './patterns';
import { claimPerPod, createdInOrder, dataSurvivesDeletion, podDnsResolves } from './statefulset';
import { deploymentAvailable, statefulSetSpread } from './workloads';

const ns = 'default';
const web = { namespace: ns, name: 'web-stateful' };

export const CHECKS = {
  // Exercise 5.1
  'log-collector-on-every-node': daemonOnEveryEligibleNode({ namespace: ns, name: 'log-collector' }, { allNodes: true }),
  'log-collector-runs-fluentd-1-15': daemonRunsImage({ namespace: ns, name: 'log-collector' }, 'fluentd', 'fluentd:v1.15-1'),
  'log-collector-survives-cordon': daemonKeepsPodsOnCordonedNodes({ namespace: ns, name: 'log-collector' }),
  'production-monitor-on-labelled-nodes': daemonOnlyOnLabelled({ namespace: ns, name: 'production-monitor' }, 'environment', 'production'),
  // Exercise 5.2
  'web-stateful-created-in-order': createdInOrder(web, 3),
  'web-stateful-claim-per-pod': claimPerPod(web, 'data', 3),
  'web-stateful-five-in-order': createdInOrder(web, 5),
  'web-stateful-data-survives': dataSurvivesDeletion({ ...web, pod: 'web-stateful-0', container: 'nginx', file: '/data/pod-data.txt', text: 'data from pod 0' }),
  'web-stateful-dns-resolves': podDnsResolves({ ...web, pod: 'web-stateful-1', service: 'web-headless', from: ['test-pod', 'web-stateful-0'] }),
  // Exercise 5.3
  'single-job-complete': jobCompletesWithOutput({ namespace: ns, name: 'single-job' }, 'Done!'),
  'parallel-job-bounded': parallelJobBounded({ namespace: ns, name: 'parallel-job' }, 3, 9),
  'queue-job-processed': queueJobProcessedItems({ namespace: ns, name: 'queue-job' }, 5),
  'shard-job-gives-up-one-index': jobGaveUpIndexes({ namespace: ns, name: 'shard-job' }, { completedIndexes: '0,1,3', failedIndexes: '2' }),
  // Exercise 5.4
  'hello-cron-history': cronRunsWithHistory({ namespace: ns, name: 'hello-cron' }, 2, 3),
  'backup-job-forbids-overlap': cronForbidsOverlap({ namespace: ns, name: 'backup-job' }),
  'hello-cron-suspended': cronSuspended({ namespace: ns, name: 'hello-cron' }),
  // Exercise 5.5
  'ambassador-forwards': ambassadorForwards({ namespace: ns, pod: 'ambassador-demo', container: 'app', port: 8080, expect: 'Welcome to nginx', config: { configMap: 'haproxy-config', key: 'haproxy.cfg' } }),
  'adapter-emits-json': adapterEmitsJson({ namespace: ns, pod: 'adapter-demo', container: 'log-adapter', fields: ['timestamp', 'level', 'message'], min: 2, raw: { field: 'message', marker: 'LEGACY_LOG' } }),
  // Challenge 5.1
  'node-exporter-on-every-node': daemonOnEveryEligibleNode({ namespace: 'monitoring', name: 'node-exporter' }, { allNodes: true }),
  'prometheus-replicas-spread': statefulSetSpread({ namespace: 'monitoring', name: 'prometheus' }, 2),
  'grafana-available': deploymentAvailable({ namespace: 'monitoring', name: 'grafana' }),
  // Challenge 5.2
  'pipeline-transform-complete': jobComplete({ namespace: 'pipeline', name: 'transform' }),
  'pipeline-validation-fails-fast': jobFailedByPolicy('pipeline'),
  'pipeline-writers-forbid-overlap': cronJobsHavePolicy('pipeline', /^(ingest|weekly-report|monthly-archive)$/, ['Forbid']),
  // Challenge 5.3
  'fluent-bit-on-every-node': daemonOnEveryEligibleNode({ namespace: 'system-services', name: 'fluent-bit' }, { allNodes: true }),
  'integrity-watch-on-every-node': daemonOnEveryEligibleNode({ namespace: 'system-services', name: 'integrity-watch' }, { allNodes: true }),
  'backups-forbid-overlap': cronJobsHavePolicy('system-services', /backup/, ['Forbid']),
} satisfies Record<string, Check>;

export type CheckId = keyof typeof CHECKS;

export function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(CHECKS, id);
}
