/** kubectl get -w (Table watch events) and kubectl logs (tail, timestamps, container choice). */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, kubectl, requireKubectl } from './support/kubectl';
import { startTestServer, type TestServer } from './support/test-server';

describe.runIf(requireKubectl())('kubectl streams against the sandbox', () => {
  let s: TestServer;
  const gr = { group: '', resource: 'pods' };

  beforeAll(async () => {
    s = await startTestServer();
    s.cluster.store.create(gr, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'logger', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'busybox' }, { name: 'side', image: 'busybox' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }, { name: 'side', ready: true, restartCount: 0, state: { running: {} } }] },
    });
    const key = { namespace: 'default', pod: 'logger', container: 'app' };
    for (let i = 1; i <= 5; i++) s.cluster.logs.append(key, { time: Date.parse('2026-01-01T00:00:00Z') + i * 1000, text: `line ${i}` });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('prints tailed logs with timestamps for the chosen container', async () => {
    const r = await kubectl(s.kubeconfig, ['logs', 'logger', '-c', 'app', '--tail=2', '--timestamps']);
    expect(r.stdout).toBe('2026-01-01T00:00:04.000000000Z line 4\n2026-01-01T00:00:05.000000000Z line 5\n');
  });

  it('lets kubectl default to the first container when the pod has several', async () => {
    const r = await kubectl(s.kubeconfig, ['logs', 'logger', '--tail=1']);
    expect(r.stdout).toBe('line 5\n');
    expect(r.stderr).toContain('Defaulted container "app" out of: app, side');
  });

  it('streams Table rows for pods created while watching', async () => {
    const child = spawn(KUBECTL, ['get', 'pods', '-w', '--request-timeout=3s'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 700));
    await kubectl(s.kubeconfig, ['run', 'watched', '--image=busybox']);
    await new Promise((r) => setTimeout(r, 500));
    child.kill();
    const lines = out.trim().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(lines.some((l) => /^logger\s+2\/2\s+Running\s+0\s+/.test(l))).toBe(true);
    expect(lines.some((l) => /^watched\s+0\/1\s+Pending\s+0\s+/.test(l))).toBe(true);
  });
});
