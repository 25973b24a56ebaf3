/**
 * kubectl drain against PodDisruptionBudgets, on `npm run sandbox` (every controller, the disruption
 * controller included): the budget's status is filled in as upstream computes it, eviction answers
 * 429 while the budget allows no disruption, drain keeps retrying and says so, and finishes once
 * the budget is relaxed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { KUBECTL, kubectl, requireKubectl } from './support/kubectl';

const run = requireKubectl();

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      nodeSelector:
        kubernetes.io/hostname: worker-1
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: web}
`;

describe.runIf(run)('kubectl drain with a PodDisruptionBudget', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-drain-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 20, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('fills in the budget\'s status: no disruption allowed when minAvailable equals the replicas', async () => {
    expect((await k(['apply', '-f', '-'], manifests)).stderr).toBe('');
    expect((await k(['rollout', 'status', 'deployment/web', '--timeout=60s'])).code).toBe(0);
    const got = await k(['wait', '--for=jsonpath={.status.currentHealthy}=2', 'pdb/web', '--timeout=30s']);
    expect(got.code).toBe(0);
    const status = JSON.parse((await k(['get', 'pdb', 'web', '-o', 'jsonpath={.status}'])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 2, observedGeneration: 1 });
    expect(status.conditions).toMatchObject([{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }]);
    const table = await k(['get', 'pdb', 'web']);
    expect(table.stdout).toMatch(/web\s+2\s+N\/A\s+0\s+/);
  });

  it('keeps retrying the drain while the budget forbids it, and finishes once the budget is relaxed', async () => {
    const drain = spawn(KUBECTL, ['drain', 'worker-1', '--ignore-daemonsets'], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    let out = '';
    drain.stdout.on('data', (d: Buffer) => (out += d.toString()));
    drain.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number>((resolve) => drain.once('exit', (code) => resolve(code ?? -1)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes("Cannot evict pod as it would violate the pod's disruption budget.")) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
        void exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`drain exited (${code}) before it was refused: ${out}`));
        });
      });
      expect(out).toMatch(/error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
      expect((await k(['get', 'pods', '-l', 'app=web', '--no-headers'])).stdout.trim().split('\n')).toHaveLength(2);
      expect((await k(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":0}}'])).code).toBe(0);
      expect(await exited).toBe(0);
      expect(out).toContain('node/worker-1 drained');
    } finally {
      drain.kill();
    }
  }, 60_000);
});
