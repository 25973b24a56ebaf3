import { afterEach, describe, expect, it } from 'vitest';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

describe('Kubelet: probes', () => {
  it('restarts a container whose liveness probe fails three times, with Unhealthy and Killing events', async () => {
    // Healthy for the first 30s of each run, then HTTP 500.
    k = kubeletSim({ script: () => ({ listen: [80], probe: (_p, elapsed) => (elapsed < 30_000 ? { ok: true, output: '' } : { ok: false, output: 'HTTP probe failed with statuscode: 500' }) }) });
    k.sim.apply(podOn('live', { containers: [{ name: 'web', image: 'nginx:1.27', livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10 } }] }));
    await k.sim.run(4_500 + 30_000); // started 4.5s; probes at 4.5, 14.5, 24.5 ok
    expect(k.status('live').containerStatuses![0].restartCount).toBe(0);
    await k.sim.run(30_000); // fails at 34.5, 44.5, 54.5 → killed, restarted
    expect(k.events('live')).toEqual(expect.arrayContaining([
      'Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Normal Killing: Container web failed liveness probe, will be restarted',
    ]));
    expect(k.sim.events(k.pod('live')).find((e) => e.reason === 'Unhealthy')!.count).toBe(3);
    const cs = k.status('live').containerStatuses![0];
    expect(cs.restartCount).toBe(1);
    expect(cs.state.running).toBeDefined();
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
  });

  it('flips Ready with the readiness probe: not ready until it passes, unready after failureThreshold failures, ready again', async () => {
    let healthy = false;
    k = kubeletSim({ script: () => ({ probe: () => ({ ok: healthy, output: healthy ? '' : 'connection refused' }) }) });
    k.sim.apply(podOn('rd', { containers: [{ name: 'web', image: 'busybox:1.36', readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 2 } }] }));
    await k.sim.run(3_000);
    expect(k.row('rd')).toEqual(['0/1', 'Running', '0']);
    expect(k.status('rd').conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(k.status('rd').containerStatuses![0]).toMatchObject({ ready: false, started: true });
    healthy = true;
    await k.sim.run(5_000);
    expect(k.row('rd')).toEqual(['1/1', 'Running', '0']);
    const readyAt = k.status('rd').conditions!.find((c) => c.type === 'Ready')!;
    expect(readyAt).toMatchObject({ status: 'True', lastTransitionTime: '2025-01-01T00:00:06Z' });
    healthy = false;
    await k.sim.run(5_000); // one failure: still ready
    expect(k.row('rd')[0]).toBe('1/1');
    await k.sim.run(5_000); // second failure: unready
    expect(k.row('rd')[0]).toBe('0/1');
    expect(k.events('rd')).toContain('Warning Unhealthy: Readiness probe failed: connection refused');
    healthy = true;
    await k.sim.run(5_000);
    expect(k.row('rd')[0]).toBe('1/1');
    expect(k.status('rd').containerStatuses![0].restartCount).toBe(0);
  });

  it('does not probe before initialDelaySeconds', async () => {
    const probedAt: number[] = [];
    k = kubeletSim({ script: () => ({ probe: (_p, elapsed) => (probedAt.push(elapsed), { ok: true, output: '' }) }) });
    k.sim.apply(podOn('d', { containers: [{ name: 'web', image: 'busybox:1.36', readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, initialDelaySeconds: 15, periodSeconds: 10 } }] }));
    await k.sim.run(40_000);
    expect(probedAt).toEqual([20_000, 30_000]);
  });

  it('keeps the Ready condition False until a readiness gate condition is True', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('g', { readinessGates: [{ conditionType: 'example.com/lb' }], containers: [{ name: 'web', image: 'busybox:1.36' }] }));
    await k.sim.run(3_000);
    expect(k.status('g').conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
    });
    const live = k.pod('g');
    (live.status as { conditions: object[] }).conditions.push({ type: 'example.com/lb', status: 'True', lastTransitionTime: '2025-01-01T00:00:03Z' });
    k.sim.client.updateStatus(live);
    await k.sim.run(0);
    const conditions = k.status('g').conditions!;
    expect(conditions.map((c) => c.type)).toEqual(['example.com/lb', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(conditions.find((c) => c.type === 'Ready')!.status).toBe('True');
  });
});
