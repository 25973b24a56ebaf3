/**
 * kubectl port-forward against the sandbox's modelled servers: pods and Services, over the
 * SPDY-over-WebSocket tunnel kubectl 1.31+ uses and the SPDY/3.1 upgrade of 1.27-1.30.
 * The test's own loopback plays the learner's machine: kubectl listens there, the test fetches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, kubectl, requireKubectl } from './support/kubectl';
import { availableKubectlMinors, kubectlBinary } from './support/kubectl-versions';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCli } from '../cli';

const run = requireKubectl();

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Starts kubectl port-forward and resolves once it prints that it forwards. */
function portForward(binary: string, kubeconfig: string, args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['port-forward', ...args], { env: { ...process.env, KUBECONFIG: kubeconfig } });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Forwarding from 127.0.0.1')) resolve({ child, output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`port-forward exited ${code}: ${out}`)));
  });
}

async function get(port: number, path = '/'): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe.runIf(run)('kubectl port-forward', () => {
  // The whole sandbox (kubelets, runtime, network), as `npm run sandbox` runs it, 20x faster.
  const s = { kubeconfig: '', stop: async () => undefined as void, dataDir: '' };
  const k = (args: string[], input?: string) => kubectl(s.kubeconfig, args, input);

  beforeAll(async () => {
    s.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-pf-'));
    const cli = await startCli({ port: 0, host: '127.0.0.1', workers: 2, timeScale: 20, dataDir: s.dataDir });
    s.stop = cli.stop;
    s.kubeconfig = cli.kubeconfigPath;
    await k(['run', 'web', '--image=nginx:1.27', '--port=80', '--labels=app=web']);
    await k(['expose', 'pod', 'web', '--name=web', '--port=8080', '--target-port=80']);
    await k(['run', 'cache', '--image=redis:7']);
    const ready = await k(['wait', '--for=condition=Ready', 'pod/web', 'pod/cache', '--timeout=30s']);
    expect(ready.stderr + ready.stdout).toContain('condition met');
  }, 60_000);
  afterAll(async () => {
    await s.stop();
    fs.rmSync(s.dataDir, { recursive: true, force: true });
  });

  it('forwards a local port to nginx in a pod, and curl gets nginx\'s page', async () => {
    const port = await freePort();
    const pf = await portForward(KUBECTL, s.kubeconfig, ['pod/web', `${port}:80`]);
    try {
      const res = await get(port);
      expect(res.status).toBe(200);
      expect(res.body).toContain('Welcome to nginx!');
      expect((await get(port, '/missing')).status).toBe(404);
    } finally {
      pf.child.kill();
    }
  }, 30_000);

  it('forwards to a Service through the pod behind it (svc/web 8080 -> targetPort 80)', async () => {
    const port = await freePort();
    const pf = await portForward(KUBECTL, s.kubeconfig, ['svc/web', `${port}:8080`]);
    try {
      expect(pf.output()).toContain(`Forwarding from 127.0.0.1:${port} -> 80`);
      expect((await get(port)).body).toContain('Welcome to nginx!');
    } finally {
      pf.child.kill();
    }
  }, 30_000);

  it('forwards raw TCP to redis: PING answers +PONG', async () => {
    const port = await freePort();
    const pf = await portForward(KUBECTL, s.kubeconfig, ['pod/cache', `${port}:6379`]);
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
        sock.on('data', (d) => {
          resolve(d.toString());
          sock.destroy();
        });
        sock.on('error', reject);
      });
      expect(reply).toBe('+PONG\r\n');
    } finally {
      pf.child.kill();
    }
  }, 30_000);

  it('reports a port nothing listens on as kubectl does on a real cluster, and keeps serving others', async () => {
    const port = await freePort();
    const pf = await portForward(KUBECTL, s.kubeconfig, ['pod/web', `${port}:81`]);
    try {
      await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(pf.output()).toContain('error forwarding port 81 to pod');
      expect(pf.output()).toContain('connect: connection refused');
    } finally {
      pf.child.kill();
    }
    const ok = await freePort();
    const again = await portForward(KUBECTL, s.kubeconfig, ['pod/web', `${ok}:80`]);
    try {
      expect((await get(ok)).status).toBe(200);
    } finally {
      again.child.kill();
    }
  }, 30_000);

  it('serves the Services proxy subresource: GET services/web:8080/proxy/ answers with nginx\'s page', async () => {
    const config = fs.readFileSync(s.kubeconfig, 'utf8');
    const server = /server: (\S+)/.exec(config)![1];
    const token = /token: (\S+)/.exec(config)?.[1];
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const page = await fetch(`${server}/api/v1/namespaces/default/services/web:8080/proxy/`, { headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Welcome to nginx!');
    expect((await fetch(`${server}/api/v1/namespaces/default/services/web/proxy/missing`, { headers })).status).toBe(404);
    const none = await fetch(`${server}/api/v1/namespaces/default/services/web:9999/proxy/`, { headers });
    expect(none.status).toBe(503);
    expect(await none.text()).toContain('no endpoints available for service \\"web:9999\\"');
    expect((await fetch(`${server}/api/v1/namespaces/default/services/nope/proxy/`, { headers })).status).toBe(404);
  });

  describe.each(availableKubectlMinors())('with kubectl 1.%i', (minor) => {
    it('forwards to nginx', async () => {
      const port = await freePort();
      const pf = await portForward(kubectlBinary(minor), s.kubeconfig, ['pod/web', `${port}:80`]);
      try {
        expect((await get(port)).body).toContain('Welcome to nginx!');
      } finally {
        pf.child.kill();
      }
    }, 30_000);
  });
});
