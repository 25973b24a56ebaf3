import { afterEach, describe, expect, it } from 'vitest';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

const NOT_FOUND = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nosuch:1": failed to resolve reference "docker.io/library/nosuch:1": docker.io/library/nosuch:1: not found';

describe('Kubelet: image pulls', () => {
  it('reports ErrImagePull then ImagePullBackOff for nosuch:1, retrying on the 10s→300s backoff with the upstream events', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('bad', { containers: [{ name: 'app', image: 'nosuch:1' }] }));
    await k.sim.run(0);
    expect(k.row('bad')).toEqual(['0/1', 'ErrImagePull', '0']);
    expect(k.status('bad').containerStatuses![0].state).toEqual({ waiting: { reason: 'ErrImagePull', message: NOT_FOUND } });
    expect(k.events('bad')).toEqual([
      'Normal Pulling: Pulling image "nosuch:1"',
      `Warning Failed: Failed to pull image "nosuch:1": ${NOT_FOUND}`,
      'Warning Failed: Error: ErrImagePull',
    ]);
    await k.sim.run(10_000); // backoff 10s over: pulls again and fails (backoff 20s)
    expect(k.row('bad')[1]).toBe('ErrImagePull');
    await k.sim.run(10_000); // t=20s: still in the 20s backoff
    expect(k.row('bad')[1]).toBe('ImagePullBackOff');
    expect(k.status('bad').containerStatuses![0].state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nosuch:1"' } });
    expect(k.events('bad')).toEqual(expect.arrayContaining([
      'Normal BackOff: Back-off pulling image "nosuch:1"',
      'Warning Failed: Error: ImagePullBackOff',
    ]));
    await k.sim.run(10_000); // t=30s: 20s after the second failure, third pull (backoff 40s)
    expect(k.row('bad')[1]).toBe('ErrImagePull');
    await k.sim.run(30_000); // t=60s: waiting until 70s
    expect(k.row('bad')[1]).toBe('ImagePullBackOff');
    const pulling = k.sim.events(k.pod('bad')).find((e) => e.reason === 'Pulling')!;
    expect(pulling.count).toBe(3);
    expect(k.status('bad').phase).toBe('Pending');
  });

  it('says an IfNotPresent image already on the node is present and does not pull it again', async () => {
    k = kubeletSim({ script: () => ({}) });
    k.sim.apply(podOn('a', { containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(2_000);
    k.sim.apply(podOn('b', { containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(0);
    expect(k.events('b')).toEqual([
      'Normal Pulled: Container image "busybox:1.36" already present on machine',
      'Normal Created: Created container app',
      'Normal Started: Started container app',
    ]);
    expect(k.status('b').containerStatuses![0]).toMatchObject({ image: 'docker.io/library/busybox:1.36', imageID: expect.stringMatching(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/) });
  });

  it('pulls an image tagged latest (or untagged) every time: the default policy is Always', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('a', { containers: [{ name: 'app', image: 'busybox' }] }));
    await k.sim.run(2_000);
    k.sim.apply(podOn('b', { containers: [{ name: 'app', image: 'busybox' }] }));
    await k.sim.run(2_000);
    expect((k.pod('b').spec as { containers: { imagePullPolicy: string }[] }).containers[0].imagePullPolicy).toBe('Always');
    expect(k.events('b').slice(0, 2)).toEqual([
      'Normal Pulling: Pulling image "busybox"',
      'Normal Pulled: Successfully pulled image "busybox" in 1.2s (1.2s including waiting). Image size: 2156000 bytes.',
    ]);
  });

  it('pulls one image at a time per node, so the second pull reports its time including waiting', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('a', { containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    k.sim.apply(podOn('b', { containers: [{ name: 'app', image: 'redis:7' }] }));
    await k.sim.run(10_000);
    expect(k.events('b')).toContain('Normal Pulled: Successfully pulled image "redis:7" in 3s (7.5s including waiting). Image size: 45312115 bytes.');
  });

  it('never pulls with imagePullPolicy Never and reports ErrImageNeverPull', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('n', { containers: [{ name: 'app', image: 'busybox:1.37', imagePullPolicy: 'Never' }] }));
    await k.sim.run(0);
    expect(k.row('n')).toEqual(['0/1', 'ErrImageNeverPull', '0']);
    expect(k.events('n')).toEqual([
      'Warning ErrImageNeverPull: Container image "busybox:1.37" is not present with pull policy of Never',
      'Warning Failed: Error: ErrImageNeverPull',
    ]);
  });

  it('keeps a pod in CreateContainerConfigError while a referenced ConfigMap key is missing, then starts it', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('cfg', { containers: [{ name: 'app', image: 'busybox:1.36', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }] } as never] }));
    await k.sim.run(2_000);
    expect(k.row('cfg')).toEqual(['0/1', 'CreateContainerConfigError', '0']);
    expect(k.events('cfg')).toContain('Warning Failed: Error: configmap "settings" not found');
    k.sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } });
    await k.sim.run(10_000);
    expect(k.row('cfg')).toEqual(['1/1', 'Running', '0']);
    expect(k.runtime.started.at(-1)!.env).toContainEqual({ name: 'MODE', value: 'fast' });
  });
});
