import { afterEach, describe, expect, it } from 'vitest';
import { setPodStatus } from '../../testing/pod-status';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { JobController } from '../job/job-controller';
import { CronJobController } from './cronjob-controller';

let sim: SimCluster;
afterEach(() => sim?.close());

const MINUTE = 60_000;
/** Unix minutes of 2025-01-01T00:00:00Z, the sim's start. */
const M0 = Date.UTC(2025, 0, 1) / MINUTE;

function start(): SimCluster {
  sim = simCluster({ components: (ctx) => [new JobController(ctx), new CronJobController(ctx)] });
  return sim;
}

function cronJob(name: string, spec: Record<string, unknown> = {}, jobSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      ...spec,
      jobTemplate: {
        metadata: { labels: { app: name }, annotations: { team: 'batch' } },
        spec: { backoffLimit: 0, ...jobSpec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox:1.36' }] } } },
      },
    },
  };
}

const cj = (name: string) => sim.get(GR.cronjobs, 'default', name)!;
const cjStatus = (name: string) => (cj(name).status ?? {}) as { active?: { name: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
const jobNames = () => sim.list(GR.jobs, { namespace: 'default' }).map((j) => j.metadata.name!).sort();
const cjEvents = (name: string) => sim.events(cj(name)).map((e) => `${e.type} ${e.reason}: ${e.message}`);

/** Plays the kubelet: every pod still running ends in phase. */
function finishPods(phase: 'Succeeded' | 'Failed', ofJob?: string): void {
  for (const p of sim.pods()) {
    const ph = (p.status as { phase?: string } | undefined)?.phase;
    if (ph === 'Succeeded' || ph === 'Failed' || p.metadata.deletionTimestamp) continue;
    if (ofJob && p.metadata.labels?.['job-name'] !== ofJob) continue;
    setPodStatus(sim, p, { phase });
  }
}

describe('CronJobController', () => {
  it('creates <cronjob>-<unix minutes> each minute with the template, the scheduled timestamp and an owner', async () => {
    start();
    const c = sim.apply(cronJob('hello'));
    await sim.run(MINUTE - 1);
    expect(jobNames()).toEqual([]);
    await sim.run(1_000); // 00:01:00.999
    const name = `hello-${M0 + 1}`;
    const job = sim.get(GR.jobs, 'default', name)!;
    expect(job.metadata.labels).toEqual({ app: 'hello' });
    expect(job.metadata.annotations).toEqual({ team: 'batch', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:01:00Z' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: c.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(sim.pods()[0].metadata.name).toMatch(new RegExp(`^${name}-[a-z0-9]{5}$`));
    expect(cjStatus('hello')).toEqual({
      active: [{ kind: 'Job', namespace: 'default', name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: expect.any(String) }],
      lastScheduleTime: '2025-01-01T00:01:00Z',
    });

    finishPods('Succeeded');
    await sim.run(1_000);
    expect(cjStatus('hello')).toEqual({ lastScheduleTime: '2025-01-01T00:01:00Z', lastSuccessfulTime: '2025-01-01T00:01:00Z' });
    expect(cjEvents('hello')).toEqual([`Normal SuccessfulCreate: Created job ${name}`, `Normal SawCompletedJob: Saw completed job: ${name}, status: Complete`]);

    await sim.run(MINUTE);
    expect(jobNames()).toEqual([`hello-${M0 + 1}`, `hello-${M0 + 2}`]);
  });

  it('keeps 3 successful and 1 failed Job, deleting the oldest', async () => {
    start();
    sim.apply(cronJob('hist'));
    await sim.run(100); // each Job starts at hh:mm:00.100
    for (let minute = 1; minute <= 6; minute++) {
      await sim.run(MINUTE);
      finishPods(minute === 2 || minute === 4 ? 'Failed' : 'Succeeded');
      await sim.run(1);
    }
    await sim.run(1_000);
    // Succeeded at minutes 1, 3, 5, 6 (keep the newest 3); failed at 2, 4 (keep 4).
    expect(jobNames()).toEqual([`hist-${M0 + 3}`, `hist-${M0 + 4}`, `hist-${M0 + 5}`, `hist-${M0 + 6}`]);
    const ev = cjEvents('hist');
    expect(ev).toContain(`Normal SuccessfulDelete: Deleted job hist-${M0 + 1}`);
    expect(ev).toContain(`Normal SuccessfulDelete: Deleted job hist-${M0 + 2}`);
    expect(ev).toContain(`Normal SawCompletedJob: Saw completed job: hist-${M0 + 2}, status: Failed`);
    // Background propagation takes the deleted Jobs' pods along.
    expect(sim.pods().map((p) => p.metadata.labels!['job-name']).sort()).toEqual([`hist-${M0 + 3}`, `hist-${M0 + 4}`, `hist-${M0 + 5}`, `hist-${M0 + 6}`]);
  });

  it('Forbid: skips a run while one is active, then runs the missed time once it ends', async () => {
    start();
    sim.apply(cronJob('solo', { concurrencyPolicy: 'Forbid' }));
    await sim.run(MINUTE + 100);
    await sim.run(MINUTE); // 00:02:00.100
    expect(jobNames()).toEqual([`solo-${M0 + 1}`]);
    expect(cjEvents('solo')).toContain('Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
    expect(cjStatus('solo').lastScheduleTime).toBe('2025-01-01T00:01:00Z');
    await sim.run(20_000);
    finishPods('Succeeded');
    await sim.run(1_000);
    expect(jobNames()).toEqual([`solo-${M0 + 1}`, `solo-${M0 + 2}`]);
    expect(cjStatus('solo').lastScheduleTime).toBe('2025-01-01T00:02:00Z');
  });

  it('Replace: deletes the active Job and starts the new one', async () => {
    start();
    sim.apply(cronJob('swap', { concurrencyPolicy: 'Replace' }));
    await sim.run(2 * MINUTE + 100);
    expect(jobNames()).toEqual([`swap-${M0 + 2}`]);
    expect(cjStatus('swap').active?.map((r) => r.name)).toEqual([`swap-${M0 + 2}`]);
    expect(cjEvents('swap')).toEqual([
      `Normal SuccessfulCreate: Created job swap-${M0 + 1}`,
      `Normal SuccessfulDelete: Deleted job swap-${M0 + 1}`,
      `Normal SuccessfulCreate: Created job swap-${M0 + 2}`,
    ]);
  });

  it('skips a scheduled time missed by more than startingDeadlineSeconds', async () => {
    start();
    sim.apply(cronJob('late', { concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 30 }));
    await sim.run(2 * MINUTE + 100); // 00:02 refused: 00:01 still active
    await sim.run(45_000); // 00:02:45: the 00:02 slot is now 45s old
    finishPods('Succeeded');
    await sim.run(1_000);
    expect(jobNames()).toEqual([`late-${M0 + 1}`]);
    expect(cjStatus('late').lastScheduleTime).toBe('2025-01-01T00:01:00Z');
    await sim.run(14_000); // 00:03:00.100
    expect(jobNames()).toEqual([`late-${M0 + 1}`, `late-${M0 + 3}`]);
  });

  it('runs on the clock of spec.timeZone and stamps the time in that zone', async () => {
    start();
    sim.apply(cronJob('tokyo', { schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' }));
    await sim.run(MINUTE);
    expect(jobNames()).toEqual([]);
    await sim.run(24 * 60 * MINUTE); // 09:00 JST = 00:00Z on Jan 2
    const name = `tokyo-${Date.UTC(2025, 0, 2) / MINUTE}`;
    expect(jobNames()).toEqual([name]);
    expect(sim.get(GR.jobs, 'default', name)!.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-02T09:00:00+09:00');
  });

  it('warns about an unknown time zone and a TZ= schedule without crashing', async () => {
    start();
    // Admission refuses an unknown zone now (see admission/time-zone.ts); one stored before the
    // rule, or named by a zone a later tz database dropped, reaches the controller through the store.
    const mars = structuredClone(cronJob('mars', { timeZone: 'Mars/Olympus' }));
    mars.metadata.namespace = 'default';
    sim.cluster.store.create(GR.cronjobs, mars);
    sim.apply(cronJob('tz', { schedule: 'TZ=UTC */1 * * * *' }));
    await sim.run(MINUTE + 100);
    expect(cjEvents('mars')[0]).toBe('Warning UnknownTimeZone: invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus');
    expect(cjEvents('tz')[0]).toBe('Warning UnsupportedSchedule: CRON_TZ or TZ used in schedule "TZ=UTC */1 * * * *" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details');
    expect(jobNames()).toEqual([`tz-${M0 + 1}`]);
  });

  it('starts nothing while suspended and only the latest time on resume', async () => {
    start();
    sim.apply(cronJob('nap', { suspend: true }));
    await sim.run(5 * MINUTE);
    expect(jobNames()).toEqual([]);
    const c = cj('nap');
    (c.spec as { suspend: boolean }).suspend = false;
    sim.client.update(c);
    await sim.run(1_000);
    expect(jobNames()).toEqual([`nap-${M0 + 5}`]);
  });

  it('resumed after more than 100 missed minutes: warns TooManyMissedTimes with the count and still starts the latest; a deadline avoids the warning', async () => {
    start();
    sim.apply(cronJob('asleep', { suspend: true }));
    sim.apply(cronJob('bounded', { suspend: true, startingDeadlineSeconds: 200 }));
    await sim.run(120 * MINUTE + 30_000); // 02:00:30: 00:01 to 02:00 were all missed
    for (const name of ['asleep', 'bounded']) {
      const c = cj(name);
      (c.spec as { suspend: boolean }).suspend = false;
      sim.client.update(c);
    }
    await sim.run(1_000);
    expect(jobNames()).toEqual([`asleep-${M0 + 120}`, `bounded-${M0 + 120}`]);
    expect(cjEvents('asleep')).toContain('Warning TooManyMissedTimes: too many missed start times: 120. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    expect(cjEvents('bounded').filter((e) => e.includes('TooManyMissedTimes'))).toEqual([]);
  });

  it('lets a Job made with kubectl create job --from=cronjob run without tracking it as a scheduled run', async () => {
    start();
    const c = sim.apply(cronJob('manual', { schedule: '0 0 1 1 *' }));
    const tmpl = (c.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec;
    sim.apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'manual-run', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'manual', uid: c.metadata.uid!, controller: true }] },
      spec: structuredClone(tmpl),
    });
    await sim.run(1_000);
    expect(cjStatus('manual').active).toBeUndefined();
    finishPods('Succeeded');
    await sim.run(1_000);
    expect(sim.get(GR.jobs, 'default', 'manual-run')!.status).toMatchObject({ succeeded: 1 });
    expect(cjStatus('manual').lastSuccessfulTime).toBe('2025-01-01T00:00:01Z');
  });
});
