/**
 * How try-it-commands.test.ts runs the commands the init-container, multi-container, scheduling
 * and batch lessons (60-90) show after their Try-its: the cluster clock's speed, the name prefixes
 * whose random suffixes vary, and a step the prose asks for once a condition holds.
 */
export interface PlacementSetup {
  scale: number;
  /** A step the learner takes before the Apply (kubectl args), such as cordoning a node. */
  before?: string[];
  generated?: string[];
  after?: { when: string[]; matches: RegExp; run: string[] };
}

export const PLACEMENT_SETUPS: Record<string, PlacementSetup> = {
  'init-order': { scale: 2 },
  'init-download': { scale: 5 },
  'init-crash': { scale: 1 },
  'sidecar-job': { scale: 10, generated: ['tryit-sidecar-job'] },
  'sidecar-regular': { scale: 5, generated: ['tryit-chatty-job'] },
  'sidecar-file-logs': { scale: 5 },
  'sched-anti-affinity': { scale: 10 },
  'sched-pending-message': { scale: 1 },
  'sched-spread': { scale: 10, before: ['cordon', 'worker-3'] },
  'sched-preemption': {
    scale: 30,
    after: { when: ['get', 'deployment', 'tryit-filler', '-o', 'jsonpath={.status.readyReplicas}'], matches: /^3$/, run: ['scale', 'deployment', 'tryit-urgent', '--replicas=1'] },
  },
  // A Deployment's pods carry its template hash (fixed while the template is) and a random suffix.
  'sched-drain': { scale: 10, generated: ['budget-demo-7c444dfcc8'] },
  'batch-parallel': { scale: 10, generated: ['tryit-partitions'] },
  'batch-work-queue': { scale: 10 },
  'batch-steps': { scale: 10, generated: ['tryit-etl'] },
};
