/**
 * kubectl top against `npm run sandbox`: metrics.k8s.io reports what the containers really did,
 * a busy loop near one core (bounded by its limit), an idle sleeper near none, and memory from
 * processes and files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { kubectl, parseTable, requireKubectl } from './support/kubectl';

const run = requireKubectl();

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: busy
  labels: {app: top}
spec:
  nodeName: worker-1
  containers:
  - name: loop
    image: busybox:1.36
    command: ["sh", "-c", "while true; do :; done"]
    resources:
      limits: {cpu: 250m}
---
apiVersion: v1
kind: Pod
metadata:
  name: idle
  labels: {app: top}
spec:
  nodeName: worker-2
  containers:
  - name: sleeper
    image: busybox:1.36
    command: ["sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=3; sleep 3600"]
`;

const millicores = (cell: string) => Number(cell.replace(/m$/, ''));
const mebibytes = (cell: string) => Number(cell.replace(/Mi$/, ''));

describe.runIf(run)('kubectl top', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-top-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 1, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
    expect((await k(['apply', '-f', '-'], pods)).code).toBe(0);
    expect((await k(['wait', '--for=condition=ready', 'pod', '-l', 'app=top', '--timeout=30s'])).code).toBe(0);
    // Let the loop run and the filler write before the first scrape.
    await new Promise((r) => setTimeout(r, 2500));
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows each pod CPU from the steps it ran and its memory from processes and files', async () => {
    const r = await k(['top', 'pods']);
    expect(r.stderr).toBe('');
    const t = parseTable(r.stdout);
    expect(t.headers).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const row = (name: string) => t.rows.find((x) => x[0] === name)!;
    expect(millicores(row('busy')[1])).toBeGreaterThan(20);
    expect(millicores(row('busy')[1])).toBeLessThanOrEqual(250);
    expect(millicores(row('idle')[1])).toBeLessThan(20);
    expect(mebibytes(row('idle')[2])).toBeGreaterThanOrEqual(3);
  });

  it('sums the pods of a node in kubectl top nodes', async () => {
    const r = await k(['top', 'nodes']);
    expect(r.stderr).toBe('');
    const t = parseTable(r.stdout);
    expect(t.headers).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    const worker1 = t.rows.find((x) => x[0] === 'worker-1')!;
    expect(millicores(worker1[1])).toBeGreaterThan(20);
    const worker3 = t.rows.find((x) => x[0] === 'worker-3')!;
    expect(worker3[1]).toBe('0m');
  });

  it('lists metrics.k8s.io in discovery', async () => {
    expect((await k(['api-versions'])).stdout).toContain('metrics.k8s.io/v1beta1\n');
  });
});
