/**
 * Hostile index lists for the Job controller's per-index features: a successPolicy naming a
 * billion indexes in a dozen characters, and a hand-written status claiming a billion completed
 * and failed indexes. Each case asserts that the sync ends with a bounded answer and that the
 * cluster keeps serving afterwards.
 */
import { describe, expect, it } from 'vitest';
import { GR } from '../../lib/k8s/sandbox/controllers/framework/client';
import { productSim } from '../../lib/k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../lib/k8s/sandbox/types';

const BILLION = 1_000_000_000;

function indexedJob(name: string, spec: Record<string, unknown>, script = 'echo done'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      completionMode: 'Indexed',
      completions: BILLION,
      parallelism: 2,
      ...spec,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36', command: ['sh', '-c', script] }] } },
    },
  };
}

const reasons = (job: KubeObject | undefined) => ((job?.status as { conditions?: { type: string; reason: string }[] } | undefined)?.conditions ?? []).map((c) => `${c.type} ${c.reason}`);

describe('hostile Job index lists', () => {
  it('a successPolicy naming a billion indexes is admitted, and met by its count without the set being expanded', async () => {
    const sim = productSim();
    try {
      sim.apply(indexedJob('wide-rule', { successPolicy: { rules: [{ succeededIndexes: `0-${BILLION - 1}`, succeededCount: 1 }] } }));
      await sim.run(30_000);
      expect(reasons(sim.get(GR.jobs, 'default', 'wide-rule'))).toContain('SuccessCriteriaMet SuccessPolicy');
      expect(sim.get(GR.namespaces, undefined, 'default')).toBeDefined();
    } finally {
      sim.close();
    }
  });

  it('a hand-written status claiming a billion completed and failed indexes is read up to a bound, and the answer written back stays small', async () => {
    const sim = productSim();
    try {
      // Workers that keep running, so the only thing that ends the Job is the forged status.
      sim.apply(indexedJob('forged', { backoffLimitPerIndex: 1, maxFailedIndexes: 10 }, 'exec sleep 3600'));
      await sim.run(1_000);
      const live = sim.get(GR.jobs, 'default', 'forged')!;
      const all = `0-${BILLION - 1}`;
      sim.client.updateStatus({ ...live, status: { ...(live.status as object), completedIndexes: all, failedIndexes: all } });
      await sim.run(40_000);
      const job = sim.get(GR.jobs, 'default', 'forged')!;
      const status = job.status as { completedIndexes?: string; failedIndexes?: string };
      expect(reasons(job)).toEqual(['FailureTarget MaxFailedIndexesExceeded', 'Failed MaxFailedIndexesExceeded']);
      expect((status.completedIndexes ?? '').length).toBeLessThan(64);
      expect((status.failedIndexes ?? '').length).toBeLessThan(64);
      // The cluster still answers and still runs other Jobs.
      sim.apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'after', namespace: 'default' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36', command: ['sh', '-c', 'echo ok'] }] } } } });
      await sim.run(20_000);
      expect(reasons(sim.get(GR.jobs, 'default', 'after'))).toContain('Complete CompletionsReached');
    } finally {
      sim.close();
    }
  });
});
