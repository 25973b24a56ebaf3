/**
 * kubectl attach against `npm run sandbox` with the real kubectl (WebSocket, v5.channel.k8s.io):
 * it streams what the container's main process writes from now on, and with -i forwards the
 * learner's stdin to a main process that reads it (spec.stdin true). Detaching leaves the
 * container running.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { KUBECTL, kubectl, requireKubectl } from './support/kubectl';
import { availableKubectlMinors, kubectlBinary } from './support/kubectl-versions';

const run = requireKubectl();

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: ticker
  labels: {app: attach}
spec:
  containers:
  - name: tick
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; echo warn $i >&2; sleep 1; done"]
---
apiVersion: v1
kind: Pod
metadata:
  name: reader
  labels: {app: attach}
spec:
  containers:
  - name: read
    image: busybox:1.36
    stdin: true
    command: ["sh", "-c", "while read line; do echo got: $line; done; echo stdin closed"]
`;

/** Runs kubectl attach, feeding `input` lines once it has printed `ready`, until `done` holds on its output (bounded). */
function attach(kubeconfig: string, args: string[], done: (out: string) => boolean, input?: { after: RegExp; lines: string[] }, binary = KUBECTL): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['attach', ...args], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    let out = '';
    let err = '';
    let fed = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl attach did not finish; stdout ${JSON.stringify(out)} stderr ${JSON.stringify(err)}`));
    }, 15_000);
    const check = () => {
      if (input && !fed && input.after.test(out + err)) {
        fed = true;
        for (const l of input.lines) child.stdin.write(`${l}\n`);
      }
      if (done(out)) child.kill();
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      check();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, err, code });
    });
  });
}

describe.runIf(run)('kubectl attach', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-attach-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 2, timeScale: 1, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
    expect((await k(['apply', '-f', '-'], pods)).code).toBe(0);
    expect((await k(['wait', '--for=condition=ready', 'pod', '-l', 'app=attach', '--timeout=30s'])).code).toBe(0);
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams the main process stdout and stderr live, and detaching leaves the container running', async () => {
    const r = await attach(kubeconfig, ['ticker'], (out) => (out.match(/tick \d+/g) ?? []).length >= 2);
    const ticks = (r.out.match(/tick (\d+)/g) ?? []).map((t) => Number(t.split(' ')[1]));
    expect(ticks.length, JSON.stringify(r)).toBeGreaterThanOrEqual(2);
    // Live: consecutive lines as they are written, not the log from the start.
    expect(ticks[1]).toBe(ticks[0] + 1);
    expect(r.err).toMatch(/warn \d+/);
    const pod = JSON.parse((await k(['get', 'pod', 'ticker', '-o', 'json'])).stdout);
    expect(pod.status.containerStatuses[0].state.running).toBeDefined();
    expect(pod.status.containerStatuses[0].restartCount).toBe(0);
  });

  it('forwards stdin with -i to a main process that reads it and shows what it answers', async () => {
    const r = await attach(kubeconfig, ['-i', 'reader'], (out) => out.includes('got: world'), { after: /./, lines: ['hello', 'world'] });
    expect(r.out, JSON.stringify(r)).toContain('got: hello\n');
    expect(r.out).toContain('got: world\n');
  });

  it.each(availableKubectlMinors([28]))('kubectl 1.%i attaches with -i over SPDY/3.1', async (minor) => {
    const r = await attach(kubeconfig, ['-i', 'reader'], (out) => out.includes('got: spdy'), { after: /./, lines: ['spdy'] }, kubectlBinary(minor));
    expect(r.out, JSON.stringify(r)).toContain('got: spdy\n');
  });

  it('refuses to attach to a pod that does not exist', async () => {
    const r = await k(['attach', 'nobody']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pods "nobody" not found');
  });
});
