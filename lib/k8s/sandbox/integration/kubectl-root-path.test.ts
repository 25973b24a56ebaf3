/**
 * Root-path access: over https kubectl sends the kubeconfig's token as a bearer header, so the
 * cluster is served at the Kubernetes root paths (`get --raw`, `kubectl proxy` drop the server
 * URL's path). The http prefix form keeps working beside it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, kubectl, requireKubectl } from './support/kubectl';
import { startTestServer, type TestServer } from './support/test-server';

const run = requireKubectl();

describe.runIf(run)('kubectl at the Kubernetes root paths', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(undefined, { tls: true });
  });
  afterAll(async () => {
    await s?.close();
  });
  const k = (args: string[], input?: string) => kubectl(s.kubeconfig, args, input);

  it('hands out an https kubeconfig without a path prefix, pinning the certificate', () => {
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves kubectl get --raw /api and /version', async () => {
    const api = await k(['get', '--raw', '/api']);
    expect(api.stderr).toBe('');
    expect(JSON.parse(api.stdout)).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const version = await k(['get', '--raw', '/version']);
    expect(JSON.parse(version.stdout)).toMatchObject({ major: '1' });
  });

  it('runs ordinary commands (get, apply) through the prefix-free server URL', async () => {
    const applied = await k(['create', 'configmap', 'rooted', '--from-literal=a=1']);
    expect(applied.stdout.trim()).toBe('configmap/rooted created');
    const got = await k(['get', 'configmap', 'rooted', '-o', 'jsonpath={.data.a}']);
    expect(got.stdout).toBe('1');
  });

  it('serves the cluster through kubectl proxy', async () => {
    const proxy = spawn(KUBECTL, ['proxy', '--port=0'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        proxy.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        proxy.once('exit', (code) => reject(new Error(`kubectl proxy exited with ${code}: ${out}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/default/configmaps/rooted`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown }).data).toEqual({ a: '1' });
    } finally {
      proxy.kill();
    }
  });

  it('runs kubectl exec over a WebSocket at the root path, through TLS', async () => {
    s.cluster.api.setExecutor((req, io) => {
      io.stdout(`${req.command.slice(1).join(' ')}\n`);
      io.exit(0);
      return { write: () => undefined, closeStdin: () => undefined, kill: () => undefined };
    });
    s.cluster.store.create({ group: '', resource: 'pods' }, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box', namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'busybox' }], nodeName: 'worker-1' },
      status: { phase: 'Running', containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
    });
    const r = await k(['exec', 'box', '--', 'echo', 'through', 'the', 'root']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('through the root\n');
  });

  it('still serves the prefix form over plain http', async () => {
    const res = await fetch(`${s.base}/k8s/${s.clusterId}/token-${s.token}/api/v1/namespaces/default/configmaps/rooted`);
    expect(res.status).toBe(200);
  });
});
