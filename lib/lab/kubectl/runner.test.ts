import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../k8s/sandbox/integration/support/test-server';
import { sandboxParts } from '../../k8s/sandbox/parts';
import { checkCommand } from './allowlist';
import { clientFor, findKubectl, KUBECTL_NICENESS, KubectlMissingError, runKubectl } from './runner';
import { ConfinementMissingError } from './confine';
import { DiscoveryTemplate } from './discovery-cache';

const kubectl = findKubectl();
const requireKubectl = process.env.CI === 'true' || Boolean(kubectl);

describe.runIf(requireKubectl)('running kubectl for a learner', () => {
  let s: TestServer;
  let tmpRoot: string;
  const cluster = () => ({ id: s.clusterId, token: s.token, handler: s.host });
  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'terminal-test' }));
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-term-'));
  });
  afterAll(async () => {
    await s?.close();
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  const run = async (line: string, stdin?: string) => {
    let out = '';
    const r = await runKubectl(checkCommand(line), { cluster: cluster(), tmpRoot, stdin, signal: new AbortController().signal, onOutput: (c) => (out += c) });
    return { ...r, out };
  };

  it('runs kubectl get against the learner\'s cluster only', async () => {
    const r = await run('kubectl get nodes');
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(r.out).toContain('worker-3');
    expect(r.confined).toBe(true);
  });

  it('runs kubectl at a lower CPU priority than the portal, so a class\'s terminals cannot starve it', async () => {
    const abort = new AbortController();
    const running = runKubectl(checkCommand('kubectl get configmaps --watch'), { cluster: cluster(), tmpRoot, signal: abort.signal, onOutput: () => undefined });
    // The kubectl process (inside bubblewrap's namespaces, seen from here through /proc).
    const niceOfWatch = async (): Promise<number | undefined> => {
      for (let i = 0; i < 100; i++) {
        for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
          let argv: string[];
          try {
            argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          } catch {
            continue;
          }
          if (path.basename(argv[0] ?? '').startsWith('kubectl') && argv.includes('configmaps') && argv.includes('--watch')) {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    };
    const nice = await niceOfWatch();
    abort.abort();
    await running;
    expect(nice).toBe(os.getPriority() + KUBECTL_NICENESS);
  });

  it('hands kubectl its discovery from the portal\'s cache, so a run sends only its own request', async () => {
    const seen: string[] = [];
    const counting = { handleRequest: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => (seen.push(req.url ?? ''), s.host.handleRequest(req, res)), handleUpgrade: s.host.handleUpgrade.bind(s.host) };
    const discovery = new DiscoveryTemplate(tmpRoot);
    const go = async (d: DiscoveryTemplate | false) => {
      seen.length = 0;
      let out = '';
      const r = await runKubectl(checkCommand('kubectl get pods -n kube-system'), { cluster: { ...cluster(), handler: counting }, tmpRoot, discovery: d, signal: new AbortController().signal, onOutput: (c) => (out += c) });
      return { r, out, paths: seen.map((u) => u.replace(`/k8s/${s.clusterId}/token-${s.token}`, '')) };
    };
    try {
      const without = await go(false);
      await discovery.forRun({ ...cluster(), handler: counting });
      const withCache = await go(discovery);
      expect(without.paths).toContain('/apis?timeout=32s');
      // Not even the Google Cloud SDK dispatcher's GET /version: the client it would pick runs directly (clientFor).
      expect(withCache.paths).toEqual(['/api/v1/namespaces/kube-system/pods?limit=500']);
      expect(withCache.out).toBe(without.out);
      expect(withCache.r.exitCode).toBe(0);
    } finally {
      discovery.remove();
    }
  });

  it('runs the client the SDK dispatcher would pick for the sandbox directly, and any other kubectl as it is', () => {
    const dir = fs.mkdtempSync(path.join(tmpRoot, '..', 'kubelab-sdk-'));
    try {
      for (const f of ['kubectl', 'kubectl.1.31', 'kubectl.1.32']) fs.writeFileSync(path.join(dir, f), '', { mode: 0o755 });
      fs.symlinkSync(path.join(dir, 'kubectl'), path.join(dir, 'kubectl-link'));
      expect(clientFor(path.join(dir, 'kubectl-link'))).toBe(path.join(dir, 'kubectl.1.32'));
      fs.writeFileSync(path.join(dir, 'plain'), '', { mode: 0o755 });
      expect(clientFor(path.join(dir, 'plain'))).toBe(path.join(dir, 'plain'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves nothing behind in its temp directory after a run', async () => {
    await run('kubectl get pods');
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });

  it('applies what the editor sends on stdin', async () => {
    const r = await run('kubectl apply -f editor', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-editor\n');
    expect(r.out).toBe('configmap/from-editor created\n');
  });

  it('shows kubectl\'s own help for --help (not the dispatcher\'s)', async () => {
    const r = await run('kubectl get pods --help');
    expect(r.out).toMatch(/^Display one or many resources/);
  });

  it('hides a directory under /usr that it is told to hide (a data directory or checkout placed there)', async () => {
    const read = { args: ['create', 'configmap', 'lic', '--from-file=/usr/share/common-licenses/GPL-3', '--dry-run=client', '-o', 'name'], follows: false };
    const shown = await runKubectl(read, { cluster: cluster(), tmpRoot, signal: new AbortController().signal, onOutput: () => undefined, hide: [] });
    let out = '';
    const hidden = await runKubectl(read, { cluster: cluster(), tmpRoot, signal: new AbortController().signal, onOutput: (c) => (out += c), hide: ['/usr/share/common-licenses'] });
    expect(shown.exitCode).toBe(0);
    expect(hidden.exitCode).not.toBe(0);
    expect(out).toMatch(/no such file or directory/);
  });

  it('says the sandbox could not start when bwrap itself fails', async () => {
    const failing = path.join(tmpRoot, '..', `kubelab-fake-bwrap-${process.pid}`);
    fs.writeFileSync(failing, '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n', { mode: 0o755 });
    try {
      let out = '';
      const r = await runKubectl(checkCommand('kubectl get pods'), { cluster: cluster(), tmpRoot, signal: new AbortController().signal, onOutput: (c) => (out += c), confinement: { bwrap: failing, socat: '/usr/bin/socat' } });
      expect(r.exitCode).toBe(1);
      expect(out).toMatch(/^bwrap: setting up uid map: Permission denied\n\n\[the terminal's kubectl sandbox \(bubblewrap\) could not start on this server/);
      expect(fs.readdirSync(tmpRoot)).toEqual([]);
    } finally {
      fs.rmSync(failing, { force: true });
    }
  });

  it('refuses to run without bubblewrap, naming the packages to install', async () => {
    const e = await runKubectl(checkCommand('kubectl get pods'), { cluster: cluster(), tmpRoot, signal: new AbortController().signal, onOutput: () => undefined, confinement: { missing: ['bubblewrap', 'socat'] }, allowUnconfined: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfinementMissingError);
    expect((e as Error).message).toMatch(/apt-get install -y bubblewrap socat/);
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });

  it('runs unconfined only when explicitly allowed (development), still through the gateway', async () => {
    let out = '';
    const r = await runKubectl(checkCommand('kubectl get nodes -o name'), { cluster: cluster(), tmpRoot, signal: new AbortController().signal, onOutput: (c) => (out += c), confinement: { missing: ['bubblewrap'] }, allowUnconfined: true });
    expect(r).toMatchObject({ exitCode: 0, confined: false });
    expect(out).toContain('node/worker-1');
    expect(fs.readdirSync(tmpRoot)).toEqual([]);
  });

  it('stops a watch when the learner cancels it', async () => {
    const ac = new AbortController();
    let out = '';
    const p = runKubectl(checkCommand('kubectl get configmaps -w'), { cluster: cluster(), tmpRoot, signal: ac.signal, onOutput: (c) => (out += c) });
    await new Promise((r) => setTimeout(r, 1500));
    ac.abort();
    const r = await p;
    expect(r.stopped).toBe('cancelled');
    expect(out).toContain('from-editor');
  });

  it('stops a command at its time limit', async () => {
    let out = '';
    const r = await runKubectl(checkCommand('kubectl get configmaps -w'), { cluster: cluster(), tmpRoot, signal: new AbortController().signal, onOutput: (c) => (out += c), limitMs: 800 });
    expect(r.stopped).toBe('timeout');
    expect(out).toContain('[stopped after 1 s]');
  });
});

describe('without kubectl', () => {
  it('says so and how to get it', async () => {
    await expect(runKubectl(checkCommand('kubectl get pods'), { cluster: { id: 'x', token: 'y', handler: { handleRequest: () => false, handleUpgrade: () => false } }, signal: new AbortController().signal, onOutput: () => undefined, kubectlPath: '' /* as if PATH had none */ }).catch((e: unknown) => e)).resolves.toBeInstanceOf(KubectlMissingError);
  });
});
