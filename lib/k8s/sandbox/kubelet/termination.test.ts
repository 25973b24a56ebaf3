import { afterEach, describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

const app = (name: string, extra: object = {}) => podOn(name, { containers: [{ name: 'app', image: 'busybox:1.36', ...extra }] });

describe('Kubelet: termination', () => {
  it('stops a deleted pod gracefully: Terminating, SIGKILL after 30s for a container ignoring SIGTERM, then removes the pod', async () => {
    k = kubeletSim({ script: () => ({ onSigterm: 'ignore' }) });
    const created = k.sim.apply(app('stubborn'));
    await k.sim.run(2_000);
    const seen = k.watchStatus('stubborn');
    k.sim.client.delete(GR.pods, 'default', 'stubborn');
    await k.sim.run(0);
    expect(k.row('stubborn')).toEqual(['1/1', 'Terminating', '0']);
    expect(k.events('stubborn')).toContain('Normal Killing: Stopping container app');
    await k.sim.run(29_000);
    expect(k.sim.get(GR.pods, 'default', 'stubborn')).toBeDefined();
    await k.sim.run(1_000);
    expect(k.sim.get(GR.pods, 'default', 'stubborn')).toBeUndefined();
    expect(k.runtime.removedPods).toEqual([created.metadata.uid]);
    // The SIGKILLed container's final state (137, phase Failed) is written before the delete with grace 0.
    expect(seen).toEqual(['Terminating', 'Error']);
  });

  it('writes the final container state before removing the pod', async () => {
    k = kubeletSim({ script: () => ({ onSigterm: { exitAfterMs: 3_000, exitCode: 0 } }) });
    k.sim.apply({ ...app('fin'), metadata: { name: 'fin', namespace: 'default', finalizers: ['example.com/hold'] } });
    await k.sim.run(2_000);
    k.sim.client.delete(GR.pods, 'default', 'fin');
    await k.sim.run(5_000);
    const s = k.status('fin');
    expect(s.phase).toBe('Succeeded');
    expect(s.containerStatuses![0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: '2025-01-01T00:00:05Z' });
  });

  it('runs the preStop hook before SIGTERM, inside the grace period', async () => {
    const execs: string[][] = [];
    k = kubeletSim({ script: () => ({ exec: (cmd) => (execs.push(cmd), { exitCode: 0 }) }) });
    k.sim.apply(app('hooked', { lifecycle: { preStop: { exec: { command: ['nginx', '-s', 'quit'] } } } }));
    await k.sim.run(2_000);
    k.sim.client.delete(GR.pods, 'default', 'hooked');
    await k.sim.run(1_000);
    expect(execs).toEqual([['nginx', '-s', 'quit']]);
    expect(k.sim.get(GR.pods, 'default', 'hooked')).toBeUndefined();
  });

  it('reports a failing postStart hook and kills the container', async () => {
    k = kubeletSim({ script: () => ({ exec: () => ({ stderr: 'boom', exitCode: 1 }) }) });
    const pod = k.sim.apply(app('ps', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } } }));
    await k.sim.run(2_000);
    expect(k.events('ps')).toEqual(expect.arrayContaining([
      `Warning FailedPostStartHook: Exec lifecycle hook ([sh -c exit 1]) for Container "app" in Pod "ps_default(${pod.metadata.uid})" failed - error: command 'sh -c exit 1' exited with 1: boom, message: "boom"`,
      'Normal Killing: FailedPostStartHook',
    ]));
  });

  it('fails a pod past activeDeadlineSeconds with reason DeadlineExceeded and stops its containers', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('dl', { activeDeadlineSeconds: 30, containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    await k.sim.run(29_000);
    expect(k.status('dl').phase).toBe('Running');
    await k.sim.run(2_000);
    const s = k.status('dl');
    expect(s).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    // printPod starts from status.reason, but a terminated container's reason wins over it.
    expect(k.row('dl')).toEqual(['0/1', 'Error', '0']);
    expect(k.events('dl')).toEqual(expect.arrayContaining(['Normal DeadlineExceeded: Pod was active on the node longer than the specified deadline', 'Normal Killing: Stopping container app']));
    expect(s.containerStatuses![0].state.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
  });

  it('gives each pod its own IP from the node podCIDR and frees it when the pod is deleted', async () => {
    k = kubeletSim();
    k.sim.apply(app('a'));
    k.sim.apply(app('b'));
    k.sim.apply(podOn('c', { containers: [{ name: 'app', image: 'busybox:1.36' }] }, 'worker-2'));
    await k.sim.run(2_000);
    expect([k.status('a').podIP, k.status('b').podIP, k.status('c').podIP]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.2.2']);
    expect(k.status('c')).toMatchObject({ hostIP: '172.18.0.4', hostIPs: [{ ip: '172.18.0.4' }], podIPs: [{ ip: '10.244.2.2' }] });
    k.sim.client.delete(GR.pods, 'default', 'a');
    await k.sim.run(3_000);
    expect(k.sim.get(GR.pods, 'default', 'a')).toBeUndefined();
    k.sim.apply(app('d'));
    await k.sim.run(0);
    expect(k.status('d').podIP).toBe('10.244.1.4');
  });

  it('stops syncing while unreachable (containers keep running) and catches up when reachable again', async () => {
    k = kubeletSim({ script: () => ({}) });
    k.sim.apply(app('u'));
    await k.sim.run(2_000);
    k.kubelets.setReachable('worker-1', false);
    k.sim.client.delete(GR.pods, 'default', 'u');
    await k.sim.run(60_000);
    expect(k.row('u')).toEqual(['1/1', 'Terminating', '0']);
    k.kubelets.setReachable('worker-1', true);
    await k.sim.run(1_000);
    expect(k.sim.get(GR.pods, 'default', 'u')).toBeUndefined();
  });
});

describe('Kubelet: logs and exec', () => {
  it('appends container output to the log store on the cluster clock and keeps the previous run for --previous', async () => {
    k = kubeletSim({ script: (_c, run) => ({ output: [{ atMs: 1_000, text: `run ${run}` }], exitAfterMs: 2_000, exitCode: 1 }) });
    k.sim.apply(app('logs'));
    await k.sim.run(1_200 + 2_000 + 1_500);
    const key = { namespace: 'default', pod: 'logs', container: 'app' };
    expect(k.sim.cluster.logs.read(key)).toEqual([{ time: Date.UTC(2025, 0, 1) + 4_200, text: 'run 1' }]);
    expect(k.sim.cluster.logs.read({ ...key, previous: true })).toEqual([{ time: Date.UTC(2025, 0, 1) + 2_200, text: 'run 0' }]);
  });

  it('runs kubectl exec in the pod’s running container through the executor', async () => {
    k = kubeletSim({ script: () => ({ exec: (cmd) => ({ stdout: `ran ${cmd.join(' ')}\n`, exitCode: 0 }) }) });
    k.sim.apply(app('ex'));
    await k.sim.run(2_000);
    let out = '';
    const code = await new Promise<number>((resolve) => {
      k.kubelets.executor()({ namespace: 'default', pod: k.pod('ex'), container: 'app', command: ['ls', '/'], stdin: false, tty: false }, {
        stdout: (d) => (out += String(d)), stderr: () => undefined, exit: resolve,
      });
    });
    expect([code, out]).toEqual([0, 'ran ls /\n']);
  });
});
