import { afterEach, describe, expect, it } from 'vitest';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

/** busybox:1.36 is IfNotPresent: pulled once (1.2s), then "already present". */
const crasher = (restartPolicy?: 'Always' | 'OnFailure' | 'Never', exitCode = 1) =>
  podOn('crash', { restartPolicy, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', `exit ${exitCode}`] }] });

describe('Kubelet: restarts and CrashLoopBackOff', () => {
  it('restarts a crashing container at once the first time, then after 10s, 20s and 40s, with the upstream waiting message and BackOff event', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 1_000, exitCode: 1 }) });
    const pod = k.sim.apply(crasher());
    const uid = pod.metadata.uid;
    await k.sim.run(1_200); // pulled, started at 1.2s
    expect(k.row('crash')).toEqual(['1/1', 'Running', '0']);
    await k.sim.run(1_000); // exits at 2.2s, restarted at once
    expect(k.row('crash')).toMatchObject(['1/1', 'Running', expect.stringMatching(/^1 \(\d+s ago\)$/)]);
    await k.sim.run(1_000); // second exit at 3.2s: back-off 10s
    expect(k.row('crash')[1]).toBe('CrashLoopBackOff');
    const cs = k.status('crash').containerStatuses![0];
    expect(cs.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=app pod=crash_default(${uid})` } });
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs.restartCount).toBe(1);
    expect(k.status('crash').phase).toBe('Running');

    const restartsAt: number[] = [];
    let last = 1;
    for (let t = 0; t < 90_000; t += 500) {
      await k.sim.run(500);
      const n = k.status('crash').containerStatuses![0].restartCount;
      if (n !== last) restartsAt.push(k.sim.clock.now() - Date.UTC(2025, 0, 1));
      last = n;
    }
    // exit 3.2s → +10s = 13.2s; exit 14.2s → +20s = 34.2s; exit 35.2s → +40s = 75.2s
    expect(restartsAt).toEqual([13_200, 34_200, 75_200]);
    expect(k.status('crash').containerStatuses![0].state.waiting?.message).toBe(`back-off 1m20s restarting failed container=app pod=crash_default(${uid})`);
    expect(k.events('crash')).toContain(`Warning BackOff: Back-off restarting failed container app in pod crash_default(${uid})`);
    expect(k.sim.events(k.pod('crash')).find((e) => e.reason === 'BackOff')!.count).toBe(4);
  });

  it('shows Error when the container has just exited and CrashLoopBackOff while it waits', async () => {
    k = kubeletSim({ script: (_c, run) => ({ exitAfterMs: run === 0 ? 1_000 : 5_000, exitCode: 2 }) });
    k.sim.apply(crasher());
    await k.sim.run(1_200 + 1_000 + 5_000); // first exit at 2.2s (restart at once), second at 7.2s
    expect(k.row('crash')[1]).toBe('CrashLoopBackOff');
    expect(k.status('crash').containerStatuses![0].lastState.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('lets a container that exits 0 under OnFailure complete the pod as Succeeded', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 2_000, exitCode: 0 }) });
    k.sim.apply(crasher('OnFailure', 0));
    await k.sim.run(10_000);
    expect(k.row('crash')).toEqual(['0/1', 'Completed', '0']);
    const s = k.status('crash');
    expect(s.phase).toBe('Succeeded');
    expect(s.containerStatuses![0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: '2025-01-01T00:00:01Z', finishedAt: '2025-01-01T00:00:03Z' });
    expect(s.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['PodReadyToStartContainers', 'True', undefined],
      ['Initialized', 'True', 'PodCompleted'],
      ['Ready', 'False', 'PodCompleted'],
      ['ContainersReady', 'False', 'PodCompleted'],
      ['PodScheduled', 'True', undefined],
    ]);
  });

  it('restarts a failing container under OnFailure and keeps the pod Running', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 1_000, exitCode: 3 }) });
    k.sim.apply(crasher('OnFailure', 3));
    await k.sim.run(4_000);
    expect(k.status('crash').phase).toBe('Running');
    expect(k.status('crash').containerStatuses![0].restartCount).toBe(1);
  });

  it('fails a pod whose container exits non-zero under Never, with STATUS Error and no restart', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 1_000, exitCode: 7 }) });
    k.sim.apply(crasher('Never', 7));
    await k.sim.run(60_000);
    expect(k.row('crash')).toEqual(['0/1', 'Error', '0']);
    const s = k.status('crash');
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses![0].state.terminated).toMatchObject({ exitCode: 7, reason: 'Error' });
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    expect(k.runtime.started).toHaveLength(1);
  });

  it('reports OOMKilled as the terminated reason', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 1_000, exitCode: 137, reason: 'OOMKilled' }) });
    k.sim.apply(crasher('Never', 137));
    await k.sim.run(5_000);
    expect(k.row('crash')).toEqual(['0/1', 'OOMKilled', '0']);
  });

  it('starts the backoff over at 10s after a container ran for more than 10 minutes', async () => {
    k = kubeletSim({ script: (_c, run) => ({ exitAfterMs: run < 3 ? 1_000 : 11 * 60_000, exitCode: 1 }) });
    k.sim.apply(crasher());
    await k.sim.run(60_000); // exits at 2.2, 3.2 (+10), 14.2 (+20) → run 3 starts at 34.2s
    expect(k.status('crash').containerStatuses![0].restartCount).toBe(3);
    await k.sim.run(11 * 60_000); // runs 11 minutes, exits: the next restart is immediate
    expect(k.status('crash').containerStatuses![0].restartCount).toBe(4);
    expect(k.status('crash').containerStatuses![0].state.running).toBeDefined();
  });
});
