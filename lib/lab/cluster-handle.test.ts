import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxHost } from '../k8s/sandbox/host';
import { sandboxParts } from '../k8s/sandbox/parts';
import { LocalSandboxFront } from '../k8s/sandbox/workers/local-front';
import { ClusterHandle } from './cluster-handle';
import { clusterOperations } from './cluster-operations';
import { LabError } from './errors';

describe('a cluster handle', () => {
  let host: SandboxHost;
  let handle: ClusterHandle;

  beforeEach(() => {
    host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id, scale: 0, start: Date.parse('2026-01-01T00:00:00Z') }) });
    const { record } = host.createCluster({ workers: 1 });
    handle = new ClusterHandle(new LocalSandboxFront(host, clusterOperations), record.id);
  });

  afterEach(() => host.close());

  it('reads, sets and skips the cluster\'s clock', async () => {
    expect(await handle.clock()).toEqual({ now: '2026-01-01T00:00:00.000Z', scale: 0 });
    expect(await handle.setScale(10)).toMatchObject({ scale: 10 });
    // The few wall-clock milliseconds at 10x move the clock a little; from a stopped clock a
    // skip moves it by exactly what was asked.
    const stopped = Date.parse((await handle.setScale(0)).now);
    const skipped = await handle.advance(90);
    expect(skipped).toMatchObject({ scale: 0, truncated: false });
    expect(Date.parse(skipped.now) - stopped).toBe(90_000);
  });

  it('adds a node and answers the cluster\'s refusals as the LabError a route sends', async () => {
    expect(await handle.nodeOperation('add', '')).toBe('worker-2');
    const unknown = await handle.nodeOperation('remove', 'nope').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(LabError);
    expect(unknown).toMatchObject({ status: 404, code: 'NotFound' });
    const controlPlane = await handle.nodeOperation('remove', 'control-plane').catch((e: unknown) => e);
    expect(controlPlane).toMatchObject({ status: 409, code: 'NodeOperation', message: 'the control-plane node cannot be removed' });
  });

  it('runs an exercise\'s checks where the cluster is and says what each saw', async () => {
    const steps = await handle.exerciseChecks('exercise-5-3-jobs');
    expect(steps.get('single-job')).toMatchObject({ passed: false, saw: 'there is no Job single-job yet' });
  });

  it('has no pod health for a cluster that is not awake, and wakes nothing to get it', async () => {
    expect(await handle.podHealthIfAwake()).toEqual({ pods: 0, problems: [] });
    const asleep = new ClusterHandle(new LocalSandboxFront(host, clusterOperations), 'not-a-cluster');
    await expect(asleep.podHealthIfAwake()).resolves.toBeUndefined();
  });
});
