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

export const WORKLOAD_SETUPS: Record<string, CommandSetup> = {
  'deploy-replacement': { scale: 1 },
  'ds-node-selector': { scale: 1, after: { when: ['get', 'nodes'], matches: /worker-3/, run: ['label', 'node', 'worker-3', 'environment=production'] } },
  'ds-image-missing': { scale: 1 },
  'ds-surge': {
    scale: 10,
    generated: ['tryit-surge-agent'],
    after: { when: ['get', 'daemonset', 'tryit-surge-agent', '-o', 'jsonpath={.status.numberReady}'], matches: /^3$/, run: ['set', 'image', 'daemonset/tryit-surge-agent', 'agent=busybox:1.37'] },
  },
};
