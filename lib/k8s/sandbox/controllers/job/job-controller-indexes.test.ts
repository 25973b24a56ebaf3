/**
 * The Job controller's per-index features on an injected clock: backoffLimitPerIndex and
 * maxFailedIndexes (status.failedIndexes, FailIndex, FailedIndexes / MaxFailedIndexesExceeded)
 * and successPolicy (SuccessCriteriaMet with reason SuccessPolicy, the rest stopped, then Complete).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setPodStatus } from '../../testing/pod-status';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { JobController } from './job-controller';
import { kubeletFinishesTerminatingPods as finishTerminatingPods } from './job.testing';

let sim: SimCluster;
afterEach(() => sim?.close());

function start(): SimCluster {
  sim = simCluster({ components: (ctx) => [new JobController(ctx)] });
  return sim;
}

function indexedJob(name: string, completions: number, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { completions, parallelism: completions, completionMode: 'Indexed', ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
  };
}

const status = (name: string) => sim.get(GR.jobs, 'default', name)!.status as Record<string, unknown>;
const conditions = (name: string) => ((status(name).conditions ?? []) as { type: string; reason: string; message: string }[]).map((c) => `${c.type} ${c.reason}: ${c.message}`);
const podsOf = (index: number) => sim.pods().filter((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === String(index));
const activeOf = (index: number) => podsOf(index).filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((p.status as { phase?: string })?.phase ?? ''));
const failureCount = (p: KubeObject) => p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'];

const kubeletFinishesTerminatingPods = () => finishTerminatingPods(sim);

describe('JobController: backoffLimitPerIndex and maxFailedIndexes', () => {
  it('retries a failing index on its own backoff (10 s, then 20 s), counting its failures on the pods, while the other index finishes', async () => {
    start();
    sim.apply(indexedJob('per-index', 2, { backoffLimitPerIndex: 2 }));
    await sim.run(1_000);
    expect(sim.pods().map(failureCount)).toEqual(['0', '0']);
    expect(status('per-index')).toMatchObject({ active: 2, failedIndexes: '' });

    setPodStatus(sim, activeOf(1)[0], { phase: 'Failed' });
    setPodStatus(sim, activeOf(0)[0], { phase: 'Succeeded' });
    await sim.run(9_000);
    // No replacement yet, and the failed pod keeps its finalizer: its count is read from it.
    expect(activeOf(1)).toHaveLength(0);
    expect(podsOf(1)[0].metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    await sim.run(1_500);
    expect(activeOf(1).map(failureCount)).toEqual(['1']);
    expect(podsOf(1).find((p) => failureCount(p) === '0')!.metadata.finalizers).toBeUndefined();

    setPodStatus(sim, activeOf(1)[0], { phase: 'Failed' });
    await sim.run(19_000);
    expect(activeOf(1)).toHaveLength(0);
    await sim.run(1_500);
    expect(activeOf(1).map(failureCount)).toEqual(['2']);
    expect(status('per-index')).toMatchObject({ completedIndexes: '0', failedIndexes: '', succeeded: 1, failed: 2 });
  });

  it('gives an index up once its failures reach backoffLimitPerIndex, lists it in failedIndexes and fails the Job with FailedIndexes when no index is left', async () => {
    start();
    sim.apply(indexedJob('give-up', 3, { backoffLimitPerIndex: 1 }));
    await sim.run(1_000);
    setPodStatus(sim, activeOf(2)[0], { phase: 'Failed' });
    await sim.run(11_000);
    setPodStatus(sim, activeOf(2)[0], { phase: 'Failed' });
    await sim.run(1_000);
    expect(status('give-up')).toMatchObject({ failedIndexes: '2', active: 2 });
    await sim.run(60_000);
    expect(activeOf(2)).toHaveLength(0);
    expect(conditions('give-up')).toEqual([]);

    setPodStatus(sim, activeOf(0)[0], { phase: 'Succeeded' });
    setPodStatus(sim, activeOf(1)[0], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(conditions('give-up')).toEqual(['FailureTarget FailedIndexes: Job has failed indexes', 'Failed FailedIndexes: Job has failed indexes']);
    expect(status('give-up')).toMatchObject({ completedIndexes: '0,1', failedIndexes: '2', succeeded: 2, failed: 2 });
    expect(status('give-up').completionTime).toBeUndefined();
  });

  it('fails the Job with MaxFailedIndexesExceeded as soon as more indexes failed than maxFailedIndexes, stopping the running pods first', async () => {
    start();
    sim.apply(indexedJob('strict', 4, { backoffLimitPerIndex: 0, maxFailedIndexes: 0 }));
    await sim.run(1_000);
    for (const ix of [0, 1, 2]) setPodStatus(sim, activeOf(ix)[0], { phase: 'Running' });
    setPodStatus(sim, activeOf(3)[0], { phase: 'Failed' });
    await sim.run(1_000);
    expect(conditions('strict')).toEqual(['FailureTarget MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes']);
    expect(sim.pods().filter((p) => p.metadata.deletionTimestamp)).toHaveLength(3);
    expect(status('strict')).toMatchObject({ failedIndexes: '3', terminating: 3 });

    kubeletFinishesTerminatingPods();
    await sim.run(1_000);
    expect(conditions('strict')[1]).toBe('Failed MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes');
    expect(status('strict')).toMatchObject({ failed: 4, terminating: 0 });
  });

  it('fails an index at once on a FailIndex rule, whatever backoffLimitPerIndex would allow, and retries other exit codes', async () => {
    start();
    sim.apply(indexedJob('fail-index', 2, {
      backoffLimitPerIndex: 5,
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] },
    }));
    await sim.run(1_000);
    setPodStatus(sim, activeOf(0)[0], { phase: 'Failed', exitCode: 42 });
    setPodStatus(sim, activeOf(1)[0], { phase: 'Failed', exitCode: 1 });
    await sim.run(11_000);
    expect(status('fail-index')).toMatchObject({ failedIndexes: '0' });
    expect(activeOf(0)).toHaveLength(0);
    expect(activeOf(1).map(failureCount)).toEqual(['1']);
  });
});

describe('JobController: successPolicy', () => {
  it('declares success when the leader index succeeds: SuccessCriteriaMet (SuccessPolicy), the workers stopped, Complete once they are gone', async () => {
    start();
    sim.apply(indexedJob('leader', 4, { successPolicy: { rules: [{ succeededIndexes: '0' }] } }));
    await sim.run(1_000);
    for (const ix of [1, 2, 3]) setPodStatus(sim, activeOf(ix)[0], { phase: 'Running' });
    setPodStatus(sim, activeOf(0)[0], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(conditions('leader')).toEqual(['SuccessCriteriaMet SuccessPolicy: Matched rules at index 0']);
    expect(sim.pods().filter((p) => p.metadata.deletionTimestamp)).toHaveLength(3);
    expect(status('leader')).toMatchObject({ completedIndexes: '0', succeeded: 1, terminating: 3 });

    kubeletFinishesTerminatingPods();
    await sim.run(1_000);
    expect(conditions('leader')).toEqual(['SuccessCriteriaMet SuccessPolicy: Matched rules at index 0', 'Complete SuccessPolicy: Matched rules at index 0']);
    expect(status('leader')).toMatchObject({ succeeded: 1, terminating: 0 });
    expect(status('leader').completionTime).toBeDefined();
  });

  it('with succeededCount, waits for that many indexes and ignores which ones', async () => {
    start();
    sim.apply(indexedJob('any-two', 4, { successPolicy: { rules: [{ succeededCount: 2 }] } }));
    await sim.run(1_000);
    for (const ix of [0, 2]) setPodStatus(sim, activeOf(ix)[0], { phase: 'Running' });
    setPodStatus(sim, activeOf(3)[0], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(conditions('any-two')).toEqual([]);
    expect(activeOf(0)).toHaveLength(1);
    setPodStatus(sim, activeOf(1)[0], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(conditions('any-two')).toEqual(['SuccessCriteriaMet SuccessPolicy: Matched rules at index 0']);
    expect(status('any-two')).toMatchObject({ completedIndexes: '1,3' });
  });
});
