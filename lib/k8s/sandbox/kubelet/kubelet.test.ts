import { afterEach, describe, expect, it } from 'vitest';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

describe('Kubelet: a pod from Pending to Running', () => {
  it('pulls the image, creates and starts the container, and reports Running with the upstream status fields', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    await k.sim.run(0);
    expect(k.row('web')).toEqual(['0/1', 'ContainerCreating', '0']);
    await k.sim.run(5_000);
    expect(k.row('web')).toEqual(['1/1', 'Running', '0']);
    const s = k.status('web');
    const cond = (type: string, status: string, at: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: at });
    expect(s.conditions).toEqual([
      cond('PodReadyToStartContainers', 'True', '2025-01-01T00:00:00Z'),
      cond('Initialized', 'True', '2025-01-01T00:00:00Z'),
      cond('Ready', 'True', '2025-01-01T00:00:04Z'),
      cond('ContainersReady', 'True', '2025-01-01T00:00:04Z'),
      cond('PodScheduled', 'True', '2025-01-01T00:00:00Z'),
    ]);
    expect(s).toMatchObject({ phase: 'Running', qosClass: 'BestEffort', hostIP: '172.18.0.3', hostIPs: [{ ip: '172.18.0.3' }], podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }], startTime: '2025-01-01T00:00:00Z' });
    const cs = s.containerStatuses![0];
    expect(cs).toMatchObject({
      name: 'nginx', state: { running: { startedAt: '2025-01-01T00:00:04Z' } }, lastState: {}, ready: true, restartCount: 0, started: true,
      image: 'docker.io/library/nginx:1.27', imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/), containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
    });
    expect(cs.volumeMounts).toEqual([{ name: expect.stringMatching(/^kube-api-access-/), mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }]);
    expect(k.sim.events(k.pod('web')).map((e) => [e.type, e.reason, e.message, e.source])).toEqual([
      ['Normal', 'Pulling', 'Pulling image "nginx:1.27"', 'kubelet'],
      ['Normal', 'Pulled', 'Successfully pulled image "nginx:1.27" in 4.5s (4.5s including waiting). Image size: 72099501 bytes.', 'kubelet'],
      ['Normal', 'Created', 'Created container nginx', 'kubelet'],
      ['Normal', 'Started', 'Started container nginx', 'kubelet'],
    ]);
  });

  it('writes the status only when it changed', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('quiet', { containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(5_000);
    const rv = k.pod('quiet').metadata.resourceVersion;
    await k.sim.run(10 * 60_000);
    expect(k.pod('quiet').metadata.resourceVersion).toBe(rv);
  });

  it('ignores pods bound to other nodes and pods without a node', async () => {
    k = kubeletSim();
    k.sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unbound' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    await k.sim.run(5_000);
    expect(k.status('unbound').containerStatuses).toBeUndefined();
    expect(k.runtime.started).toHaveLength(0);
  });
});
