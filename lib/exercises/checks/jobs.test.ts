import { describe, expect, it } from 'vitest';
import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { applyResource, simView } from '../testing';
import { loadExercises } from '../definitions';
import { objectsOf } from '../testing';
import { jobCompletesWithOutput, jobFailedByPolicy, jobGaveUpIndexes, maxConcurrent, parallelJobBounded, queueJobProcessedItems } from './jobs';

const FILE = 'workload-types/job-patterns.yaml';
const only = (...names: string[]) => (o: KubeObject) => names.includes(o.metadata.name!);
const ref = (name: string) => ({ namespace: 'default', name });

describe('maxConcurrent', () => {
  it.each([
    ['counts overlapping intervals', [[0, 10], [5, 15], [6, 7]], 3],
    ['does not count a pod that starts the second another finishes', [[0, 10], [10, 20]], 1],
    ['is zero without intervals', [], 0],
  ])('%s', (_n, spans, expected) => {
    expect(maxConcurrent((spans as number[][]).map(([start, end]) => ({ start, end })))).toBe(expected);
  });
});

describe('Job checks', () => {
  it('single-job passes once Complete with "Done!" in its log, and says it is running before', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('single-job'));
    await sim.run(3000);
    const check = jobCompletesWithOutput(ref('single-job'), 'Done!');
    expect(await check(simView(sim))).toEqual({ passed: false, saw: 'single-job is still running: 0 of 1 completions, 1 active, 0 failed' });
    await sim.run(30_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'single-job is Complete (1 of 1 completions, 0 active, 0 failed) and its log ends "Done!"' });
    sim.close();
  });

  it('single-job that exits 1 fails the check with the Job\'s reason', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.metadata.name !== 'single-job') return false;
      (o.spec as { backoffLimit: number; template: { spec: { containers: { args: string[] }[] } } }).backoffLimit = 0;
      (o.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0].args = ['exit 1'];
      return true;
    });
    await sim.run(30_000);
    const r = await jobCompletesWithOutput(ref('single-job'), 'Done!')(simView(sim));
    expect(r.passed).toBe(false);
    expect(r.saw).toMatch(/^single-job failed \(BackoffLimitExceeded: Job has reached the specified backoff limit\)$/);
    // The container exited with an error: its script (args, under command sh -c) is the likely cause.
    expect(r).toMatchObject({ field: 'spec.template.spec.containers[0].args', object: { kind: 'Job', name: 'single-job', namespace: 'default' } });
    sim.close();
  });

  it('single-job whose image cannot be pulled stays running, and the check points at that image', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.metadata.name !== 'single-job') return false;
      (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'busybox:no-such-tag';
      return true;
    });
    await sim.run(30_000);
    const r = await jobCompletesWithOutput(ref('single-job'), 'Done!')(simView(sim));
    expect(r).toMatchObject({ passed: false, field: 'spec.template.spec.containers[0].image', object: { kind: 'Job', name: 'single-job', namespace: 'default' } });
    expect(r.saw).toMatch(/^single-job is still running: 0 of 1 completions, 1 active, 0 failed; single-job-\w+'s worker container cannot pull busybox:no-such-tag \((ErrImagePull|ImagePullBackOff)\)$/);
    sim.close();
  });

  it('parallel-job with 6 completions fails on spec.completions of that Job', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.metadata.name !== 'parallel-job') return false;
      (o.spec as { completions: number }).completions = 6;
      return true;
    });
    expect(await parallelJobBounded(ref('parallel-job'), 3, 9)(simView(sim))).toEqual({ passed: false, saw: 'parallel-job asks for 6 completions, not 9', field: 'spec.completions', object: { kind: 'Job', name: 'parallel-job', namespace: 'default' } });
    sim.close();
  });

  it('parallel-job passes with 9 completions and at most 3 pods at once', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('parallel-job'));
    await sim.run(5000);
    const check = parallelJobBounded(ref('parallel-job'), 3, 9);
    const early = await check(simView(sim));
    expect(early).toMatchObject({ passed: false, observed: '3' });
    expect(early.saw).toMatch(/^parallel-job is still running: \d of 9 completions, 3 active, 0 failed$/);
    await sim.run(120_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'parallel-job completed 9 pods, at most 3 running at once (9 pods in all)', observed: '3' });
    sim.close();
  });

  it('parallel-job with parallelism 5 fails on that field', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.metadata.name !== 'parallel-job') return false;
      (o.spec as { parallelism: number }).parallelism = 5;
      return true;
    });
    await sim.run(60_000);
    expect(await parallelJobBounded(ref('parallel-job'), 3, 9)(simView(sim))).toEqual({ passed: false, saw: 'parallel-job runs 5 pods at a time, not 3', field: 'spec.parallelism', object: { kind: 'Job', name: 'parallel-job', namespace: 'default' } });
    sim.close();
  });

  it('queue-job passes with items 1 to 5, and fails on the single-quote trap', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('queue-job'));
    await sim.run(60_000);
    expect(await queueJobProcessedItems(ref('queue-job'), 5)(simView(sim))).toEqual({ passed: true, saw: 'queue-job is Complete (2 completions, 0 active, 0 failed); its workers processed items 1 to 5' });
    sim.close();
    const quoted = productSim();
    applyResource(quoted, FILE, (o) => {
      if (o.metadata.name !== 'queue-job') return false;
      const c = (o.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0];
      c.args = [c.args[0].replace('echo "Processing item $i"', "echo 'Processing item $i'")];
      return true;
    });
    await quoted.run(60_000);
    expect(await queueJobProcessedItems(ref('queue-job'), 5)(simView(quoted))).toEqual({
      passed: false,
      saw: 'the log prints a literal "$i": the echo is in single quotes, so the shell did not expand the variable',
      field: 'spec.template.spec.containers[0].args',
      object: { kind: 'Job', name: 'queue-job', namespace: 'default' },
    });
    quoted.close();
  });

  it('validation fails fast through the podFailurePolicy when there is no batch, and the check says so', async () => {
    const sim = productSim();
    applyResource(sim, 'exercises/data-pipeline/etl-jobs/ingest-and-process.yaml', (o) => o.kind === 'Namespace' || o.kind === 'PersistentVolumeClaim');
    const check = jobFailedByPolicy('pipeline');
    expect((await check(simView(sim))).passed).toBe(false);
    applyResource(sim, 'exercises/data-pipeline/data-validation/validation.yaml');
    await sim.run(60_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'validate-latest failed at once with reason PodFailurePolicy (1 pod failed)' });
    sim.close();
  });
});

describe('the sharded Indexed Job check (exercise 5.3)', () => {
  const inline = (loadExercises().find((d) => d.exercise === 'exercise-5-3-jobs')!.steps.find((st) => st.id === 'shard-job')!.manifest as { inline: string }).inline;
  const check = jobGaveUpIndexes(ref('shard-job'), { completedIndexes: '0,1,3', failedIndexes: '2' });

  it('passes once shard 2 is given up and the others completed, observing the two failed pods; running before', async () => {
    const sim = productSim();
    for (const o of objectsOf(inline)) sim.apply(o);
    await sim.run(5_000);
    expect(await check(simView(sim))).toMatchObject({ passed: false, saw: 'shard-job is still running: completed none, given up none, 0 pods failed so far' });
    await sim.run(60_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'shard-job failed with reason FailedIndexes: completed 0,1,3, given up 2, 2 pods failed', observed: '2' });
    sim.close();
  });

  it('points at maxFailedIndexes when that fuse stopped the good shards (counted failed with shard 2\'s two pods)', async () => {
    const sim = productSim();
    for (const o of objectsOf(inline)) {
      (o.spec as { maxFailedIndexes?: number }).maxFailedIndexes = 0;
      sim.apply(o);
    }
    await sim.run(90_000);
    expect(await check(simView(sim))).toMatchObject({ passed: false, field: 'spec.maxFailedIndexes', observed: '5' });
    sim.close();
  });

  it('points at backoffLimitPerIndex when the shards share one budget', async () => {
    const sim = productSim();
    for (const o of objectsOf(inline)) {
      delete (o.spec as { backoffLimitPerIndex?: number }).backoffLimitPerIndex;
      sim.apply(o);
    }
    await sim.run(1_000);
    expect(await check(simView(sim))).toMatchObject({ passed: false, saw: 'shard-job has no backoffLimitPerIndex: its shards share one retry budget', field: 'spec.backoffLimitPerIndex' });
    sim.close();
  });
});

