/**
 * What the init-container, multi-container, scheduling and batch lessons (60-90) tell the learner
 * to do around each Try-it's Apply, and the answer their cluster must then show: the scenarios
 * try-it-blocks.test.ts plays on a sandbox. `before` and `after` stand for the learner's own steps
 * (cordoning a node, draining one).
 */
import { GR } from '../../k8s/sandbox/controllers/framework/client';
import { handleEviction } from '../../k8s/sandbox/apiserver/eviction';
import { StatusError } from '../../k8s/sandbox/errors';
import { setCordoned } from '../../k8s/sandbox/node-operations';
import type { Sim } from '../../exercises/testing';
import type { TryItScenario } from './try-it-scenario';

/**
 * `kubectl drain NODE` as the sandbox's API sees it: cordon, then one Eviction per pod of `app` on
 * the node. A refused eviction (429 from the budget) is what drain would retry; here it stays refused.
 */
function drain(sim: Sim, node: string, app: string): void {
  setCordoned(sim.cluster, node, true);
  const pods = sim.list(GR.pods, { namespace: 'default' }).filter((p) => p.metadata.labels?.app === app && (p.spec as { nodeName?: string }).nodeName === node);
  for (const p of pods) {
    try {
      const name = p.metadata.name!;
      handleEviction(sim.cluster.store, 'default', name, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }, sim.clock.nowISO());
    } catch (e) {
      // Refused by the budget (429): the pod stays, as it does while kubectl drain retries.
      if (!(e instanceof StatusError && e.code === 429)) throw e;
    }
  }
}

/** `kubectl scale deployment NAME --replicas=N`. */
function scale(sim: Sim, name: string, replicas: number): void {
  const d = sim.get(GR.deployments, 'default', name)!;
  sim.client.update({ ...d, spec: { ...(d.spec as object), replicas } });
}

export const PLACEMENT_SCENARIOS: Record<string, TryItScenario> = {
  'init-order': { withinMs: 30_000, answer: 'download, render' },
  'init-download': { withinMs: 60_000, answer: 'downloaded' },
  'init-crash': { withinMs: 30_000, answer: 'CrashLoopBackOff' },
  'sidecar-regular': { withinMs: 60_000, answer: 'Failed' },
  'sidecar-file-logs': { withinMs: 30_000, answer: 'log-shipper' },
  'sched-anti-affinity': { withinMs: 20_000, answer: 1 },
  'sched-pending-message': { withinMs: 10_000, answer: '3' },
  'sched-spread': { before: (sim) => setCordoned(sim.cluster, 'worker-3', true), withinMs: 20_000, answer: 1 },
  'batch-parallel': { withinMs: 90_000, answer: 'about 20 s' },
  'batch-work-queue': { withinMs: 60_000, answer: 3 },
  'batch-steps': { withinMs: 90_000, answer: 2 },
  'sched-preemption': { after: (sim) => scale(sim, 'tryit-urgent', 1), afterMs: 10_000, withinMs: 90_000, answer: 'tryit-filler' },
  'sched-drain': { after: (sim) => drain(sim, 'worker-2', 'budget-demo'), afterMs: 20_000, withinMs: 60_000, answer: 2 },
};
