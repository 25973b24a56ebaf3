/**
 * OOMKill against `npm run sandbox` with the real kubectl: a container whose memory (about 1 MiB
 * per live process plus the files it holds, memory-backed emptyDirs included) passes its
 * resources.limits.memory is killed as the kernel's OOM killer would, and the kubelet reports it
 * as upstream does: lastState.terminated reason OOMKilled, exit code 137, no message, restarts
 * with back-off, `kubectl get pod` showing OOMKilled then CrashLoopBackOff.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli';
import { KUBECTL, kubectl, parseTable, requireKubectl } from './support/kubectl';

const run = requireKubectl();

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: filler
  labels: {app: oom}
spec:
  containers:
  - name: fill
    image: busybox:1.36
    command: ["sh", "-c", "echo start; dd if=/dev/zero of=/cache/fill bs=1M count=16; sleep 3600"]
    resources:
      limits: {memory: 8Mi}
    volumeMounts:
    - {name: cache, mountPath: /cache}
  volumes:
  - name: cache
    emptyDir: {medium: Memory}
---
apiVersion: v1
kind: Pod
metadata:
  name: forker
  labels: {app: oom}
spec:
  restartPolicy: Never
  containers:
  - name: fork
    image: busybox:1.36
    command: ["sh", "-c", "for i in 1 2 3 4 5 6 7 8; do sleep 3600 & done; wait"]
    resources:
      limits: {memory: 4Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: within
  labels: {app: oom}
spec:
  containers:
  - name: fit
    image: busybox:1.36
    command: ["sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=2; sleep 3600"]
    resources:
      limits: {memory: 8Mi}
`;

interface TerminatedState {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
}

/** The STATUS column of each row `kubectl get pods -l SELECTOR --watch` prints, until `done` holds (bounded). */
function watchStatuses(kubeconfig: string, selector: string, done: (seen: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, ['get', 'pods', '-l', selector, '--watch', '--no-headers'], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    const seen: string[] = [];
    let buf = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl get --watch saw only: ${seen.join(', ')}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        seen.push(line.trim().split(/\s+/)[2] ?? '');
        if (done(seen)) {
          clearTimeout(timer);
          child.kill();
          resolve(seen);
        }
      }
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(run)('kubectl and a container past its memory limit', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);
  const status = async (pod: string) => JSON.parse((await k(['get', 'pod', pod, '-o', 'json'])).stdout).status;
  const row = async (pod: string) => parseTable((await k(['get', 'pod', pod])).stdout).rows[0];

  /** Polls kubectl until `until` holds (bounded): the kill and the back-off run on the cluster clock. */
  async function poll<T>(read: () => Promise<T>, until: (v: T) => boolean, what: string): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 50; i++) {
      last = await read();
      if (until(last)) return last;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(last)}`);
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-oom-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 2, timeScale: 10, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
    expect((await k(['apply', '-f', '-'], pods)).code).toBe(0);
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports a container that fills a memory-backed emptyDir past its limit as OOMKilled with exit code 137 and no message, then restarts it', async () => {
    const s = await poll(() => status('filler'), (x) => (x.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'a restart of filler');
    const last: TerminatedState = s.containerStatuses[0].lastState.terminated;
    expect(last.reason).toBe('OOMKilled');
    expect(last.exitCode).toBe(137);
    expect(last.message).toBeUndefined();
    expect(last.signal).toBeUndefined();
  });

  it('shows OOMKilled and then CrashLoopBackOff in the STATUS column of kubectl get pod --watch', async () => {
    // A fresh pod, so the watch sees its first kill; the OOMKilled row lasts only until the
    // kubelet's next sync puts the container in back-off, as on a real node.
    const watched = watchStatuses(kubeconfig, 'app=oom-watched', (seen) => seen.includes('CrashLoopBackOff'));
    await sleep(500);
    expect((await k(['apply', '-f', '-'], pods.split('---')[0].replace('name: filler', 'name: filler-watched').replace('app: oom', 'app: oom-watched'))).code).toBe(0);
    const statuses = await watched;
    const oom = statuses.indexOf('OOMKilled');
    expect(oom, statuses.join(', ')).toBeGreaterThanOrEqual(0);
    expect(statuses.indexOf('CrashLoopBackOff', oom)).toBeGreaterThan(oom);
  });

  it('kills a container whose processes alone pass the limit and, with restartPolicy Never, leaves the pod Failed with OOMKilled', async () => {
    const s = await poll(() => status('forker'), (x) => x.phase === 'Failed', 'forker to fail');
    const t: TerminatedState = s.containerStatuses[0].state.terminated;
    expect(t.reason).toBe('OOMKilled');
    expect(t.exitCode).toBe(137);
    expect(s.containerStatuses[0].restartCount).toBe(0);
    expect((await row('forker'))[2]).toBe('OOMKilled');
    // The OOM killer writes nothing to the container's log.
    expect((await k(['logs', 'forker'])).stdout).toBe('');
  });

  it('leaves a container that stays within its limit running without restarts', async () => {
    const s = await poll(() => status('within'), (x) => x.containerStatuses?.[0]?.ready === true, 'within to be ready');
    await sleep(1000);
    const again = await status('within');
    expect(again.containerStatuses[0].restartCount).toBe(0);
    expect(s.containerStatuses[0].state.running).toBeDefined();
  });
});
