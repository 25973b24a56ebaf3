import { describe, expect, it } from 'vitest';
import { GR } from '../../k8s/sandbox/controllers/framework/client';
import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { applyResource, simView, type Sim } from '../testing';
import { cronForbidsOverlap, cronJobsHavePolicy, cronRunsWithHistory, cronSuspended } from './cronjobs';

const FILE = 'workload-types/cronjob-examples.yaml';
const only = (name: string, edit: (o: KubeObject) => void = () => {}) => (o: KubeObject) => {
  if (o.metadata.name !== name) return false;
  edit(o);
  return true;
};
const ref = (name: string) => ({ namespace: 'default', name });

/** What `kubectl create job backup-manual --from=cronjob/backup-job` creates. */
function jobFrom(sim: Sim, cron: string, name: string): KubeObject {
  const c = sim.get(GR.cronjobs, 'default', cron)!;
  const tmpl = (c.spec as { jobTemplate: { metadata?: { labels?: Record<string, string> }; spec: object } }).jobTemplate;
  return sim.apply({
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, labels: tmpl.metadata?.labels, annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cron, uid: c.metadata.uid!, controller: true }] },
    spec: structuredClone(tmpl.spec),
  });
}

describe('CronJob checks', () => {
  it('hello-cron passes after two runs and, after six, says older Jobs were deleted by the history limit', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('hello-cron'));
    const check = cronRunsWithHistory(ref('hello-cron'), 2, 3);
    await sim.run(65_000);
    expect(await check(simView(sim))).toMatchObject({ passed: false, saw: "hello-cron has run 1 time so far; skip ahead with the bench's clock to see more runs" });
    await sim.run(60_000);
    expect((await check(simView(sim))).passed).toBe(true);
    await sim.run(4 * 60_000);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'hello-cron ran 6 times; 3 successful Jobs are kept, 3 older were deleted by the history limit', observed: '3' });
    sim.close();
  });

  it('hello-cron with a history limit of 10 fails on that field', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('hello-cron', (o) => ((o.spec as { successfulJobsHistoryLimit: number }).successfulJobsHistoryLimit = 10)));
    expect(await cronRunsWithHistory(ref('hello-cron'), 2, 3)(simView(sim))).toEqual({ passed: false, saw: 'hello-cron keeps 10 successful Jobs, more than 3', field: 'spec.successfulJobsHistoryLimit', object: { kind: 'CronJob', name: 'hello-cron', namespace: 'default' } });
    sim.close();
  });

  it('backup-job: Forbid skips a start while a slow run is active, and the check says how many', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('backup-job', (o) => {
      const s = o.spec as { schedule: string; jobTemplate: { spec: { template: { spec: { containers: { args: string[] }[] } } } } };
      s.schedule = '*/1 * * * *';
      s.jobTemplate.spec.template.spec.containers[0].args = ['echo start; sleep 90; echo done'];
    }));
    const check = cronForbidsOverlap(ref('backup-job'));
    expect((await check(simView(sim))).saw).toBe('no run of backup-job has completed yet: start one with kubectl create job backup-manual --from=cronjob/backup-job');
    await sim.run(4 * 60_000);
    const r = await check(simView(sim));
    expect(r.passed).toBe(true);
    expect(r.saw).toMatch(/^concurrencyPolicy is Forbid; backup-job-\d+ completed without overlapping; \d starts? (was|were) skipped while a run was active$/);
    sim.close();
  });

  it('backup-job with Allow fails on concurrencyPolicy; a manual run passes the Forbid version', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('backup-job', (o) => ((o.spec as { concurrencyPolicy: string }).concurrencyPolicy = 'Allow')));
    expect(await cronForbidsOverlap(ref('backup-job'))(simView(sim))).toEqual({ passed: false, saw: "backup-job's concurrencyPolicy is Allow, so a slow run can overlap the next", field: 'spec.concurrencyPolicy', object: { kind: 'CronJob', name: 'backup-job', namespace: 'default' } });
    sim.close();
    const forbid = productSim();
    applyResource(forbid, FILE, only('backup-job'));
    jobFrom(forbid, 'backup-job', 'backup-manual');
    await forbid.run(60_000);
    expect(await cronForbidsOverlap(ref('backup-job'))(simView(forbid))).toEqual({ passed: true, saw: 'concurrencyPolicy is Forbid; backup-manual completed without overlapping' });
    forbid.close();
  });

  it('suspension is seen once spec.suspend is true', async () => {
    const sim = productSim();
    applyResource(sim, FILE, only('hello-cron'));
    const check = cronSuspended(ref('hello-cron'));
    expect(await check(simView(sim))).toEqual({ passed: false, saw: 'hello-cron is not suspended', field: 'spec.suspend', object: { kind: 'CronJob', name: 'hello-cron', namespace: 'default' } });
    const c = sim.get(GR.cronjobs, 'default', 'hello-cron')!;
    (c.spec as { suspend: boolean }).suspend = true;
    sim.client.update(c);
    expect((await check(simView(sim))).passed).toBe(true);
    sim.close();
  });

  it('backup CronJobs of the system services all forbid overlap; an Allow one is named', async () => {
    const sim = productSim();
    applyResource(sim, 'exercises/system-services/log-collection/fluent-bit.yaml', (o) => o.kind === 'Namespace');
    applyResource(sim, 'exercises/system-services/backup-automation/backups.yaml');
    const check = cronJobsHavePolicy('system-services', /backup/, ['Forbid']);
    expect(await check(simView(sim))).toEqual({ passed: true, saw: 'config-backup and postgres-backup: concurrencyPolicy Forbid' });
    const allow = sim.get(GR.cronjobs, 'system-services', 'postgres-backup')!;
    (allow.spec as { concurrencyPolicy: string }).concurrencyPolicy = 'Allow';
    sim.client.update(allow);
    const after = await check(simView(sim));
    expect(after.passed).toBe(false);
    expect(after.saw).toContain('postgres-backup (Allow)');
    expect(after).toMatchObject({ field: 'spec.concurrencyPolicy', object: { kind: 'CronJob', name: 'postgres-backup', namespace: 'system-services' } });
    sim.close();
  });
});
