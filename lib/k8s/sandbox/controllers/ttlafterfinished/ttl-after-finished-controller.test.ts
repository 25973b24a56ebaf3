import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import { setPodStatus } from '../../testing/pod-status';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';
import { JobController } from '../job/job-controller';
import { TtlAfterFinishedController, expiresAt } from './ttl-after-finished-controller';

let sim: SimCluster;
afterEach(() => sim?.close());

function job(name: string, ttl: number | undefined) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }), template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
  };
}

describe('expiresAt', () => {
  const finished = (type: string): Job => ({ spec: { ttlSecondsAfterFinished: 30, template: {} }, status: { conditions: [{ type, status: 'True', lastTransitionTime: '2025-01-01T00:00:10Z' }] } });

  it.each(['Complete', 'Failed'])('counts from the %s condition', (type) => {
    expect(expiresAt(finished(type))).toBe(Date.parse('2025-01-01T00:00:40Z'));
  });

  it('ignores unfinished Jobs, Jobs without a TTL and Jobs being deleted', () => {
    expect(expiresAt(finished('SuccessCriteriaMet'))).toBeUndefined();
    expect(expiresAt({ ...finished('Complete'), spec: { template: {} } })).toBeUndefined();
    expect(expiresAt({ ...finished('Complete'), metadata: { deletionTimestamp: '2025-01-01T00:00:20Z' } })).toBeUndefined();
  });
});

describe('TtlAfterFinishedController', () => {
  it('deletes a finished Job and its pods ttlSecondsAfterFinished after it finished', async () => {
    sim = simCluster({ components: (ctx) => [new JobController(ctx), new TtlAfterFinishedController(ctx)] });
    sim.apply(job('short', 30));
    sim.apply(job('kept', undefined));
    await sim.run(1_000);
    for (const p of sim.pods()) setPodStatus(sim, p, { phase: 'Succeeded' }); // t=1s
    await sim.run(29_999);
    expect(sim.get(GR.jobs, 'default', 'short')).toBeDefined();
    await sim.run(1);
    expect(sim.get(GR.jobs, 'default', 'short')).toBeUndefined();
    expect(sim.pods().map((p) => p.metadata.labels!['job-name'])).toEqual(['kept']);
    await sim.run(3_600_000);
    expect(sim.get(GR.jobs, 'default', 'kept')).toBeDefined();
  });

  it('deletes at once a Job that is already past its TTL when the TTL is set', async () => {
    sim = simCluster({ components: (ctx) => [new JobController(ctx), new TtlAfterFinishedController(ctx)] });
    sim.apply(job('old', undefined));
    await sim.run(1_000);
    for (const p of sim.pods()) setPodStatus(sim, p, { phase: 'Succeeded' });
    await sim.run(120_000);
    const j = sim.get(GR.jobs, 'default', 'old')!;
    (j.spec as { ttlSecondsAfterFinished: number }).ttlSecondsAfterFinished = 60;
    sim.client.update(j);
    await sim.run(1);
    expect(sim.get(GR.jobs, 'default', 'old')).toBeUndefined();
  });
});
