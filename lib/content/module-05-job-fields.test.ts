/**
 * The Jobs lesson's newer fields, taken from the lesson's own YAML and run on a sandbox cluster:
 * when the replacement pod appears (podReplacementPolicy), a Job handed to another controller
 * getting no pods (managedBy), a bad shard given up on its own (backoffLimitPerIndex,
 * maxFailedIndexes) and a Job ended by its leader (successPolicy), plus the API server's refusals
 * the lesson mentions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../k8s/sandbox/errors';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../k8s/sandbox/types';
import { objectsOf, type Sim } from '../exercises/testing';

const LESSON = fs.readFileSync(path.join(process.cwd(), 'content/module-05/40-jobs.mdx'), 'utf8');

function lessonJob(name: string): KubeObject {
  const block = [...LESSON.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => new RegExp(`^\\s*name: ${name}$`, 'm').test(b));
  if (!block) throw new Error(`the Jobs lesson has no yaml block named ${name}`);
  return objectsOf(block)[0];
}

function jobPods(sim: Sim, job: string): { terminating: number; live: number } {
  const all = sim.list(GR.pods, { namespace: 'default' }).filter((p) => p.metadata.labels?.['job-name'] === job);
  const terminating = all.filter((p) => p.metadata.deletionTimestamp).length;
  return { terminating, live: all.length - terminating };
}

async function deleteTheRunningPod(sim: Sim, job: string): Promise<void> {
  const pod = sim.list(GR.pods, { namespace: 'default' }).find((p) => p.metadata.labels?.['job-name'] === job)!;
  sim.client.delete(GR.pods, 'default', pod.metadata.name!);
  await sim.run(5_000);
}

describe('the Jobs lesson\'s replacement and hand-over fields, on a sandbox cluster', () => {
  it('podReplacementPolicy Failed: no replacement while the deleted pod is still terminating, one once it is gone', async () => {
    const sim = productSim();
    sim.apply(lessonJob('tryit-one-at-a-time'));
    await sim.run(10_000);
    await deleteTheRunningPod(sim, 'tryit-one-at-a-time');
    expect(jobPods(sim, 'tryit-one-at-a-time')).toEqual({ terminating: 1, live: 0 });
    expect(sim.get(GR.jobs, 'default', 'tryit-one-at-a-time')!.status).toMatchObject({ terminating: 1 });
    expect((sim.get(GR.jobs, 'default', 'tryit-one-at-a-time')!.status as { failed?: number }).failed ?? 0).toBe(0);
    await sim.run(15_000);
    expect(jobPods(sim, 'tryit-one-at-a-time').live).toBe(0);
    await sim.run(25_000);
    expect(jobPods(sim, 'tryit-one-at-a-time')).toEqual({ terminating: 0, live: 1 });
    sim.close();
  });

  it('without podReplacementPolicy the deleted pod counts as failed at once and the replacement follows the failure backoff, not the grace period', async () => {
    const sim = productSim();
    const job = lessonJob('tryit-one-at-a-time');
    delete (job.spec as { podReplacementPolicy?: string }).podReplacementPolicy;
    sim.apply(job);
    await sim.run(10_000);
    await deleteTheRunningPod(sim, 'tryit-one-at-a-time');
    expect(sim.get(GR.jobs, 'default', 'tryit-one-at-a-time')!.status).toMatchObject({ failed: 1 });
    await sim.run(15_000);
    // The old pod ignores SIGTERM and is still within its 30 s grace period: both are there.
    expect(jobPods(sim, 'tryit-one-at-a-time')).toEqual({ terminating: 1, live: 1 });
    await sim.run(15_000);
    expect(jobPods(sim, 'tryit-one-at-a-time')).toEqual({ terminating: 0, live: 1 });
    sim.close();
  });

  it('a Job managed by another controller gets no pods and no status from the built-in one', async () => {
    const sim = productSim();
    const job = lessonJob('tryit-one-at-a-time');
    (job.spec as { managedBy?: string }).managedBy = 'kueue.x-k8s.io/multikueue';
    sim.apply(job);
    await sim.run(30_000);
    expect(jobPods(sim, 'tryit-one-at-a-time')).toEqual({ terminating: 0, live: 0 });
    expect((sim.get(GR.jobs, 'default', 'tryit-one-at-a-time')!.status as { conditions?: unknown[]; active?: number }) ?? {}).not.toHaveProperty('active');
    sim.close();
  });
});

type JobStatusView = { conditions?: { type: string; reason: string; message: string }[]; completedIndexes?: string; failedIndexes?: string; failed?: number; succeeded?: number };
const jobStatus = (sim: Sim, name: string) => (sim.get(GR.jobs, 'default', name)!.status ?? {}) as JobStatusView;
const reasons = (sim: Sim, name: string) => (jobStatus(sim, name).conditions ?? []).map((c) => `${c.type} ${c.reason}`);

describe('the Jobs lesson\'s per-index fields, on a sandbox cluster', () => {
  it('backoffLimitPerIndex 1: the corrupt shard fails twice and is given up, the others complete, and the Job fails with FailedIndexes', async () => {
    const sim = productSim();
    sim.apply(lessonJob('tryit-shards'));
    await sim.run(60_000);
    expect(jobStatus(sim, 'tryit-shards')).toMatchObject({ completedIndexes: '0,1,3', failedIndexes: '2', failed: 2, succeeded: 3 });
    expect(reasons(sim, 'tryit-shards')).toEqual(['FailureTarget FailedIndexes', 'Failed FailedIndexes']);
    sim.close();
  });

  it('with maxFailedIndexes 0 the first shard given up ends the Job with MaxFailedIndexesExceeded before the sleeping shards finish', async () => {
    const sim = productSim();
    const job = lessonJob('tryit-shards');
    (job.spec as { maxFailedIndexes?: number }).maxFailedIndexes = 0;
    sim.apply(job);
    await sim.run(60_000);
    expect(reasons(sim, 'tryit-shards')).toEqual(['FailureTarget MaxFailedIndexesExceeded', 'Failed MaxFailedIndexesExceeded']);
    expect(jobStatus(sim, 'tryit-shards').failedIndexes).toBe('2');
    expect(jobStatus(sim, 'tryit-shards').completedIndexes ?? '').toBe('');
    sim.close();
  });

  it('successPolicy: the Job completes when the leader succeeds, its workers stopped, with reason SuccessPolicy and 1 of 4 completions', async () => {
    const sim = productSim();
    sim.apply(lessonJob('tryit-leader'));
    await sim.run(10_000);
    expect(reasons(sim, 'tryit-leader')).toEqual(['SuccessCriteriaMet SuccessPolicy']);
    expect(jobPods(sim, 'tryit-leader').terminating).toBe(3);
    await sim.run(10_000);
    expect(reasons(sim, 'tryit-leader')).toEqual(['SuccessCriteriaMet SuccessPolicy', 'Complete SuccessPolicy']);
    expect(jobStatus(sim, 'tryit-leader')).toMatchObject({ completedIndexes: '0', succeeded: 1 });
    expect(jobPods(sim, 'tryit-leader')).toEqual({ terminating: 0, live: 1 });
    sim.close();
  });

  it('the API server refuses the per-index fields on a NonIndexed Job, as the lesson says', () => {
    const sim = productSim();
    const job = lessonJob('tryit-shards');
    delete (job.spec as { completionMode?: string }).completionMode;
    expect(() => sim.apply(job)).toThrow(StatusError);
    expect(() => sim.apply(job)).toThrow(/backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode/);
    sim.close();
  });
});
