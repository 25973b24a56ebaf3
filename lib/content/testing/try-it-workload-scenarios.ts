/**
 * What the workload lessons (10-50) tell the learner to do around each Try-it's Apply, and the
 * answer their cluster must then show: the scenarios try-it-blocks.test.ts plays on a sandbox.
 * `after` stands for the learner's second step (a delete, a second Apply with a changed template).
 */
import { GR, type KubeObject } from '@/lib/k8s/sandbox';
import type { Sim } from '../../exercises/testing';
import type { TryItScenario } from './try-it-scenario';

function deletePods(sim: Sim, selector: string): void {
  for (const p of sim.pods('default', selector)) sim.client.delete(GR.pods, 'default', p.metadata.name!);
}

function labelNode(sim: Sim, node: string, key: string, value: string): void {
  const n = sim.get(GR.nodes, undefined, node)!;
  sim.client.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, [key]: value } } });
}

/** The learner's second Apply: the same object with the first container's image changed. */
function changeImage(sim: Sim, gr: typeof GR.daemonsets, name: string, image: string): void {
  const o = sim.get(gr, 'default', name)!;
  const spec = structuredClone(o.spec) as { template: { spec: { containers: { image: string }[] } } };
  spec.template.spec.containers[0].image = image;
  sim.client.update({ ...o, spec } as KubeObject);
}

/** `kubectl patch … -p '{"spec":{"suspend":…}}'` on a Job or CronJob. */
function setSuspend(sim: Sim, gr: typeof GR.jobs, name: string, suspend: boolean): void {
  const o = sim.get(gr, 'default', name)!;
  sim.client.update({ ...o, spec: { ...(o.spec as object), suspend } });
}

export const WORKLOAD_SCENARIOS: Record<string, TryItScenario> = {
  'deploy-replacement': { after: (sim) => deletePods(sim, 'app=tryit-web'), afterMs: 10_000, withinMs: 30_000, answer: 'new name' },
  'ds-node-selector': { before: (sim) => labelNode(sim, 'worker-3', 'environment', 'production'), withinMs: 20_000, answer: 'worker-3' },
  'ds-image-missing': { withinMs: 60_000, answer: 'CURRENT 3, READY 0' },
  'ds-surge': { after: (sim) => changeImage(sim, GR.daemonsets, 'tryit-surge-agent', 'busybox:1.37'), afterMs: 10_000, withinMs: 60_000, answer: 'new first' },
  'ds-crash': { withinMs: 60_000, answer: 'in place' },
  'sts-parallel': { withinMs: 30_000, answer: 'together' },
  'sts-same-name': { after: (sim) => deletePods(sim, 'statefulset.kubernetes.io/pod-name=tryit-members-1'), afterMs: 15_000, withinMs: 60_000, answer: 'same name' },
  'sts-partition': { after: (sim) => changeImage(sim, GR.statefulsets, 'tryit-canary', 'busybox:1.37'), afterMs: 20_000, withinMs: 90_000, answer: 'tryit-canary-2' },
  'sts-ordinals-start': { withinMs: 20_000, answer: 'ledger-1' },
  'job-work-queue': { withinMs: 60_000, answer: 3 },
  'job-fixed-count': { withinMs: 60_000, answer: 5 },
  'job-success-policy': { withinMs: 60_000, answer: 'within about 15 s' },
  'job-replacement-policy': { after: (sim) => deletePods(sim, 'job-name=tryit-one-at-a-time'), afterMs: 5_000, withinMs: 90_000, answer: 'after' },
  'job-suspend': {
    after: (sim) => setSuspend(sim, GR.jobs, 'tryit-pausable', true),
    afterMs: 5_000,
    withinMs: 30_000,
    answer: 0,
  },
  'cron-resume': {
    // Three minutes and twenty seconds: the resume lands well inside a minute, as a learner's would.
    after: (sim) => setSuspend(sim, GR.cronjobs, 'tryit-paused', false),
    afterMs: 200_000,
    withinMs: 300_000,
    answer: 'late',
  },
  'cron-every-two': { withinMs: 400_000, answer: 2 },
  'cron-deadline': { withinMs: 400_000, answer: 2 },
  'cron-history': { withinMs: 500_000, answer: 3 },
};
