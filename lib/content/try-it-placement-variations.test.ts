/**
 * The variations the init-container, multi-container, scheduling and batch lessons (60-90) ask
 * the learner to try after a Try-it (a changed restartPolicy, a sidecar moved, a node uncordoned),
 * played on a sandbox cluster: the cluster must do what the prose then says.
 */
import { describe, expect, it } from 'vitest';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { handleEviction } from '../k8s/sandbox/apiserver/eviction';
import { setCordoned } from '../k8s/sandbox/node-operations';
import { observe } from '../tryit/observe';
import { baselineOf } from '../tryit/timeline';
import { tryItStateOf } from './testing/try-it-state';
import { runTryItVariation } from './testing/run-try-it';


describe('the variations the init-container, multi-container, scheduling and batch lessons suggest', () => {
  it('the failing init container under restartPolicy Never fails the pod at once: Init:Error, no retry', async () => {
    const sim = await runTryItVariation('init-crash', (docs) => {
      (docs[0].spec as { restartPolicy?: string }).restartPolicy = 'Never';
    }, 20_000);
    try {
      const pod = sim.get(GR.pods, 'default', 'tryit-bad-init')!;
      const init = (pod.status as { initContainerStatuses: { restartCount: number }[] }).initContainerStatuses[0];
      expect([(pod.status as { phase: string }).phase, init.restartCount]).toEqual(['Failed', 0]);
      expect(observe({ kind: 'pod-status', name: 'tryit-bad-init' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ value: 'Init:Error' });
    } finally {
      sim.close();
    }
  });

  it('the downloader pointed at a file the server lacks retries on 404 and the pod stays Init:0/1 with no app started', async () => {
    const sim = await runTryItVariation('init-download', (docs) => {
      const pod = docs.find((d) => d.metadata.name === 'tryit-configured')!;
      const env = (pod.spec as { initContainers: { env: { value: string }[] }[] }).initContainers[0].env[0];
      env.value = env.value.replace('/app.properties', '/missing.properties');
    }, 20_000);
    try {
      expect(observe({ kind: 'pod-status', name: 'tryit-configured' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ value: 'Init:0/1' });
      const log = sim.cluster.logs.read({ namespace: 'default', pod: 'tryit-configured', container: 'config-downloader' }).map((l) => l.text);
      expect(log.slice(-2)).toEqual(['wget: server returned error: HTTP/1.1 404 Not Found', 'no answer yet, retrying']);
      expect(sim.cluster.logs.read({ namespace: 'default', pod: 'tryit-configured', container: 'app' })).toEqual([]);
    } finally {
      sim.close();
    }
  });

  it('the log shipper moved into initContainers with restartPolicy Always lets the Job complete within seconds', async () => {
    const sim = await runTryItVariation('sidecar-regular', (docs) => {
      const spec = (docs[0].spec as { template: { spec: { containers: Record<string, unknown>[]; initContainers?: Record<string, unknown>[] } } }).template.spec;
      const shipper = spec.containers.pop()!;
      spec.initContainers = [{ ...shipper, restartPolicy: 'Always' }];
    }, 20_000);
    try {
      const seen = observe({ kind: 'job-duration', name: 'tryit-chatty-job' }, tryItStateOf(sim), baselineOf({}));
      expect(seen.value).toBeGreaterThanOrEqual(5);
      expect(seen.value).toBeLessThanOrEqual(10);
    } finally {
      sim.close();
    }
  });

  it('the anti-affinity rule made a preference places all four replicas, two sharing a worker', async () => {
    const sim = await runTryItVariation('sched-anti-affinity', (docs) => {
      const affinity = (docs[0].spec as { template: { spec: { affinity: { podAntiAffinity: Record<string, unknown> } } } }).template.spec.affinity.podAntiAffinity;
      const [term] = affinity.requiredDuringSchedulingIgnoredDuringExecution as unknown[];
      affinity.preferredDuringSchedulingIgnoredDuringExecution = [{ weight: 100, podAffinityTerm: term }];
      delete affinity.requiredDuringSchedulingIgnoredDuringExecution;
    }, 20_000);
    try {
      expect(observe({ kind: 'pods-pending', deployment: 'tryit-apart' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ settled: true, value: 0 });
      const nodes = sim.list(GR.pods, { namespace: 'default' }).map((p) => (p.spec as { nodeName?: string }).nodeName);
      expect(new Set(nodes).size).toBe(3);
    } finally {
      sim.close();
    }
  });

  it('after draining worker-2, the budget refuses the eviction a drain of worker-3 asks for, and the replica stays', async () => {
    const sim = await runTryItVariation('sched-drain', () => undefined, 20_000);
    try {
      const evict = (node: string) => {
        setCordoned(sim.cluster, node, true);
        const pod = sim.list(GR.pods, { namespace: 'default' }).find((p) => p.metadata.labels?.app === 'budget-demo' && (p.spec as { nodeName?: string }).nodeName === node)!;
        handleEviction(sim.cluster.store, 'default', pod.metadata.name!, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name!, namespace: 'default' } }, sim.clock.nowISO());
      };
      evict('worker-2');
      await sim.run(30_000);
      expect(() => evict('worker-3')).toThrow(expect.objectContaining({ code: 429 }));
      await sim.run(30_000);
      expect(observe({ kind: 'pods-pending', deployment: 'budget-demo' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ settled: true, value: 1 });
    } finally {
      sim.close();
    }
  });

  it('the four partitions with parallelism 4 finish in about ten seconds', async () => {
    const sim = await runTryItVariation('batch-parallel', (docs) => {
      (docs[0].spec as { parallelism: number }).parallelism = 4;
    }, 40_000);
    try {
      const seen = observe({ kind: 'job-duration', name: 'tryit-partitions' }, tryItStateOf(sim), baselineOf({}));
      expect(seen.value).toBeGreaterThanOrEqual(10);
      expect(seen.value).toBeLessThanOrEqual(15);
    } finally {
      sim.close();
    }
  });

  it('with preemptionPolicy Never, the urgent pod waits Pending and every filler keeps running', async () => {
    const sim = await runTryItVariation('sched-preemption', (docs) => {
      (docs[0] as unknown as { preemptionPolicy: string }).preemptionPolicy = 'Never';
    }, 10_000);
    try {
      const d = sim.get(GR.deployments, 'default', 'tryit-urgent')!;
      sim.client.update({ ...d, spec: { ...(d.spec as object), replicas: 1 } });
      await sim.run(20_000);
      expect(observe({ kind: 'preemption', preemptor: 'tryit-urgent', victim: 'tryit-filler' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ settled: true, value: 'tryit-urgent' });
      expect(observe({ kind: 'pods-pending', deployment: 'tryit-filler' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ settled: true, value: 0 });
    } finally {
      sim.close();
    }
  });
});
