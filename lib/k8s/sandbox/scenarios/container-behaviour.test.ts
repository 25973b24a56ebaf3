/**
 * What the module's exercises rely on, end to end on a product cluster: init containers that
 * wait for a database Service, DNS names of a headless Service's pods, an adapter that
 * follows a shared log file line by line, StatefulSet data that outlives its pod, exit codes
 * and SIGTERM traps reaching the pod's status.
 */
import { describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { printPod } from '../registry/kinds/pod-printer';
import type { KubeObject } from '../types';
import { productSim } from './product-cluster';

type Sim = ReturnType<typeof productSim>;
const statusOf = (sim: Sim, name: string) => String(printPod(sim.get(GR.pods, 'default', name)!, { now: sim.clock.now() }).cells[2]);
const logOf = (sim: Sim, pod: string, container: string) => sim.cluster.logs.read({ namespace: 'default', pod, container }).map((l) => l.text);

async function exec(sim: Sim, pod: string, container: string, command: string[]): Promise<{ out: string; code: number }> {
  const executor = (sim.cluster.api as unknown as { opts: { executor: (req: object, io: object) => unknown } }).opts.executor;
  return new Promise((resolve) => {
    let out = '';
    executor(
      { namespace: 'default', pod: sim.get(GR.pods, 'default', pod)!, container, command, stdin: false, tty: false },
      { stdout: (d: Buffer | string) => (out += d.toString()), stderr: (d: Buffer | string) => (out += d.toString()), exit: (code: number) => resolve({ out, code }) },
    );
    void sim.run(1000);
  });
}

const pod = (name: string, spec: object, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec });

describe('containers on a product cluster', () => {
  it('holds an app in Init until the db Service has a ready endpoint on 5432', async () => {
    const sim = productSim();
    sim.apply(pod('app', {
      initContainers: [{ name: 'wait-for-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nc -z db 5432; do echo waiting for db; sleep 2; done; echo db is up'] }],
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo started; sleep 3600'] }],
    }));
    sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } });
    await sim.run(20_000);
    expect(statusOf(sim, 'app')).toBe('Init:0/1');
    expect(logOf(sim, 'app', 'wait-for-db').slice(0, 2)).toEqual(['waiting for db', 'waiting for db']);
    sim.apply(pod('db', { containers: [{ name: 'postgres', image: 'postgres:16', env: [{ name: 'POSTGRES_PASSWORD', value: 'secret' }], ports: [{ containerPort: 5432 }] }] }, { app: 'db' }));
    await sim.run(30_000);
    expect(statusOf(sim, 'db')).toBe('Running');
    expect(statusOf(sim, 'app')).toBe('Running');
    expect(logOf(sim, 'app', 'wait-for-db').at(-1)).toBe('db is up');
    expect(logOf(sim, 'app', 'app')).toEqual(['started']);
    sim.close();
  });

  it('resolves a StatefulSet pod by its stable DNS name and keeps its data when the pod is deleted', async () => {
    const sim = productSim();
    sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-headless' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    sim.apply({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web-stateful' },
      spec: {
        serviceName: 'web-headless', replicas: 2, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    await sim.run(60_000);
    expect([statusOf(sim, 'web-stateful-0'), statusOf(sim, 'web-stateful-1')]).toEqual(['Running', 'Running']);
    const ip0 = (sim.get(GR.pods, 'default', 'web-stateful-0')!.status as { podIP: string }).podIP;
    const lookup = await exec(sim, 'web-stateful-1', 'web', ['nslookup', 'web-stateful-0.web-headless.default.svc.cluster.local']);
    expect(lookup.out).toContain(`Address: ${ip0}`);
    expect((await exec(sim, 'web-stateful-0', 'web', ['sh', '-c', 'echo "data from pod 0" > /data/pod-data.txt'])).code).toBe(0);
    sim.client.delete(GR.pods, 'default', 'web-stateful-0');
    await sim.run(60_000);
    expect(statusOf(sim, 'web-stateful-0')).toBe('Running');
    expect((await exec(sim, 'web-stateful-0', 'web', ['cat', '/data/pod-data.txt'])).out).toBe('data from pod 0\n');
    sim.close();
  });

  it('streams an adapter\'s output line by line as the app appends to the shared emptyDir', async () => {
    const sim = productSim();
    sim.apply(pod('adapter-demo', {
      volumes: [{ name: 'logs', emptyDir: {} }],
      containers: [
        { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "request $i" >> /var/log/app.log; sleep 5; done'], volumeMounts: [{ name: 'logs', mountPath: '/var/log' }] },
        { name: 'adapter', image: 'busybox:1.36', command: ['sh', '-c', 'tail -f /var/log/app.log | while read line; do echo "{\\"message\\": \\"$line\\"}"; done'], volumeMounts: [{ name: 'logs', mountPath: '/var/log' }] },
      ],
    }));
    await sim.run(12_000);
    const first = logOf(sim, 'adapter-demo', 'adapter');
    await sim.run(10_000);
    const later = logOf(sim, 'adapter-demo', 'adapter');
    expect(later.length).toBeGreaterThan(first.length);
    expect(later.slice(0, 3)).toEqual(['{"message": "request 1"}', '{"message": "request 2"}', '{"message": "request 3"}']);
    sim.close();
  });

  it('reports exit codes and lets a SIGTERM trap run on graceful deletion', async () => {
    const sim = productSim();
    sim.apply(pod('fails', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'alpine:3.20', command: ['sh', '-c', 'echo bye; exit 3'] }] }));
    sim.apply(pod('graceful', { terminationGracePeriodSeconds: 20, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'trap "echo caught TERM; exit 0" TERM; while true; do sleep 1; done'] }] }));
    await sim.run(10_000);
    const term = (sim.get(GR.pods, 'default', 'fails')!.status as { containerStatuses: { state: { terminated: { exitCode: number; reason: string } } }[] }).containerStatuses[0].state.terminated;
    expect(term).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(statusOf(sim, 'fails')).toBe('Error');
    sim.client.delete(GR.pods, 'default', 'graceful');
    await sim.run(3_000);
    expect(sim.get(GR.pods, 'default', 'graceful')).toBeUndefined();
    expect(sim.events().some((e) => e.reason === 'Killing' && e.message === 'Stopping container c')).toBe(true);
    sim.close();
  });

  it('writes container output to the node\'s /var/log/containers, where a hostPath log shipper reads it', async () => {
    const sim = productSim();
    sim.apply(pod('chatty', { nodeName: 'worker-1', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello from app; sleep 3600'] }] }));
    sim.apply(pod('other-node', { nodeName: 'worker-2', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo elsewhere; sleep 3600'] }] }));
    sim.apply(pod('shipper', { nodeName: 'worker-1', volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }], containers: [{ name: 'ship', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }] }] }));
    await sim.run(10_000);
    const r = await exec(sim, 'shipper', 'ship', ['sh', '-c', 'cat /var/log/containers/chatty_default_app-*.log; ls /var/log/containers | grep -c other-node']);
    expect(r.out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stdout F hello from app\n0\n$/);
    sim.close();
  });
});
