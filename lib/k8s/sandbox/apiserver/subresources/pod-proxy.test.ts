import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusError } from '../../errors';
import type { ClusterNetwork, HttpRequest } from '../../network/types';
import type { StorePort } from '../ports';
import type { KubeObject } from '../../types';
import { podProxyTarget, servePodProxy } from './pod-proxy';

const pod = (extra: { ip?: string; ports?: { containerPort: number; name?: string }[] } = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: extra.ports ?? [{ containerPort: 80, name: 'http' }] }] },
  status: { phase: 'Running', podIP: extra.ip ?? '10.244.1.5' },
});

describe('pods/proxy: ResourceLocation', () => {
  it('picks the port by number, by container port name, or the first declared one', () => {
    expect(podProxyTarget(pod() as never, 'web', '8080')).toEqual({ ip: '10.244.1.5', port: 8080 });
    expect(podProxyTarget(pod() as never, 'web', 'http')).toEqual({ ip: '10.244.1.5', port: 80 });
    expect(podProxyTarget(pod() as never, 'web', undefined)).toEqual({ ip: '10.244.1.5', port: 80 });
  });

  it('refuses a pod without an IP yet, an unknown port name, and no port at all, as 400s that say so', () => {
    const msg = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return `${(e as StatusError).code} ${(e as StatusError).message}`;
      }
      return 'accepted';
    };
    expect(msg(() => podProxyTarget(pod({ ip: '' }) as never, 'web', '80'))).toBe('400 invalid pod IP ""');
    expect(msg(() => podProxyTarget(pod() as never, 'web', 'admin'))).toBe('400 pod web has no container port named "admin"');
    expect(msg(() => podProxyTarget(pod({ ports: [] }) as never, 'web', undefined))).toBe('400 pod web declares no container port: name one, as pods/web:<port>/proxy/');
  });
});

describe('pods/proxy: forwarding', () => {
  let server: http.Server | undefined;
  afterEach(() => server?.close());

  async function serve(network: ClusterNetwork): Promise<string> {
    const store = { get: () => pod() } as unknown as StorePort;
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const m = /^\/pods\/([^/]+)\/proxy\/(.*)$/.exec(url.pathname)!;
      servePodProxy(req, res, { store, network, namespace: 'default', name: decodeURIComponent(m[1]), path: m[2], query: url.searchParams }).catch((e: StatusError) => {
        res.writeHead(e.code, { 'content-type': 'application/json' }).end(JSON.stringify(e.toStatus()));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('forwards the path and query to the pod and hands its answer back, without the caller credentials or the pod cookies', async () => {
    let seen: HttpRequest | undefined;
    const network = {
      dial: (ip: string, port: number) => (ip === '10.244.1.5' && port === 80 ? { port, http: async (r: HttpRequest) => ((seen = r), { status: 200, headers: { 'content-type': 'text/html', 'set-cookie': 'x=1' }, body: '<h1>hi</h1>' }) } : 'ECONNREFUSED'),
    } as unknown as ClusterNetwork;
    const base = await serve(network);
    const res = await fetch(`${base}/pods/web:80/proxy/a/b?q=1`, { headers: { authorization: 'Bearer secret', cookie: 'portal=1' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<h1>hi</h1>');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(seen).toMatchObject({ method: 'GET', path: '/a/b?q=1' });
    expect(seen!.headers.authorization).toBeUndefined();
    expect(seen!.headers.cookie).toBeUndefined();
    expect(seen!.headers.host).toBe('10.244.1.5:80');
  });

  it('answers 503 with the dial error when nothing listens, and when the listener does not speak HTTP', async () => {
    const network = { dial: (_ip: string, port: number) => (port === 6379 ? { port, tcp: async () => '' } : 'ECONNREFUSED') } as unknown as ClusterNetwork;
    const base = await serve(network);
    const refused = await fetch(`${base}/pods/web:81/proxy/`);
    expect(refused.status).toBe(503);
    expect((await refused.json()).message).toBe('error trying to reach service: dial tcp 10.244.1.5:81: connect: connection refused');
    const raw = await fetch(`${base}/pods/web:6379/proxy/`);
    expect(raw.status).toBe(503);
    expect((await raw.json()).message).toContain('does not answer HTTP');
  });
});
