import { afterEach, describe, expect, it } from 'vitest';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

const three = (restartPolicy?: 'Always' | 'Never') => podOn('init3', {
  restartPolicy,
  initContainers: ['one', 'two', 'three'].map((name) => ({ name, image: 'busybox:1.36' })),
  containers: [{ name: 'app', image: 'busybox:1.36' }],
});

describe('Kubelet: init containers and sidecars', () => {
  it('runs three init containers one after another, STATUS Init:0/3 → Init:1/3 → Init:2/3 → PodInitializing → Running', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'app' ? {} : { exitAfterMs: 5_000 }) });
    k.sim.apply(three());
    await k.sim.run(0);
    expect(k.row('init3')).toEqual(['0/1', 'Init:0/3', '0']);
    expect(k.status('init3').containerStatuses![0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(k.status('init3').conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [one two three]' });
    await k.sim.run(1_200 + 5_000); // one: pulled at 1.2s, exits at 6.2s
    expect(k.row('init3')).toEqual(['0/1', 'Init:1/3', '0']);
    expect(k.status('init3').initContainerStatuses![0]).toMatchObject({ ready: true, started: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    await k.sim.run(5_000);
    expect(k.row('init3')).toEqual(['0/1', 'Init:2/3', '0']);
    await k.sim.run(5_000);
    expect(k.row('init3')).toEqual(['1/1', 'Running', '0']);
    expect(k.status('init3').phase).toBe('Running');
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['one', 'two', 'three', 'app']);
  });

  it('shows PodInitializing while the main container is being created after the init containers finished', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'app' ? {} : { exitAfterMs: 1_000 }) });
    k.sim.apply(podOn('pi', { initContainers: [{ name: 'setup', image: 'busybox:1.36' }], containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    await k.sim.run(1_200 + 1_000 + 1_000); // setup done at 2.2s; nginx pulls for 4.5s
    expect(k.row('pi')).toEqual(['0/1', 'PodInitializing', '0']);
    expect(k.status('pi').conditions!.find((c) => c.type === 'Initialized')!.status).toBe('True');
  });

  it('restarts a failing init container with backoff: Init:Error, then Init:CrashLoopBackOff', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'one' ? { exitAfterMs: 1_000, exitCode: 1 } : {}) });
    const seen = k.watchStatus('init3');
    k.sim.apply(three());
    await k.sim.run(3_200); // fails at 2.2s, restarted at once, fails again at 3.2s
    expect(k.row('init3')).toMatchObject(['0/1', 'Init:CrashLoopBackOff', expect.stringMatching(/^1 /)]);
    expect(seen).toEqual(['Pending', 'Init:0/3', 'Init:Error', 'Init:0/3', 'Init:Error', 'Init:CrashLoopBackOff']);
    expect(k.status('init3').phase).toBe('Pending');
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['one', 'one']);
  });

  it('fails the pod when an init container fails under restartPolicy Never', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'two' ? { exitAfterMs: 1_000, exitCode: 3 } : { exitAfterMs: 1_000 }) });
    k.sim.apply(three('Never'));
    await k.sim.run(10_000);
    expect(k.status('init3').phase).toBe('Failed');
    expect(k.row('init3')).toEqual(['0/1', 'Init:Error', '0']);
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['one', 'two']);
  });

  it('runs a Job-like pod with a sidecar to Succeeded: the sidecar starts first, keeps running, and is stopped after the main container', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'main' ? { exitAfterMs: 10_000 } : { onSigterm: { exitAfterMs: 1_000, exitCode: 0 } }) });
    const pod = podOn('job', {
      restartPolicy: 'Never',
      initContainers: [{ name: 'logship', image: 'busybox:1.36', restartPolicy: 'Always' }],
      containers: [{ name: 'main', image: 'busybox:1.36' }],
    });
    k.sim.apply(pod);
    await k.sim.run(1_300);
    expect(k.row('job')).toEqual(['2/2', 'Running', '0']);
    expect(k.status('job').initContainerStatuses![0]).toMatchObject({ name: 'logship', started: true, ready: true, state: { running: {} } });
    await k.sim.run(10_000); // main exits at 11.2s; the sidecar gets SIGTERM and exits 1s later
    expect(k.events('job')).toContain('Normal Killing: Stopping container logship');
    await k.sim.run(2_000);
    expect(k.status('job').phase).toBe('Succeeded');
    expect(k.row('job')).toEqual(['0/2', 'Completed', '0']);
    expect(k.status('job').initContainerStatuses![0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('restarts a sidecar that exits even under restartPolicy Never', async () => {
    k = kubeletSim({ script: (c, run) => (c.containerName === 'side' && run === 0 ? { exitAfterMs: 2_000, exitCode: 1 } : {}) });
    k.sim.apply(podOn('sc', {
      restartPolicy: 'Never',
      initContainers: [{ name: 'side', image: 'busybox:1.36', restartPolicy: 'Always' }],
      containers: [{ name: 'main', image: 'busybox:1.36' }],
    }));
    await k.sim.run(5_000);
    expect(k.status('sc').initContainerStatuses![0]).toMatchObject({ restartCount: 1, state: { running: {} } });
    expect(k.status('sc').phase).toBe('Running');
    expect(k.row('sc')).toMatchObject(['2/2', 'Running', expect.stringMatching(/^1 /)]);
  });

  it('waits for a sidecar startupProbe before starting the next container', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'proxy' ? { probe: (_p, elapsed) => ({ ok: elapsed >= 20_000, output: 'not yet' }) } : {}) });
    k.sim.apply(podOn('sp', {
      initContainers: [{ name: 'proxy', image: 'busybox:1.36', restartPolicy: 'Always', startupProbe: { exec: { command: ['true'] }, periodSeconds: 10, failureThreshold: 5 } }],
      containers: [{ name: 'app', image: 'busybox:1.36' }],
    }));
    await k.sim.run(15_000);
    expect(k.row('sp')).toEqual(['0/2', 'Init:0/1', '0']);
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['proxy']);
    await k.sim.run(10_000); // probe at 21.2s succeeds
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['proxy', 'app']);
    expect(k.row('sp')).toEqual(['2/2', 'Running', '0']);
  });
});
