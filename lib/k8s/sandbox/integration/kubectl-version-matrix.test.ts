/**
 * The core kubectl suite against every kubectl a learner may own (1.27-1.33, beside the
 * dispatcher): get, apply twice, diff, explain, exec, cp, logs -f, port-forward, wait, rollout
 * status and drain, on one `npm run sandbox` cluster at 20x speed. Each version works in its
 * own namespace, so versions run concurrently; drains follow, one at a time. A missing binary
 * fails in CI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { requireKubectl } from './support/kubectl';
import { availableKubectlMinors, kubectlAt, kubectlBinary } from './support/kubectl-versions';

const minors = availableKubectlMinors();
const run = requireKubectl() && minors.length > 0;

const deployment = (ns: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: ${image}, ports: [{containerPort: 80}]}
`;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe.runIf(run)('kubectl version matrix', () => {
  const s = { kubeconfig: '', stop: async () => undefined as void, dataDir: '' };

  beforeAll(async () => {
    s.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-matrix-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 20, dataDir: s.dataDir });
    s.stop = cli.stop;
    s.kubeconfig = cli.kubeconfigPath;
  });
  afterAll(async () => {
    await s.stop();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  });

  describe.concurrent.each(minors)('kubectl 1.%i', (minor) => {
    const ns = `v1-${minor}`;
    const k = (args: string[], input?: string, timeout?: number) => kubectlAt(minor, s.kubeconfig, args, input, timeout);

    it('gets, applies twice, diffs, explains, execs, copies, follows logs, forwards a port, waits and rolls out', async () => {
      expect((await k(['create', 'namespace', ns])).stdout.trim()).toBe(`namespace/${ns} created`);
      expect((await k(['get', 'nodes'])).stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);

      // apply twice: created, then unchanged (the served OpenAPI's merge keys)
      expect((await k(['apply', '-f', '-'], deployment(ns, 'nginx:1.27'))).stdout.trim()).toBe('deployment.apps/web created');
      expect((await k(['apply', '-f', '-'], deployment(ns, 'nginx:1.27'))).stdout.trim()).toBe('deployment.apps/web unchanged');
      const diff = await k(['diff', '-f', '-'], deployment(ns, 'nginx:1.28'));
      expect(diff.code).toBe(1);
      expect(diff.stdout).toMatch(/^\+\s+- image: nginx:1\.28$|^\+\s+image: nginx:1\.28$/m);
      expect((await k(['explain', 'deployment.spec.replicas'])).stdout).toMatch(/FIELD: +replicas <integer>/);

      // rollout status and wait
      const rollout = await k(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s'], undefined, 70_000);
      expect(rollout.stdout).toContain('deployment "web" successfully rolled out');
      const pods = (await k(['get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
      expect((await k(['wait', '--for=condition=Ready', `pod/${pods}`, '-n', ns, '--timeout=30s'])).stdout).toContain('condition met');

      // exec with stdin
      const exec = await k(['exec', '-i', '-n', ns, pods, '--', 'cat'], 'through stdin\n');
      expect(exec.stdout).toBe('through stdin\n');

      // cp both ways
      const local = fs.mkdtempSync(path.join(os.tmpdir(), `kubelab-matrix-cp-${minor}-`));
      try {
        fs.writeFileSync(path.join(local, 'in.txt'), `copied by 1.${minor}\n`);
        await k(['cp', path.join(local, 'in.txt'), `${ns}/${pods}:/tmp/in.txt`]);
        await k(['cp', `${ns}/${pods}:/tmp/in.txt`, path.join(local, 'out.txt')]);
        expect(fs.readFileSync(path.join(local, 'out.txt'), 'utf8')).toBe(`copied by 1.${minor}\n`);
      } finally {
        fs.rmSync(local, { recursive: true, force: true });
      }

      // logs -f of a container that prints and exits
      await k(['run', 'talker', '-n', ns, '--restart=Never', '--image=busybox:1.36', '--', 'sh', '-c', 'echo one; echo two']);
      await k(['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/talker', '-n', ns, '--timeout=30s']);
      expect((await k(['logs', '-f', 'talker', '-n', ns])).stdout).toBe('one\ntwo\n');

      // port-forward to nginx
      const port = await freePort();
      const pf = spawn(kubectlBinary(minor), ['port-forward', '-n', ns, `pod/${pods}`, `${port}:80`], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
      try {
        await new Promise<void>((resolve, reject) => {
          let out = '';
          pf.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('Forwarding from')) resolve();
          });
          pf.on('exit', () => reject(new Error(`port-forward exited: ${out}`)));
        });
        const res = await fetch(`http://127.0.0.1:${port}/`);
        expect(await res.text()).toContain('Welcome to nginx!');
      } finally {
        pf.kill();
      }

    }, 240_000);
  });

  // Drains evict other versions' pods, so they run after the concurrent part, one at a time.
  describe.each(minors)('kubectl 1.%i drain', (minor) => {
    it('drains a worker (evicting through the eviction API) and uncordons it', async () => {
      const k = (args: string[]) => kubectlAt(minor, s.kubeconfig, args, undefined, 70_000);
      const node = `worker-${(minor % 3) + 1}`;
      const drain = await k(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=60s']);
      expect(drain.stdout).toContain(`node/${node} drained`);
      expect((await k(['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('true');
      expect((await k(['uncordon', node])).stdout.trim()).toBe(`node/${node} uncordoned`);
    }, 90_000);
  });
});
