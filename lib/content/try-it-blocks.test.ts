/**
 * Every <TryIt> block of module 5, checked like the resource library: its manifest parses and
 * passes the Kubernetes schema and the project's manifest rules, its prediction has options and an
 * observer the bench understands, and, applied to a sandbox cluster the way the lesson tells the
 * learner to, the cluster really shows the answer the lesson's prose then explains.
 */
import { describe, expect, it } from 'vitest';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { failNode, recoverNode, setCordoned } from '../k8s/sandbox/node-operations';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import { validateManifest } from '../k8s/schemas/validate';
import { checkManifest } from '../k8s/schemas/manifest-rules';
import { objectsOf, type Sim } from '../exercises/testing';
import { normalizeOptions, covers, type OptionInput } from '../tryit/compare';
import { observe, type Observer } from '../tryit/observe';
import { advanceTimeline, baselineOf } from '../tryit/timeline';
import { tryItBlocks, type TryItBlock } from '../tryit/blocks';
import { loadLessons } from './lessons';
import { tryItStateOf } from './testing/try-it-state';
import { runTryItVariation } from './testing/run-try-it';
import { PLACEMENT_SCENARIOS } from './testing/try-it-placement-scenarios';
import { REMAINING_SCENARIOS, logFor } from './testing/try-it-remaining-scenarios';
import { WORKLOAD_SCENARIOS } from './testing/try-it-workload-scenarios';

const blocks: (TryItBlock & { lesson: string })[] = loadLessons().flatMap((l) => tryItBlocks(l.source).map((b) => ({ ...b, lesson: l.slug })));

/** Our own MDX attribute expressions (object and array literals), evaluated as the MDX compiler would. */
function expression<T>(text: string): T {
  return new Function(`return (${text});`)() as T;
}

/** What the learner is told to do around the Apply, and the answer the cluster must then show. */
interface Scenario {
  before?(sim: Sim): void;
  /** Run after the Apply once `afterMs` of cluster time have passed (a scale-down, a second Apply). */
  after?(sim: Sim): void;
  afterMs?: number;
  /** Cluster time to give the answer before failing. */
  withinMs: number;
  /** The observed value, or the label of the option that must cover it (ranges). */
  answer: string | number;
}

const SCENARIOS: Record<string, Scenario> = {
  // Deployments, DaemonSets, StatefulSets, Jobs and CronJobs (lessons 10-50).
  ...WORKLOAD_SCENARIOS,
  'ds-control-plane': { withinMs: 20_000, answer: 3 },
  'ds-cordoned': {
    before: (sim) => setCordoned(sim.cluster, 'worker-2', true),
    withinMs: 20_000,
    answer: 3,
  },
  'sts-scale-down': {
    after: (sim) => {
      const sts = sim.get(GR.statefulsets, 'default', 'tryit-db')!;
      sim.client.update({ ...sts, spec: { ...(sts.spec as object), replicas: 1 } });
    },
    afterMs: 20_000,
    withinMs: 60_000,
    answer: 'tryit-db-2',
  },
  'job-backoff': { withinMs: 120_000, answer: 3 },
  'job-pod-failure-policy': { withinMs: 30_000, answer: 1 },
  'job-per-index': { withinMs: 120_000, answer: 2 },
  'job-duration': { withinMs: 120_000, answer: 'about 30 s' },
  'cron-forbid': { withinMs: 400_000, answer: 2 },
  'init-waiting': { withinMs: 30_000, answer: 'Init:0/2' },
  'sidecar-job': { withinMs: 60_000, answer: 'within about 15 s' },
  'sched-affinity': { withinMs: 10_000, answer: 'Pending' },
  'batch-deadline': { withinMs: 90_000, answer: 'Failed' },
  'workload-finishes': { withinMs: 60_000, answer: 'CrashLoopBackOff' },
  'pod-shared-port': { withinMs: 60_000, answer: 'CrashLoopBackOff' },
  'sched-toleration-seconds': { after: (sim) => failNode(sim.cluster, 'worker-1'), afterMs: 10_000, withinMs: 200_000, answer: 'after about 60 s' },
  // Init containers, multi-container pods, scheduling and batch (lessons 60-90).
  ...PLACEMENT_SCENARIOS,
  ...REMAINING_SCENARIOS,
};



describe('Try-it blocks in the lessons', () => {
  it('exist in the DaemonSet, StatefulSet, Job and CronJob lessons, with ids unique in the module', () => {
    const lessons = new Set(blocks.map((b) => b.lesson));
    for (const slug of ['daemonsets', 'statefulsets', 'jobs', 'cronjobs']) expect(lessons).toContain(slug);
    const ids = blocks.map((b) => b.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(blocks.map((b) => [b.id, b] as const))('%s: the manifest passes the schema and the manifest rules', (_id, block) => {
    const docs = objectsOf(block.yaml);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(validateManifest(doc as unknown as Record<string, unknown>), `${doc.kind}/${doc.metadata.name}`).toEqual([]);
      expect(checkManifest(doc as unknown as Record<string, unknown>), `${doc.kind}/${doc.metadata.name}`).toEqual([]);
    }
  });

  it.each(blocks.map((b) => [b.id, b] as const))('%s: has a title, a question, two or more options and a clean-up command naming what it created', (_id, block) => {
    const a = block.attributes;
    expect(a.title?.length).toBeGreaterThan(3);
    expect(a.question).toMatch(/\?$/);
    expect(normalizeOptions(expression<OptionInput[]>(a.options)).length).toBeGreaterThanOrEqual(2);
    expect(a.cleanup).toMatch(/^kubectl delete /);
    for (const doc of objectsOf(block.yaml)) expect(a.cleanup).toContain(doc.metadata.name);
  });

  it.each(blocks.map((b) => [b.id, b] as const))('%s: applied to a sandbox cluster, shows the answer the lesson explains, and that answer is an option', async (id, block) => {
    const scenario = SCENARIOS[id];
    expect(scenario, `no scenario for Try-it ${id} in this test`).toBeDefined();
    const observer = expression<Observer>(block.attributes.observe);
    const options = normalizeOptions(expression<OptionInput[]>(block.attributes.options));
    const expected = options.find((o) => o.label === scenario.answer && o.range);
    expect(expected ?? options.find((o) => covers(o, scenario.answer)), 'the answer is among the options').toBeDefined();

    const sim = productSim();
    try {
      scenario.before?.(sim);
      await sim.run(1000);
      let timeline = baselineOf(tryItStateOf(sim));
      for (const doc of objectsOf(block.yaml)) sim.apply({ ...doc, metadata: { ...doc.metadata, namespace: 'default' } });
      let seen = observe(observer, tryItStateOf(sim), timeline, undefined, logFor(sim, observer));
      let afterDone = false;
      for (let t = 0; t < scenario.withinMs && !seen.settled; t += 500) {
        await sim.run(500);
        if (scenario.after && !afterDone && t >= (scenario.afterMs ?? 0)) {
          scenario.after(sim);
          afterDone = true;
        }
        timeline = advanceTimeline(timeline, tryItStateOf(sim));
        seen = observe(observer, tryItStateOf(sim), timeline, undefined, logFor(sim, observer));
      }
      expect(seen.settled, seen.detail).toBe(true);
      if (expected) expect(covers(expected, seen.value!), seen.detail).toBe(true);
      else expect(seen.value, seen.detail).toBe(scenario.answer);
    } finally {
      sim.close();
    }
  });
});

describe('the variations a Try-it\'s prose suggests', () => {
  async function secondRun(edit: (spec: Record<string, unknown>) => void, limitMs = 400_000): Promise<string | number | undefined> {
    const block = blocks.find((b) => b.id === 'cron-forbid')!;
    const sim = productSim();
    try {
      const [cron] = objectsOf(block.yaml);
      edit(cron.spec as Record<string, unknown>);
      let timeline = baselineOf(tryItStateOf(sim));
      sim.apply(cron);
      for (let t = 0; t < limitMs; t += 1000) {
        await sim.run(1000);
        timeline = advanceTimeline(timeline, tryItStateOf(sim));
        const seen = observe({ kind: 'cronjob-second-run', name: 'tryit-slow-report' }, tryItStateOf(sim), timeline);
        if (seen.settled) return seen.value;
      }
      return undefined;
    } finally {
      sim.close();
    }
  }

  it('with startingDeadlineSeconds: 20 the missed run is dropped and the second Job is the on-time one three minutes later', async () => {
    expect(await secondRun((spec) => (spec.startingDeadlineSeconds = 20))).toBe(3);
  });

  it('the finished program under restartPolicy Never ends Completed instead of looping', async () => {
    const sim = await runTryItVariation('workload-finishes', (docs) => {
      (docs[0].spec as { restartPolicy: string }).restartPolicy = 'Never';
    }, 20_000, () => undefined);
    try {
      const pod = sim.get(GR.pods, 'default', 'tryit-report')!;
      expect(observe({ kind: 'pod-outcome', name: 'tryit-report' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ settled: true, value: 'Completed' });
      expect((pod.status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0].restartCount).toBe(0);
    } finally {
      sim.close();
    }
  });

  it('the waiting init container lets the pod start once a tryit-cache Service answers', async () => {
    const sim = await runTryItVariation('init-waiting', () => undefined, 20_000, (s) => {
      s.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tryit-cache', labels: { run: 'tryit-cache' } }, spec: { containers: [{ name: 'tryit-cache', image: 'redis:7', ports: [{ containerPort: 6379 }] }] } });
      s.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'tryit-cache' }, spec: { selector: { run: 'tryit-cache' }, ports: [{ port: 6379, targetPort: 6379 }] } });
    });
    try {
      expect(observe({ kind: 'pod-status', name: 'tryit-app' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ value: 'Running' });
    } finally {
      sim.close();
    }
  });

  it('without the trap, the sidecar Job completes only after the 30 s grace period', async () => {
    const sim = await runTryItVariation('sidecar-job', (docs) => {
      const init = (docs[0].spec as { template: { spec: { initContainers: { command: string[] }[] } } }).template.spec.initContainers[0];
      init.command[2] = init.command[2].replace("trap 'exit 0' TERM; ", '');
    }, 40_000, () => undefined);
    try {
      const seen = observe({ kind: 'job-duration', name: 'tryit-sidecar-job' }, tryItStateOf(sim), baselineOf({}));
      expect(seen.value).toBeGreaterThanOrEqual(30);
      expect(seen.value).toBeLessThanOrEqual(45);
    } finally {
      sim.close();
    }
  });

  it('labelling worker-3 disktype=ssd binds the Pending pod there without recreating it', async () => {
    let uid: string | undefined;
    const sim = await runTryItVariation('sched-affinity', () => undefined, 5_000, (s) => {
      uid = s.get(GR.pods, 'default', 'tryit-ssd-only')!.metadata.uid;
      const node = s.get(GR.nodes, undefined, 'worker-3')!;
      s.client.update({ ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, disktype: 'ssd' } } });
    });
    try {
      const pod = sim.get(GR.pods, 'default', 'tryit-ssd-only')!;
      expect([(pod.spec as { nodeName?: string }).nodeName, pod.metadata.uid]).toEqual(['worker-3', uid]);
    } finally {
      sim.close();
    }
  });

  it('the evicted pod on the failed node stays Terminating until the node recovers', async () => {
    const sim = await runTryItVariation('sched-toleration-seconds', () => undefined, 10_000, (s) => failNode(s.cluster, 'worker-1'));
    try {
      await sim.run(300_000);
      const pod = sim.get(GR.pods, 'default', 'tryit-patient');
      expect(pod?.metadata.deletionTimestamp).toBeDefined();
      recoverNode(sim.cluster, 'worker-1');
      await sim.run(120_000);
      expect(sim.get(GR.pods, 'default', 'tryit-patient')).toBeUndefined();
    } finally {
      sim.close();
    }
  });

  it('the hanging step is not retried: its one pod is terminated at the deadline and none replaces it', async () => {
    const sim = await runTryItVariation('batch-deadline', () => undefined, 45_000, () => undefined);
    try {
      const job = sim.get(GR.jobs, 'default', 'tryit-stuck-step')!;
      expect(observe({ kind: 'job-outcome', name: 'tryit-stuck-step' }, tryItStateOf(sim), baselineOf({}))).toMatchObject({ value: 'Failed', detail: expect.stringContaining('DeadlineExceeded') });
      // The one running pod was terminated (and counted), no replacement was made.
      expect((job.status as { failed?: number }).failed ?? 0).toBeLessThanOrEqual(1);
      expect(sim.pods('default', 'job-name=tryit-stuck-step')).toEqual([]);
    } finally {
      sim.close();
    }
  });

  it('a 7-minute run on a 5-minute Forbid schedule: the blocked run starts late, as the cron quiz now answers', async () => {
    const minutes = await secondRun((spec) => {
      spec.schedule = '*/5 * * * *';
      const container = (spec.jobTemplate as { spec: { template: { spec: { containers: { command: string[] }[] } } } }).spec.template.spec.containers[0];
      container.command = ['sh', '-c', 'sleep 420'];
    }, 1_200_000);
    expect(minutes).toBe(5);
  });

  it('with Allow the second Job is the very next minute\'s run', async () => {
    expect(await secondRun((spec) => (spec.concurrencyPolicy = 'Allow'))).toBe(1);
  });
});
