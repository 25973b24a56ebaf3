/**
 * The real kubectl against the real `npm run sandbox` entry point (every controller, the
 * scheduler, the kubelets and the container runtime), with the clock 20× faster than wall
 * time: the module's everyday commands show what a real cluster would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { kubectl, requireKubectl } from './support/kubectl';

const run = requireKubectl();

describe.runIf(run)('kubectl against npm run sandbox: workloads that really run', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-sandbox-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 20, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rolls out a DaemonSet to every worker and reports it like kubectl rollout status does', async () => {
    const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-collector
spec:
  selector:
    matchLabels: { app: log-collector }
  template:
    metadata:
      labels: { app: log-collector }
    spec:
      containers:
      - name: fluentd
        image: fluentd:v1.14-1
        volumeMounts: [{ name: varlog, mountPath: /var/log }]
      volumes: [{ name: varlog, hostPath: { path: /var/log } }]
`;
    expect((await k(['apply', '-f', '-'], ds)).stdout).toBe('daemonset.apps/log-collector created\n');
    const status = await k(['rollout', 'status', 'ds/log-collector', '--timeout=60s']);
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n').at(-1)).toBe('daemon set "log-collector" successfully rolled out');
    const wide = await k(['get', 'pods', '-l', 'app=log-collector', '-o', 'wide', '--no-headers']);
    const nodes = wide.stdout.trim().split('\n').map((l) => l.split(/\s+/)[6]).sort();
    expect(nodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(wide.stdout).toMatch(/^log-collector-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+/m);
    const get = await k(['get', 'ds', 'log-collector']);
    expect(get.stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\nlog-collector\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\S+\n$/);
  });

  it('runs a Job whose log kubectl follows to the end, and waits for it to complete', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: counter
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: counter
        image: busybox:1.36
        command: ["sh", "-c", "for i in $(seq 1 5); do echo \\"Processing item $i\\"; sleep 2; done"]
`;
    await k(['apply', '-f', '-'], job);
    await k(['wait', '--for=condition=ready', 'pod', '-l', 'job-name=counter', '--timeout=30s']);
    const follow = await k(['logs', '-f', 'job/counter']);
    expect(follow.stdout).toBe(['Processing item 1', 'Processing item 2', 'Processing item 3', 'Processing item 4', 'Processing item 5', ''].join('\n'));
    const wait = await k(['wait', '--for=condition=complete', 'job/counter', '--timeout=30s']);
    expect(wait.stdout).toBe('job.batch/counter condition met\n');
    const get = await k(['get', 'job', 'counter', '--no-headers']);
    expect(get.stdout).toMatch(/^counter\s+Complete\s+1\/1\s+\d+s\s+\S+\n$/);
  });

  it('execs a command and a shell fed on stdin inside a running container', async () => {
    await k(['run', 'toolbox', '--image=busybox:1.36', '--restart=Never', '--', 'sh', '-c', 'echo ready > /tmp/state; sleep 3600']);
    await k(['wait', '--for=condition=ready', 'pod/toolbox', '--timeout=30s']);
    const cat = await k(['exec', 'toolbox', '--', 'cat', '/tmp/state']);
    expect(cat).toMatchObject({ code: 0, stdout: 'ready\n' });
    const shell = await k(['exec', '-i', 'toolbox', '--', 'sh'], 'echo "hostname is $(hostname)"\nexit 4\n');
    expect(shell.stdout).toBe('hostname is toolbox\n');
    expect(shell.code).toBe(4);
    const describe = await k(['describe', 'pod', 'toolbox']);
    expect(describe.stdout).toMatch(/Successfully assigned default\/toolbox to worker-\d/);
    expect(describe.stdout).toMatch(/Started container toolbox/);
  });

  it('shows a controller\'s writes in managedFields and refuses an apply over the fields it owns', async () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: owned
spec:
  replicas: 2
  selector:
    matchLabels: {app: owned}
  template:
    metadata:
      labels: {app: owned}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
    expect((await k(['apply', '--server-side', '--validate=false', '-f', '-'], deployment)).code).toBe(0);
    // The controllers' managedFields are computed when the object is first read: this read.
    type Entry = { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> };
    let rs: { metadata: { name: string; managedFields: Entry[] } } | undefined;
    for (let i = 0; i < 100 && !rs; i++) {
      const items = JSON.parse((await k(['get', 'rs', '-l', 'app=owned', '-o', 'json', '--show-managed-fields'])).stdout).items;
      if (items.length) rs = items[0];
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(rs).toBeDefined();
    const creator = rs!.metadata.managedFields.find((e) => e.manager === 'kube-controller-manager' && !e.subresource);
    expect(creator).toMatchObject({ operation: 'Update' });
    expect(creator!.fieldsV1).toMatchObject({ 'f:spec': { 'f:replicas': {} } });
    let deploy: { metadata: { managedFields: Entry[] } } | undefined;
    for (let i = 0; i < 100; i++) {
      deploy = JSON.parse((await k(['get', 'deploy', 'owned', '-o', 'json', '--show-managed-fields'])).stdout);
      if (deploy!.metadata.managedFields.some((e) => e.manager === 'kube-controller-manager' && e.subresource === 'status')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // As on a real cluster: the revision annotation is the controller's, and so is status.
    expect(deploy!.metadata.managedFields.map((e) => [e.manager, e.operation, e.subresource ?? ''])).toEqual([
      ['kubectl', 'Apply', ''],
      ['kube-controller-manager', 'Update', ''],
      ['kube-controller-manager', 'Update', 'status'],
    ]);
    expect(deploy!.metadata.managedFields[1].fieldsV1).toMatchObject({ 'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } } });
    const takeOver = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${rs!.metadata.name}
spec:
  replicas: 5
`;
    const r = await k(['apply', '--server-side', '--validate=false', '--field-manager=learner', '-f', '-'], takeOver);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('conflict with "kube-controller-manager" using apps/v1: .spec.replicas');
  });
});
