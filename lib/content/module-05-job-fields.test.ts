/**
 * The Jobs lesson's podReplacementPolicy and managedBy examples, taken from the lesson's own YAML
 * and run on a sandbox cluster: when the replacement pod appears, and a Job handed to another
 * controller getting no pods.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    sim.apply(lessonJob('one-at-a-time'));
    await sim.run(10_000);
    await deleteTheRunningPod(sim, 'one-at-a-time');
    expect(jobPods(sim, 'one-at-a-time')).toEqual({ terminating: 1, live: 0 });
    expect(sim.get(GR.jobs, 'default', 'one-at-a-time')!.status).toMatchObject({ terminating: 1 });
    expect((sim.get(GR.jobs, 'default', 'one-at-a-time')!.status as { failed?: number }).failed ?? 0).toBe(0);
    await sim.run(15_000);
    expect(jobPods(sim, 'one-at-a-time').live).toBe(0);
    await sim.run(25_000);
    expect(jobPods(sim, 'one-at-a-time')).toEqual({ terminating: 0, live: 1 });
    sim.close();
  });

  it('without podReplacementPolicy the deleted pod counts as failed at once and the replacement follows the failure backoff, not the grace period', async () => {
    const sim = productSim();
    const job = lessonJob('one-at-a-time');
    delete (job.spec as { podReplacementPolicy?: string }).podReplacementPolicy;
    sim.apply(job);
    await sim.run(10_000);
    await deleteTheRunningPod(sim, 'one-at-a-time');
    expect(sim.get(GR.jobs, 'default', 'one-at-a-time')!.status).toMatchObject({ failed: 1 });
    await sim.run(15_000);
    expect(jobPods(sim, 'one-at-a-time').live).toBe(1);
    sim.close();
  });

  it('a Job managed by another controller gets no pods and no status from the built-in one', async () => {
    const sim = productSim();
    const job = lessonJob('one-at-a-time');
    (job.spec as { managedBy?: string }).managedBy = 'kueue.x-k8s.io/multikueue';
    sim.apply(job);
    await sim.run(30_000);
    expect(jobPods(sim, 'one-at-a-time')).toEqual({ terminating: 0, live: 0 });
    expect((sim.get(GR.jobs, 'default', 'one-at-a-time')!.status as { conditions?: unknown[]; active?: number }) ?? {}).not.toHaveProperty('active');
    sim.close();
  });
});
