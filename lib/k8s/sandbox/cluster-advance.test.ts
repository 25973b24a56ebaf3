/**
 * Cluster.advance, the lab bench's "skip ahead", on the product's own parts (every controller,
 * the scheduler, the kubelets and the container runtime). The wall clock is paused (scale 0)
 * and pinned to a start, so only the advance moves time and every run is the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStoreFile } from './store/sqlite-persistence';
import { Cluster } from './cluster';
import { sandboxParts } from './parts';
import { productComponents } from './components';
import { GR } from './controllers/framework/client';
import type { KubeObject } from './types';

const START = Date.UTC(2025, 0, 1, 0, 0, 30);
let cluster: Cluster | undefined;

function productCluster(): Cluster {
  cluster = new Cluster({ id: 'advance', parts: sandboxParts({ clusterId: 'advance', scale: 0, start: START }), components: productComponents });
  return cluster;
}

afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

const everyMinute: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'hello-cron', namespace: 'default' },
  spec: {
    schedule: '*/1 * * * *',
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36', command: ['sh', '-c', 'date; echo Hello'] }] } } } },
  },
};

function jobsCreated(c: Cluster): string[] {
  const names: string[] = [];
  c.context.client.watch(GR.jobs, (e) => {
    if (e.type === 'ADDED') names.push(e.object.metadata.name!);
  });
  return names;
}

describe('Cluster.advance', () => {
  it('has what the skip wrote on disk when it resolves, though the store commits writes in groups', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-advance-'));
    // A commit interval no test waits for: only the skip's own commit can put the Jobs on disk.
    const file = new SqliteStoreFile(dir, { commitEveryMs: 600_000 });
    const c = (cluster = new Cluster({ id: 'advance', parts: sandboxParts({ clusterId: 'advance', scale: 0, start: START, storeFile: file }), components: productComponents }));
    c.context.client.create(structuredClone(everyMinute));
    await c.advance(180);
    const reader = new SqliteStoreFile(dir);
    const onDisk = reader.forCluster('advance').load().objects.filter((o) => o.object.kind === 'Job').map((o) => o.object.metadata.name);
    reader.close();
    const first = Math.floor(Date.UTC(2025, 0, 1, 0, 1) / 60_000);
    expect(onDisk.sort()).toEqual([0, 1, 2].map((i) => `hello-cron-${first + i}`));
    c.close();
    cluster = undefined;
    file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('runs an hour of an every-minute CronJob: 60 Jobs, the last three kept, and the last run in its status', async () => {
    const c = productCluster();
    const created = jobsCreated(c);
    c.context.client.create(structuredClone(everyMinute));
    const run = await c.advance(3600);

    expect(run.truncated).toBe(false);
    expect(c.clock.now()).toBe(START + 3600 * 1000);
    // <cronjob>-<minutes since the epoch> for 00:01 … 01:00, one per minute, in order.
    const first = Math.floor(Date.UTC(2025, 0, 1, 0, 1) / 60_000);
    expect(created).toEqual(Array.from({ length: 60 }, (_, i) => `hello-cron-${first + i}`));
    const kept = c.context.client.list(GR.jobs, { namespace: 'default' }).map((j) => j.metadata.name);
    expect(kept).toEqual(created.slice(-3));
    const status = c.context.client.get(GR.cronjobs, 'default', 'hello-cron')!.status as { lastScheduleTime?: string; lastSuccessfulTime?: string; active?: unknown[] };
    expect(status.lastScheduleTime).toBe('2025-01-01T01:00:00Z');
    expect(status.lastSuccessfulTime?.startsWith('2025-01-01T01:00:')).toBe(true);
    expect(status.active).toBeUndefined();
  });

  it('restarts a crash-looping container on its backoff for the whole span: at once, then after 10 s doubling to 5 min', async () => {
    const c = productCluster();
    c.context.client.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crashy', namespace: 'default' },
      spec: { containers: [{ name: 'crashy', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] },
    });
    await c.advance(3600);
    const pod = c.context.client.get(GR.pods, 'default', 'crashy')!;
    const cs = (pod.status as { containerStatuses: { restartCount: number; state: { waiting?: { reason: string } } }[] }).containerStatuses[0];
    // Restarts at about 0, 10, 30, 70, 150, 310 s, then every 300 s up to 3310 s: 16.
    expect(cs.restartCount).toBe(16);
    expect(cs.state.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('runs two skips asked for at once one after the other', async () => {
    const c = productCluster();
    const created = jobsCreated(c);
    c.context.client.create(structuredClone(everyMinute));
    const [a, b] = await Promise.all([c.advance(120), c.advance(120)]);
    expect(a.truncated || b.truncated).toBe(false);
    expect(c.clock.now()).toBe(START + 240 * 1000);
    expect(created).toHaveLength(4);
  });

  it('differs from a plain jump of the clock, which shows a controller an hour late: one missed run', async () => {
    const c = productCluster();
    const created = jobsCreated(c);
    c.context.client.create(structuredClone(everyMinute));
    await c.settle();
    c.clock.advance(3600 * 1000);
    await c.settle();
    expect(created).toEqual([`hello-cron-${Math.floor(Date.UTC(2025, 0, 1, 1, 0) / 60_000)}`]);
  });
});
