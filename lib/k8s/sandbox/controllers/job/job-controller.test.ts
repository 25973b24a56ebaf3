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

function job(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }], ...podSpec } } },
  };
}

const getJob = (name: string) => sim.get(GR.jobs, 'default', name)!;
const status = (name: string) => getJob(name).status as Record<string, unknown>;
const conditions = (name: string) => ((status(name).conditions ?? []) as { type: string; status: string; reason: string; message: string; lastTransitionTime: string }[]);
const condTypes = (name: string) => conditions(name).map((c) => `${c.type}=${c.status}`);
const activePods = () => sim.pods().filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((p.status as { phase?: string })?.phase ?? ''));
const jobEvents = (name: string) => sim.events(getJob(name)).map((e) => `${e.type} ${e.reason}: ${e.message}`);

const kubeletFinishesTerminatingPods = () => finishTerminatingPods(sim);

describe('JobController', () => {
  it('runs a one-completion Job: one pod, SuccessCriteriaMet then Complete, finalizer removed', async () => {
    start();
    const j = sim.apply(job('pi'));
    await sim.run(1_000);
    const [pod] = sim.pods();
    expect(pod.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.generateName).toBe('pi-');
    expect(pod.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': j.metadata.uid,
      'job-name': 'pi',
    });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(status('pi')).toEqual({ startTime: '2025-01-01T00:00:00Z', active: 1, terminating: 0, uncountedTerminatedPods: {}, ready: 0 });

    setPodStatus(sim, pod, { phase: 'Running' });
    await sim.run(1_000);
    expect(status('pi')).toMatchObject({ active: 1, ready: 1 });

    setPodStatus(sim, pod, { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(conditions('pi')).toEqual([
      { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: '2025-01-01T00:00:02Z', lastTransitionTime: '2025-01-01T00:00:02Z' },
      { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: '2025-01-01T00:00:02Z', lastTransitionTime: '2025-01-01T00:00:02Z' },
    ]);
    expect(status('pi')).toMatchObject({ startTime: '2025-01-01T00:00:00Z', completionTime: '2025-01-01T00:00:02Z', succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(status('pi').active).toBeUndefined();
    expect(sim.get(GR.pods, 'default', pod.metadata.name!)?.metadata.finalizers).toBeUndefined();
    expect(sim.events(getJob('pi'))).toEqual([
      { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, count: 1, source: 'job-controller' },
      { type: 'Normal', reason: 'Completed', message: 'Job completed', count: 1, source: 'job-controller' },
    ]);
  });

  it('never runs more than parallelism pods: completions 5, parallelism 2', async () => {
    start();
    sim.apply(job('batch', { completions: 5, parallelism: 2 }));
    const seen = new Set<string>();
    await sim.run(1_000);
    for (let round = 0; round < 5 && !conditions('batch').some((c) => c.type === 'Complete'); round++) {
      const running = activePods();
      expect(running.length).toBeLessThanOrEqual(2);
      for (const p of running) seen.add(p.metadata.name!);
      for (const p of running) setPodStatus(sim, p, { phase: 'Succeeded' });
      await sim.run(1_000);
    }
    expect(seen.size).toBe(5);
    expect(status('batch')).toMatchObject({ succeeded: 5 });
    expect(condTypes('batch')).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
  });

  it('runs a work queue Job: parallelism pods, no replacements after the first success, complete when all stop', async () => {
    start();
    sim.apply(job('queue', { parallelism: 3 }));
    await sim.run(1_000);
    expect(getJob('queue').spec).toMatchObject({ parallelism: 3 });
    expect((getJob('queue').spec as { completions?: number }).completions).toBeUndefined();
    const pods = sim.pods();
    expect(pods).toHaveLength(3);
    setPodStatus(sim, pods[0], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(sim.pods()).toHaveLength(3);
    expect(status('queue')).toMatchObject({ active: 2, succeeded: 1 });
    expect(condTypes('queue')).toEqual([]);
    setPodStatus(sim, pods[1], { phase: 'Succeeded' });
    setPodStatus(sim, pods[2], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(status('queue')).toMatchObject({ succeeded: 3 });
    expect(condTypes('queue')).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
  });

  it('gives an Indexed Job one pod per index with hostname, index label, annotation and env, and lists completed indexes', async () => {
    start();
    sim.apply(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, { subdomain: 'workers' }));
    await sim.run(1_000);
    const pods = sim.pods().sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    expect(pods.map((p) => p.metadata.generateName)).toEqual(['idx-0-', 'idx-1-', 'idx-2-']);
    pods.forEach((p, i) => {
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${i}-[a-z0-9]{5}$`));
      expect(p.metadata.annotations).toEqual({ 'batch.kubernetes.io/job-completion-index': String(i) });
      expect(p.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-completion-index': String(i), 'job-name': 'idx' });
      const spec = p.spec as { hostname: string; subdomain: string; containers: { env: unknown[] }[] };
      expect(spec.hostname).toBe(`idx-${i}`);
      expect(spec.subdomain).toBe('workers');
      expect(spec.containers[0].env).toEqual([
        { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      ]);
    });
    setPodStatus(sim, pods[1], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(status('idx')).toMatchObject({ completedIndexes: '1', succeeded: 1, active: 2 });
    setPodStatus(sim, pods[0], { phase: 'Succeeded' });
    setPodStatus(sim, pods[2], { phase: 'Succeeded' });
    await sim.run(1_000);
    expect(status('idx')).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
    expect(condTypes('idx')).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
  });

  it('replaces an Indexed pod that failed with the same index', async () => {
    start();
    sim.apply(job('idx', { completions: 2, parallelism: 1, completionMode: 'Indexed' }));
    await sim.run(1_000);
    const [first] = sim.pods();
    expect(first.metadata.generateName).toBe('idx-0-');
    setPodStatus(sim, first, { phase: 'Failed' });
    await sim.run(10_000);
    expect(activePods().map((p) => p.metadata.generateName)).toEqual(['idx-0-']);
    expect(status('idx')).toMatchObject({ failed: 1, active: 1 });
  });

  it('re-creates failed pods after 10s then 20s and fails the Job past backoffLimit 2', async () => {
    start();
    sim.apply(job('flaky', { backoffLimit: 2 }));
    await sim.run(1_000);
    setPodStatus(sim, activePods()[0], { phase: 'Failed' }); // t=1s
    await sim.run(9_999);
    expect(activePods()).toHaveLength(0);
    expect(status('flaky')).toMatchObject({ failed: 1 });
    await sim.run(1);
    expect(activePods()).toHaveLength(1); // t=11s: 10s after the failure
    setPodStatus(sim, activePods()[0], { phase: 'Failed' }); // t=11s
    await sim.run(19_999);
    expect(activePods()).toHaveLength(0);
    await sim.run(1);
    expect(activePods()).toHaveLength(1); // t=31s: 20s after the second failure
    setPodStatus(sim, activePods()[0], { phase: 'Failed' });
    await sim.run(1_000);
    expect(conditions('flaky').map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(status('flaky')).toMatchObject({ failed: 3, terminating: 0, ready: 0 });
    expect(status('flaky').completionTime).toBeUndefined();
    expect(sim.pods()).toHaveLength(3);
    const ev = jobEvents('flaky');
    expect(ev.filter((e) => e.startsWith('Normal SuccessfulCreate'))).toHaveLength(3);
    expect(ev.at(-1)).toBe('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('fails an OnFailure Job when container restarts reach backoffLimit, stopping its pod first', async () => {
    start();
    sim.apply(job('restarts', { backoffLimit: 2 }, { restartPolicy: 'OnFailure' }));
    await sim.run(1_000);
    const [pod] = sim.pods();
    setPodStatus(sim, pod, { phase: 'Running', restartCount: 1 });
    await sim.run(1_000);
    expect(condTypes('restarts')).toEqual([]);
    setPodStatus(sim, pod, { phase: 'Running', restartCount: 2 });
    await sim.run(1_000);
    expect(conditions('restarts')[0]).toMatchObject({ type: 'FailureTarget', reason: 'BackoffLimitExceeded' });
    expect(jobEvents('restarts')).toContain(`Normal SuccessfulDelete: Deleted pod: ${pod.metadata.name}`);
    kubeletFinishesTerminatingPods();
    await sim.run(1_000);
    expect(condTypes('restarts')).toEqual(['FailureTarget=True', 'Failed=True']);
    expect(status('restarts')).toMatchObject({ failed: 1, terminating: 0 });
    expect(sim.pods()).toHaveLength(0);
  });

  it('fails a Job active longer than activeDeadlineSeconds and deletes its pods', async () => {
    start();
    sim.apply(job('slow', { activeDeadlineSeconds: 30 }));
    await sim.run(1_000);
    const [pod] = sim.pods();
    setPodStatus(sim, pod, { phase: 'Running' });
    await sim.run(28_000);
    expect(condTypes('slow')).toEqual([]);
    await sim.run(1_000); // t=30s
    expect(conditions('slow')[0]).toMatchObject({ type: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline', lastTransitionTime: '2025-01-01T00:00:30Z' });
    kubeletFinishesTerminatingPods();
    await sim.run(1_000);
    expect(conditions('slow').map((c) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    expect(status('slow')).toMatchObject({ failed: 1 });
    expect(jobEvents('slow')).toEqual([
      `Normal SuccessfulCreate: Created pod: ${pod.metadata.name}`,
      `Normal SuccessfulDelete: Deleted pod: ${pod.metadata.name}`,
      'Warning DeadlineExceeded: Job was active longer than specified deadline',
    ]);
  });

  it('suspends and resumes: no pods while suspended, Suspended condition, events, startTime reset', async () => {
    start();
    sim.apply(job('later', { suspend: true }));
    await sim.run(1_000);
    expect(sim.pods()).toHaveLength(0);
    expect(status('later').startTime).toBeUndefined();
    expect(conditions('later').map((c) => [c.type, c.status, c.reason, c.message])).toEqual([['Suspended', 'True', 'JobSuspended', 'Job suspended']]);

    await sim.run(60_000);
    const j = getJob('later');
    (j.spec as { suspend: boolean }).suspend = false;
    sim.client.update(j);
    await sim.run(1_000);
    expect(conditions('later').map((c) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime])).toEqual([['Suspended', 'False', 'JobResumed', 'Job resumed', '2025-01-01T00:01:01Z']]);
    expect(status('later')).toMatchObject({ startTime: '2025-01-01T00:01:01Z', active: 1 });
    const [pod] = sim.pods();
    setPodStatus(sim, pod, { phase: 'Running' });
    await sim.run(1_000);

    const again = getJob('later');
    (again.spec as { suspend: boolean }).suspend = true;
    sim.client.update(again);
    await sim.run(1_000);
    expect(condTypes('later')).toEqual(['Suspended=True']);
    // The finalizer comes off before the DELETE, so the stopped pod is never counted as failed.
    expect(sim.get(GR.pods, 'default', pod.metadata.name!)!.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T00:01:33Z' });
    expect(sim.get(GR.pods, 'default', pod.metadata.name!)!.metadata.finalizers).toBeUndefined();
    kubeletFinishesTerminatingPods();
    await sim.run(1_000);
    expect(status('later').failed).toBeUndefined();
    expect(status('later')).toMatchObject({ terminating: 0, ready: 0 });
    // manageJob creates before the Resumed event is recorded, as upstream; the second
    // Suspended folds into the first (count 2), as client-go's correlator does.
    expect(sim.events(getJob('later')).map((e) => `${e.reason} x${e.count}: ${e.message}`)).toEqual([
      'Suspended x2: Job suspended',
      `SuccessfulCreate x1: Created pod: ${pod.metadata.name}`,
      'Resumed x1: Job resumed',
      `SuccessfulDelete x1: Deleted pod: ${pod.metadata.name}`,
    ]);
  });

  it('fails the Job at once when a podFailurePolicy FailJob rule matches the exit code', async () => {
    start();
    sim.apply(job('pfp', {
      backoffLimit: 6,
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] },
    }));
    await sim.run(1_000);
    const [pod] = sim.pods();
    expect(getJob('pfp').spec).toMatchObject({ podReplacementPolicy: 'Failed' });
    setPodStatus(sim, pod, { phase: 'Failed', exitCode: 42 });
    await sim.run(1_000);
    const msg = `Container main for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(conditions('pfp').map((c) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'PodFailurePolicy', msg],
      ['Failed', 'PodFailurePolicy', msg],
    ]);
    expect(status('pfp')).toMatchObject({ failed: 1 });
    expect(jobEvents('pfp').at(-1)).toBe(`Warning PodFailurePolicy: ${msg}`);
  });

  it('does not count a failure a podFailurePolicy Ignore rule matches, and replaces the pod', async () => {
    start();
    sim.apply(job('pfp-ignore', {
      backoffLimit: 0,
      podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [137] } }] },
    }));
    await sim.run(1_000);
    const [pod] = sim.pods();
    setPodStatus(sim, pod, { phase: 'Failed', exitCode: 137 });
    await sim.run(11_000);
    expect(condTypes('pfp-ignore')).toEqual([]);
    expect(status('pfp-ignore').failed).toBeUndefined();
    expect(activePods()).toHaveLength(1);
    expect(sim.get(GR.pods, 'default', pod.metadata.name!)!.metadata.finalizers).toBeUndefined();
  });

  it('adopts an orphan pod matching its selector', async () => {
    start();
    const j = sim.apply(job('adopter', { completions: 1, parallelism: 1, suspend: true }));
    const labels = (j.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } });
    await sim.run(1_000);
    // Suspended: once adopted, the stray is deleted like any active pod of the Job (at once, being unscheduled).
    expect(jobEvents('adopter')).toEqual(['Normal SuccessfulDelete: Deleted pod: stray', 'Normal Suspended: Job suspended']);
    expect(sim.get(GR.pods, 'default', 'stray')).toBeUndefined();
  });

  it('removes the tracking finalizer from pods of a deleted Job so they can go', async () => {
    start();
    sim.apply(job('gone'));
    await sim.run(1_000);
    const [pod] = sim.pods();
    sim.client.delete(GR.jobs, 'default', 'gone', { propagation: 'Orphan' });
    expect(sim.get(GR.pods, 'default', pod.metadata.name!)!.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    await sim.run(1_000);
    expect(sim.get(GR.pods, 'default', pod.metadata.name!)!.metadata.finalizers).toBeUndefined();
  });
});
