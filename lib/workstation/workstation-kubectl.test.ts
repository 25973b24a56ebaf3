import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../k8s/sandbox/integration/support/test-server';
import { sandboxParts } from '../k8s/sandbox/parts';
import { findKubectl } from '../lab/kubectl/runner';
import { startCli } from '../k8s/sandbox/cli';
import { MemoryHomeStore } from './home-store';
import { RunSlots } from '../lab/kubectl/slots';
import { kubectlRunFor } from './kubectl-run';
import { forwardResolver } from './lab-binding';
import { Workstation } from './workstation';

const kubectl = findKubectl();
const requireKubectl = process.env.CI === 'true' || Boolean(kubectl);

describe.runIf(requireKubectl)('the workstation with the real kubectl and a sandbox cluster', () => {
  let s: TestServer;
  let tmpRoot: string;
  let ws: Workstation;
  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'workstation-test' }));
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-ws-'));
    const kc = clientKubeConfig({ server: s.url, token: s.token });
    ws = new Workstation('learner-ws', new MemoryHomeStore(), {
      net: (s.cluster.context.runtime as unknown as { network: Workstation['binding']['net'] }).network,
      kubectl: kubectlRunFor({ learnerId: 'learner-ws', slots: new RunSlots(), cluster: { id: s.clusterId, token: s.token, handler: s.host }, runner: { tmpRoot } }),
      resolveForward: forwardResolver(kc, 'default'),
    });
  });
  afterAll(async () => {
    ws?.close();
    await s?.close();
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  const line = async (text: string) => {
    let out = '';
    const refused: string[] = [];
    const r = await ws.runLine(text, { onOutput: (c) => (out += c), onRefused: (m) => refused.push(m), signal: new AbortController().signal });
    return { ...r, out, refused };
  };

  it('pipes the real kubectl\'s output through grep and $(…)', async () => {
    const r = await line('kubectl get nodes | grep worker | wc -l');
    expect(r.out.trim()).toBe('3');
    expect(r.kubectlRan).toBe(true);
    const last = await line('echo $(kubectl get nodes -o name) | tr " " "\\n" | tail -1');
    expect(last.out).toBe('node/worker-3\n');
  });

  it('refuses a flag that reads the server\'s files, inside a pipe too', async () => {
    const r = await line('kubectl get pods --kubeconfig=/etc/passwd | cat');
    expect(r.refused.join()).toMatch(/--kubeconfig is refused/);
    expect(r.out).not.toMatch(/root:/);
  });

});

describe.runIf(requireKubectl)('a port-forward from the workstation, on a sandbox whose controllers run (npm run sandbox at 20x)', () => {
  let tmpRoot: string;
  let dataDir: string;
  let stop: () => Promise<void>;
  let ws: Workstation;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-ws-cli-'));
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-ws-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 3, timeScale: 20, dataDir });
    stop = cli.stop;
    const record = cli.host.listClusters()[0];
    const { cluster } = cli.host.wake(record.id);
    const server = /server: (\S+)/.exec(fs.readFileSync(cli.kubeconfigPath, 'utf8'))![1];
    const kc = clientKubeConfig({ server, token: record.token });
    ws = new Workstation('learner-pf', new MemoryHomeStore(), {
      net: (cluster.context.runtime as unknown as { network: Workstation['binding']['net'] }).network,
      kubectl: kubectlRunFor({ learnerId: 'learner-pf', slots: new RunSlots(), cluster: { id: record.id, token: record.token, handler: cli.host }, runner: { tmpRoot } }),
      resolveForward: forwardResolver(kc, 'default'),
    });
  });
  afterAll(async () => {
    ws?.close();
    await stop?.();
    fs.rmSync(tmpRoot, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const line = async (text: string) => {
    let out = '';
    const refused: string[] = [];
    const r = await ws.runLine(text, { onOutput: (c) => (out += c), onRefused: (m) => refused.push(m), signal: new AbortController().signal });
    return { ...r, out, refused };
  };

  it('forwards a local port to a pod in the background, and curl on localhost reaches it', async () => {
    const created = await line('kubectl create deployment web --image=nginx:1.27');
    expect(created.out + created.refused.join()).toContain('deployment.apps/web created');
    let phase = '';
    for (let i = 0; i < 60 && phase !== 'Running'; i++) {
      phase = (await line("kubectl get pods -l app=web -o jsonpath='{.items[*].status.phase}'")).out;
      if (phase !== 'Running') await new Promise((r) => setTimeout(r, 250));
    }
    expect(phase).toBe('Running');
    const fwd = await line('kubectl port-forward deploy/web 8080:80 &');
    expect(fwd.status).toBe(0);
    const page = await line("curl -s localhost:8080");
    expect(page.out).toMatch(/nginx/i);
    await line('kill %1; wait');
    expect((await line('curl -s localhost:8080; echo "exit=$?"')).out).toMatch(/exit=7/);
  }, 60_000);
});
