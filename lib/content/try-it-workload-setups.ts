/**
 * How try-it-commands.test.ts runs the commands the workload lessons (10-50) show after their
 * Try-its: the cluster clock's speed, the name prefixes whose random suffixes vary, and the step
 * the prose asks for once a condition holds (a delete, a new image), as kubectl arguments.
 */
export interface CommandSetup {
  scale: number;
  generated?: string[];
  after?: { when: string[]; matches: RegExp; run: string[] };
}

/** The step runs once the object's jsonpath `field` reads `value`. */
function once(resource: string, field: string, value: string, run: string[]): CommandSetup['after'] {
  return { when: ['get', ...resource.split('/'), '-o', `jsonpath={${field}}`], matches: new RegExp(`^${value}$`), run };
}

export const WORKLOAD_SETUPS: Record<string, CommandSetup> = {
  'workload-finishes': { scale: 10 },
  'deploy-replacement': { scale: 1 },
  'ds-node-selector': { scale: 1, after: { when: ['get', 'nodes'], matches: /worker-3/, run: ['label', 'node', 'worker-3', 'environment=production'] } },
  'ds-image-missing': { scale: 1 },
  'ds-surge': {
    scale: 10,
    generated: ['tryit-surge-agent'],
    after: once('daemonset/tryit-surge-agent', '.status.numberReady', '3', ['set', 'image', 'daemonset/tryit-surge-agent', 'agent=busybox:1.37']),
  },
  'sts-same-name': { scale: 10, after: once('statefulset/tryit-members', '.status.readyReplicas', '2', ['delete', 'pod', 'tryit-members-1', '--wait=false']) },
  'sts-partition': { scale: 10, after: once('statefulset/tryit-canary', '.status.readyReplicas', '3', ['set', 'image', 'statefulset/tryit-canary', 'app=busybox:1.37']) },
  'sts-ordinals-start': { scale: 10 },
  'job-work-queue': { scale: 10 },
  'job-fixed-count': { scale: 10 },
  'job-suspend': { scale: 10, after: once('job/tryit-pausable', '.status.active', '2', ['patch', 'job', 'tryit-pausable', '-p', '{"spec":{"suspend":true}}']) },
  // At 30x the first run comes within 4 s and the next one 4 s later: time enough to see the one line.
  'cron-every-two': { scale: 30 },
  'job-success-policy': { scale: 10 },
  'job-replacement-policy': { scale: 10, after: once('job/tryit-one-at-a-time', '.status.active', '1', ['delete', 'pod', '-l', 'job-name=tryit-one-at-a-time', '--wait=false']) },
};
