/**
 * The variations the workload lessons' prose tells the learner to try after a Try-it ("delete the
 * two rollingUpdate lines and run it again", "remove the podReplacementPolicy line"): played on a
 * sandbox like the Try-its themselves, the cluster must show the other answer the prose promises.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@/lib/k8s/sandbox';
import { productSim } from '../k8s/sandbox/scenarios/product-cluster';
import { objectsOf } from '../exercises/testing';
import { observe, type Observer } from '../tryit/observe';
import { advanceTimeline, baselineOf } from '../tryit/timeline';
import { tryItBlocks } from '../tryit/blocks';
import { loadLessons } from './lessons';
import { tryItStateOf } from './testing/try-it-state';
import { WORKLOAD_SCENARIOS } from './testing/try-it-workload-scenarios';

const blocks = loadLessons().flatMap((l) => tryItBlocks(l.source));


/** Plays Try-it `id` with its manifest edited, and the learner's steps from its scenario; returns what the observer settles on. */
async function play(id: string, observer: Observer, edit: (docs: KubeObject[]) => void, withinMs?: number): Promise<string | number | undefined> {
  const block = blocks.find((b) => b.id === id)!;
  const scenario = WORKLOAD_SCENARIOS[id];
  const docs = objectsOf(block.yaml);
  edit(docs);
  const sim = productSim();
  try {
    let timeline = baselineOf(tryItStateOf(sim));
    for (const d of docs) sim.apply(d);
    let afterDone = false;
    for (let t = 0; t < (withinMs ?? scenario.withinMs); t += 500) {
      await sim.run(500);
      if (scenario.after && !afterDone && t >= (scenario.afterMs ?? 0)) {
        scenario.after(sim);
        afterDone = true;
      }
      timeline = advanceTimeline(timeline, tryItStateOf(sim));
      const seen = observe(observer, tryItStateOf(sim), timeline);
      if (seen.settled) return seen.value;
    }
    return undefined;
  } finally {
    sim.close();
  }
}

describe('the variations the workload lessons suggest', () => {
  it('without maxSurge (the defaults), each node\'s old DaemonSet pod goes before its new one starts', async () => {
    const value = await play('ds-surge', { kind: 'daemonset-rollout-order', name: 'tryit-surge-agent' }, (docs) => {
      delete (docs[0].spec as { updateStrategy?: unknown }).updateStrategy;
    });
    expect(value).toBe('old first');
  });

  it('without podReplacementPolicy: Failed, the deleted Job pod\'s replacement runs while it is still Terminating', async () => {
    const value = await play('job-replacement-policy', { kind: 'job-replacement-overlap', name: 'tryit-one-at-a-time' }, (docs) => {
      delete (docs[0].spec as { podReplacementPolicy?: string }).podReplacementPolicy;
    });
    expect(value).toBe('overlap');
  });

  it('with the partition lowered to 0, every StatefulSet pod takes the new image', async () => {
    const value = await play('sts-partition', { kind: 'statefulset-updated-pods', name: 'tryit-canary' }, (docs) => {
      (docs[1].spec as { updateStrategy: { rollingUpdate: { partition: number } } }).updateStrategy.rollingUpdate.partition = 0;
    });
    expect(value).toBe('tryit-canary-0, tryit-canary-1, tryit-canary-2');
  });

  it('with successfulJobsHistoryLimit: 1, the CronJob keeps one finished Job', async () => {
    const value = await play('cron-history', { kind: 'cronjob-history', name: 'tryit-history', runs: 5 }, (docs) => {
      (docs[0].spec as { successfulJobsHistoryLimit?: number }).successfulJobsHistoryLimit = 1;
    });
    expect(value).toBe(1);
  });

  it('without podManagementPolicy: Parallel, each StatefulSet pod waits for the one before it to be Ready', async () => {
    const value = await play('sts-parallel', { kind: 'statefulset-start-order', name: 'tryit-par' }, (docs) => {
      delete (docs[1].spec as { podManagementPolicy?: string }).podManagementPolicy;
    }, 120_000);
    expect(value).toBe('one by one');
  });

  it('with startingDeadlineSeconds: 60, the run Forbid blocked is still in time and becomes the second Job, late', async () => {
    const value = await play('cron-deadline', { kind: 'cronjob-second-run', name: 'tryit-late-report' }, (docs) => {
      (docs[0].spec as { startingDeadlineSeconds?: number }).startingDeadlineSeconds = 60;
    });
    expect(value).toBe(1);
  });

  it('with startingDeadlineSeconds: 10, the resumed CronJob drops the missed run and its first Job is on time', async () => {
    const value = await play('cron-resume', { kind: 'cronjob-first-run', name: 'tryit-paused' }, (docs) => {
      (docs[0].spec as { startingDeadlineSeconds?: number }).startingDeadlineSeconds = 10;
    });
    expect(value).toBe('on time');
  });
});
