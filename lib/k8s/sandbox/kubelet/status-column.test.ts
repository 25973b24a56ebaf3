/**
 * Golden STATUS timelines: every write the kubelet makes, printed through the kubectl pod
 * printer (registry/kinds/pod-printer.ts) as `kubectl get pod -w` would show it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

describe('kubectl STATUS column of kubelet-written pods', () => {
  it('Pending → ContainerCreating → Running → Completed', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 3_000 }) });
    const seen = k.watchStatus('p');
    k.sim.apply(podOn('p', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(10_000);
    expect(seen).toEqual(['Pending', 'ContainerCreating', 'Running', 'Completed']);
  });

  it('Init:0/2 → Init:1/2 → PodInitializing → Running', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'app' ? {} : { exitAfterMs: 1_000 }) });
    const seen = k.watchStatus('p');
    k.sim.apply(podOn('p', { initContainers: [{ name: 'a', image: 'busybox:1.36' }, { name: 'b', image: 'busybox:1.36' }], containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    await k.sim.run(20_000);
    expect(seen).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
  });

  it('Running → Error → Running → Error → CrashLoopBackOff', async () => {
    k = kubeletSim({ script: () => ({ exitAfterMs: 1_000, exitCode: 1 }) });
    const seen = k.watchStatus('p');
    k.sim.apply(podOn('p', { containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(5_000);
    expect(seen).toEqual(['Pending', 'ContainerCreating', 'Running', 'Error', 'Running', 'Error', 'CrashLoopBackOff']);
  });

  it('ErrImagePull ↔ ImagePullBackOff', async () => {
    k = kubeletSim();
    const seen = k.watchStatus('p');
    k.sim.apply(podOn('p', { containers: [{ name: 'app', image: 'nosuch:1' }] }));
    await k.sim.run(35_000);
    expect(seen).toEqual(['Pending', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull']);
  });

  it('Init:Error → Init:CrashLoopBackOff', async () => {
    k = kubeletSim({ script: (c) => (c.containerName === 'a' ? { exitAfterMs: 1_000, exitCode: 1 } : {}) });
    const seen = k.watchStatus('p');
    k.sim.apply(podOn('p', { initContainers: [{ name: 'a', image: 'busybox:1.36' }], containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(5_000);
    expect(seen).toEqual(['Pending', 'Init:0/1', 'Init:Error', 'Init:0/1', 'Init:Error', 'Init:CrashLoopBackOff']);
  });

  it('Running → Terminating → Error → gone: the final status write shows before the kubelet removes the pod', async () => {
    k = kubeletSim();
    const seen = k.watchStatus('p');
    k.sim.apply(podOn('p', { containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(2_000);
    k.sim.client.delete(GR.pods, 'default', 'p');
    await k.sim.run(1_000);
    // printPod shows Terminating only for a non-terminal phase; the kubelet writes phase Failed
    // (exit 143 on SIGTERM) and then deletes with grace 0, so a watch sees Error last.
    expect(seen).toEqual(['Pending', 'ContainerCreating', 'Running', 'Terminating', 'Error']);
    expect(k.sim.get(GR.pods, 'default', 'p')).toBeUndefined();
  });
});
