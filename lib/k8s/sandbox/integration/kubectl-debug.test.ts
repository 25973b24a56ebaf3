/**
 * kubectl debug against `npm run sandbox` with the real kubectl: an ephemeral container joins a
 * running pod through pods/ephemeralcontainers (a strategic merge patch) and kubectl attaches to
 * it; --target shares the target container's process namespace; node/<name> runs a pod in the
 * node's namespaces with its root at /host; --copy-to makes a copy of the pod. kubectl 1.27-1.29
 * attach over SPDY/3.1, 1.30+ over WebSocket.
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
  name: web
  labels: {app: debug}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo serving; sleep 3600"]
`;

/** kubectl debug with stdin: feeds `lines` once kubectl says it attached, then waits for it to end (bounded). */
function debugInteractive(kubeconfig: string, args: string[], lines: string[], binary = KUBECTL): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['debug', ...args], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    let out = '';
    let err = '';
    let fed = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl debug did not finish; stdout ${JSON.stringify(out)} stderr ${JSON.stringify(err)}`));
    }, 20_000);
    const feed = () => {
      if (fed || !/If you don't see a command prompt/.test(err)) return;
      fed = true;
      for (const l of lines) child.stdin.write(`${l}\n`);
      child.stdin.write('exit\n');
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      feed();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, err, code });
    });
  });
}

describe.runIf(run)('kubectl debug', () => {
  let stop: () => Promise<void>;
  let kubeconfig: string;
  let dataDir: string;
  const k = (args: string[], input?: string) => kubectl(kubeconfig, args, input);
  const podJson = async (name: string) => JSON.parse((await k(['get', 'pod', name, '-o', 'json'])).stdout);
  /** Polls `kubectl logs` until want matches (bounded): an ephemeral container's output arrives as it runs. */
  const logsUntil = async (args: string[], want: RegExp) => {
    let last = '';
    for (let i = 0; i < 40; i++) {
      last = (await k(['logs', ...args])).stdout;
      if (want.test(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    return last;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-debug-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 2, timeScale: 1, dataDir });
    stop = cli.stop;
    kubeconfig = cli.kubeconfigPath;
    expect((await k(['apply', '-f', '-'], pods)).code).toBe(0);
    expect((await k(['wait', '--for=condition=ready', 'pod/web', '--timeout=30s'])).code).toBe(0);
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('debug -i --target: the ephemeral container sees the target container processes, and its status is in the pod', async () => {
    const r = await debugInteractive(kubeconfig, ['-i', 'web', '--image=busybox:1.36', '--target=app', '-c', 'shell'], ['ps', 'echo answered-$((6*7))']);
    expect(r.out, JSON.stringify(r)).toContain('answered-42');
    // ps in a shared PID namespace: the target's main process is PID 1.
    expect(r.out).toMatch(/^\s+1 root\s.*sh -c echo serving; sleep 3600$/m);
    expect(r.out).toMatch(/sleep 3600/);
    expect(r.out + r.err).toContain('Targeting container "app"');
    const pod = await podJson('web');
    expect(pod.spec.ephemeralContainers).toEqual([expect.objectContaining({ name: 'shell', image: 'busybox:1.36', targetContainerName: 'app', stdin: true, terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' })]);
    const status = pod.status.ephemeralContainerStatuses.find((s: { name: string }) => s.name === 'shell');
    expect(status).toMatchObject({ name: 'shell', ready: false, restartCount: 0, image: 'docker.io/library/busybox:1.36' });
    expect(status.state.terminated ?? status.state.running).toBeDefined();
    // The pod itself is untouched: still 1/1 Running, no restart.
    expect(pod.status.containerStatuses).toEqual([expect.objectContaining({ name: 'app', ready: true, restartCount: 0 })]);
  });

  it('debug with a command: the ephemeral container output is in kubectl logs -c', async () => {
    const r = await k(['debug', 'web', '--image=busybox:1.36', '-c', 'oneshot', '--', 'sh', '-c', 'echo from-ephemeral; hostname']);
    expect(r.code, r.stderr).toBe(0);
    expect(await logsUntil(['web', '-c', 'oneshot'], /web/)).toBe('from-ephemeral\nweb\n');
  });

  it('refuses a target that does not exist and a name already taken, with the API server messages', async () => {
    const target = await k(['debug', 'web', '--image=busybox:1.36', '--target=nope', '-c', 'dbg2']);
    expect(target.code).not.toBe(0);
    expect(target.stderr).toContain('The Pod "web" is invalid: spec.ephemeralContainers[2].targetContainerName: Not found: "nope"');
    const taken = await k(['debug', 'web', '--image=busybox:1.36', '-c', 'app']);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('Duplicate value: "app"');
  });

  it('kubectl patch --subresource=ephemeralcontainers: a JSON patch adds one, and changing an existing one is refused', async () => {
    const add = await k(['patch', 'pod', 'web', '--subresource=ephemeralcontainers', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'viajson', image: 'busybox:1.36', command: ['sh', '-c', 'echo via-json'] } }])]);
    expect(add.code, add.stderr).toBe(0);
    expect(await logsUntil(['web', '-c', 'viajson'], /via-json/)).toBe('via-json\n');
    const change = await k(['patch', 'pod', 'web', '--subresource=ephemeralcontainers', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'alpine:3.20' }])]);
    expect(change.code).not.toBe(0);
    expect(change.stderr).toContain('spec.ephemeralContainers: Forbidden: existing ephemeral containers "shell" may not be changed');
    expect(change.stderr).toContain('image: "busybox:1.36" -> "alpine:3.20"');
    // The main resource refuses ephemeral containers outright: they only come through the subresource.
    const main = await k(['patch', 'pod', 'web', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'sneaky', image: 'busybox:1.36' } }])]);
    expect(main.code).not.toBe(0);
    expect(main.stderr).toContain('pod updates may not change fields');
  });

  it('debug node/<name>: a pod on that node in its namespaces, the node root at /host', async () => {
    const r = await k(['debug', 'node/worker-1', '--image=busybox:1.36', '--', 'sh', '-c', 'ls /host/var/log; hostname']);
    expect(r.code, r.stderr).toBe(0);
    const name = /Creating debugging pod (\S+) with container debugger on node worker-1/.exec(r.stdout + r.stderr)?.[1];
    expect(name, r.stdout + r.stderr).toBeDefined();
    expect(r.stderr).not.toContain('unknown field');
    expect(await logsUntil([name!], /worker-1/)).toMatch(/^containers\nsyslog\nworker-1\n$/);
    const pod = await podJson(name!);
    expect(pod.spec).toMatchObject({ nodeName: 'worker-1', hostPID: true, hostNetwork: true, hostIPC: true, restartPolicy: 'Never' });
    expect(pod.spec.volumes).toContainEqual({ name: 'host-root', hostPath: { path: '/', type: '' } });
  });

  it('debug --copy-to --share-processes: a copy of the pod whose containers share one process namespace', async () => {
    const r = await k(['debug', 'web', '--image=busybox:1.36', '--copy-to=web-copy', '--share-processes', '-c', 'dbg', '--', 'sh', '-c', 'ps; sleep 3600']);
    expect(r.code, r.stderr).toBe(0);
    const logs = await logsUntil(['web-copy', '-c', 'dbg'], /ps$/m);
    expect(logs).toMatch(/^\s+1 root\s.*\/pause$/m);
    expect(logs).toMatch(/sh -c echo serving; sleep 3600$/m);
    const copy = await podJson('web-copy');
    expect(copy.spec.shareProcessNamespace).toBe(true);
    expect(copy.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app', 'dbg']);
    expect(copy.spec.ephemeralContainers).toBeUndefined();
  });

  it.each(['general', 'baseline', 'restricted', 'netadmin', 'sysadmin'])('--profile=%s: the profile\'s securityContext is accepted and the container runs', async (profile) => {
    const r = await k(['debug', 'web', '--image=busybox:1.36', `--profile=${profile}`, '-c', `p-${profile}`, '--', 'echo', `ran-${profile}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(await logsUntil(['web', '-c', `p-${profile}`], /ran-/)).toBe(`ran-${profile}\n`);
  });

  it.each(availableKubectlMinors())('kubectl 1.%i adds an ephemeral container and attaches to it', async (minor) => {
    const r = await debugInteractive(kubeconfig, ['-i', 'web', '--image=busybox:1.36', '--target=app', '-c', `v1-${minor}`], ['echo version-ok'], kubectlBinary(minor));
    expect(r.out, JSON.stringify(r)).toContain('version-ok');
  });
});
