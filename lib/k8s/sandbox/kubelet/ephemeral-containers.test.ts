import { afterEach, describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { withEphemeralContainers } from '../apiserver/subresources/ephemeral-containers';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';
import type { ContainerSpec } from './spec-types';

let k: KubeletSim;
afterEach(() => k?.sim.close());

/** What the API server's pods/ephemeralcontainers handler stores (the kubelet only watches). */
function addEphemeral(name: string, containers: ContainerSpec[]): void {
  const live = k.pod(name);
  const existing = ((live.spec as { ephemeralContainers?: ContainerSpec[] }).ephemeralContainers ?? []);
  k.sim.cluster.store.update(GR.pods, withEphemeralContainers(live, { spec: { ephemeralContainers: [...existing, ...containers] } }));
}

const app = () => podOn('web', { containers: [{ name: 'app', image: 'nginx:1.27' }] });

describe('Kubelet: ephemeral containers (kubectl debug)', () => {
  it('starts an ephemeral container added to a running pod and reports it in ephemeralContainerStatuses, never ready, the pod still Running 1/1', async () => {
    k = kubeletSim();
    k.sim.apply(app());
    await k.sim.run(5_000);
    addEphemeral('web', [{ name: 'debugger-x1', image: 'busybox:1.36', targetContainerName: 'app' }]);
    await k.sim.run(2_000);
    const s = k.status('web');
    expect(s.ephemeralContainerStatuses).toEqual([expect.objectContaining({
      name: 'debugger-x1', ready: false, restartCount: 0, image: 'docker.io/library/busybox:1.36', state: { running: { startedAt: expect.any(String) } },
    })]);
    expect(s.containerStatuses!.map((c) => c.name)).toEqual(['app']);
    expect(s.initContainerStatuses).toBeUndefined();
    expect(k.row('web')).toEqual(['1/1', 'Running', '0']);
    // It joins the target's process namespace: the runtime is told which container that is.
    expect(k.runtime.started.find((c) => c.containerName === 'debugger-x1')).toMatchObject({ targetContainerName: 'app', podName: 'web' });
    expect(k.runtime.started.find((c) => c.containerName === 'debugger-x1')?.memoryLimitBytes).toBeUndefined();
    expect(k.sim.events(k.pod('web')).filter((e) => e.message.includes('debugger-x1') || e.message.includes('busybox')).map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'Pulling: Pulling image "busybox:1.36"',
      expect.stringMatching(/^Pulled: Successfully pulled image "busybox:1.36"/),
      'Created: Created container debugger-x1',
      'Started: Started container debugger-x1',
    ]);
  });

  it('never restarts an ephemeral container that exited, whatever the restartPolicy: its terminated state stays', async () => {
    k = kubeletSim({ script: (config) => (config.containerName === 'dbg' ? { exitAfterMs: 500, exitCode: 3 } : {}) });
    k.sim.apply(app());
    await k.sim.run(5_000);
    addEphemeral('web', [{ name: 'dbg', image: 'busybox:1.36' }]);
    await k.sim.run(60_000);
    const es = k.status('web').ephemeralContainerStatuses!;
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ name: 'dbg', restartCount: 0, state: { terminated: { exitCode: 3, reason: 'Error' } } });
    expect(k.runtime.started.filter((c) => c.containerName === 'dbg')).toHaveLength(1);
    expect(k.status('web').phase).toBe('Running');
  });

  it('starts a second ephemeral container beside the first', async () => {
    k = kubeletSim();
    k.sim.apply(app());
    await k.sim.run(5_000);
    addEphemeral('web', [{ name: 'one', image: 'busybox:1.36' }]);
    await k.sim.run(2_000);
    addEphemeral('web', [{ name: 'two', image: 'busybox:1.36' }]);
    await k.sim.run(2_000);
    expect(k.status('web').ephemeralContainerStatuses!.map((c) => [c.name, Object.keys(c.state)[0]])).toEqual([['one', 'running'], ['two', 'running']]);
  });

  it('kills ephemeral containers with the pod when it is deleted', async () => {
    k = kubeletSim();
    k.sim.apply(app());
    await k.sim.run(5_000);
    addEphemeral('web', [{ name: 'dbg', image: 'busybox:1.36' }]);
    await k.sim.run(2_000);
    k.sim.client.delete(GR.pods, 'default', 'web');
    await k.sim.run(40_000);
    expect(k.sim.get(GR.pods, 'default', 'web')).toBeUndefined();
  });

  it('waits for the init containers before starting an ephemeral container', async () => {
    k = kubeletSim({ script: (config) => (config.containerName === 'init' ? { exitAfterMs: 10_000, exitCode: 0 } : {}) });
    k.sim.apply(podOn('slow', { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(2_000);
    addEphemeral('slow', [{ name: 'dbg', image: 'busybox:1.36' }]);
    await k.sim.run(1_000);
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['init']);
    await k.sim.run(12_000);
    expect(k.runtime.started.map((c) => c.containerName)).toEqual(['init', 'app', 'dbg']);
  });
});
