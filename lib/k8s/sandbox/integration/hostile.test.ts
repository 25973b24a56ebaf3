/**
 * Malformed and hostile manifests and requests: every one gets a 4xx Status, the server
 * keeps serving, and nothing lands in the other cluster on the same host.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxHost } from '../host';
import { testParts } from './support/test-server';

interface Reply {
  code: number;
  body: string;
}

describe('hostile requests against the sandbox host', () => {
  let server: http.Server;
  let host: SandboxHost;
  let base: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };

  function send(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, token = a.token): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  beforeAll(async () => {
    host = new SandboxHost({ parts: () => testParts(), limits: { maxObjects: 200, maxPods: 5, maxWatches: 3 } });
    a = host.createCluster({ workers: 1 }).record;
    b = host.createCluster({ workers: 1 }).record;
    server = http.createServer((req, res) => {
      if (!host.handleRequest(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    host.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const pods = () => `/k8s/${a.id}/api/v1/namespaces/default/pods`;
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');

  const cases: [string, () => Promise<Reply>, number][] = [
    ['no token', () => send('GET', pods(), undefined, {}, ''), 401],
    ['the other cluster\'s token', () => send('GET', pods(), undefined, {}, b.token), 401],
    ['an unknown cluster id', () => send('GET', `/k8s/cnope/api/v1/pods`), 401],
    ['invalid JSON', () => send('POST', pods(), '{"kind":'), 400],
    ['a JSON array body', () => send('POST', pods(), '[1,2,3]'), 400],
    ['a string body', () => send('POST', pods(), '"pod"'), 400],
    ['an empty body', () => send('POST', pods(), ''), 400],
    ['a 5000-deep document', () => send('POST', pods(), deep(5000)), 400],
    ['a YAML alias bomb', () => send('POST', pods(), aliasBomb, { 'Content-Type': 'application/yaml' }), 400],
    ['protobuf without the k8s prefix', () => send('POST', pods(), Buffer.from([1, 2, 3, 4, 5]), { 'Content-Type': 'application/vnd.kubernetes.protobuf' }), 400],
    ['truncated protobuf', () => send('POST', pods(), Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]), { 'Content-Type': 'application/vnd.kubernetes.protobuf' }), 400],
    ['an unknown content type', () => send('POST', pods(), 'x', { 'Content-Type': 'application/x-evil' }), 415],
    ['a body over 3 MiB', () => send('POST', pods(), Buffer.alloc(3 * 1024 * 1024 + 10, 32)), 413],
    ['a kind for another endpoint', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })), 400],
    ['a namespace mismatch', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'kube-system' }, spec: { containers: [{ name: 'c', image: 'i' }] } })), 400],
    ['metadata that is a string', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: 'x' })), 400],
    ['an invalid name', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: 'i' }] } })), 422],
    ['a pod without containers', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {} })), 422],
    ['containers that are not objects', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [null, 3] } })), 422],
    ['labels that are not strings', () => send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: { a: { b: 1 } } }, spec: { containers: [{ name: 'c', image: 'i' }] } })), 422],
    ['an unknown resource', () => send('GET', `/k8s/${a.id}/api/v1/namespaces/default/widgets`), 404],
    ['an unknown group', () => send('GET', `/k8s/${a.id}/apis/evil.io/v1`), 404],
    ['a malformed percent-escape', () => send('GET', `/k8s/${a.id}/api/v1/namespaces/%E0%A4%A/pods`), 404],
    ['a negative limit', () => send('GET', `${pods()}?limit=-5`), 400],
    ['path traversal', () => send('GET', `/k8s/${a.id}/api/v1/namespaces/../../../etc/passwd`), 404],
    ['a bad method', () => send('PUT', pods()), 405],
    ['a bad patch type', () => send('PATCH', `${pods()}/x`, '{}', { 'Content-Type': 'text/plain' }), 415],
    ['a json patch that is not a list', () => send('PATCH', `/k8s/${a.id}/api/v1/namespaces/default`, '{"op":"add"}', { 'Content-Type': 'application/json-patch+json' }), 400],
    ['a bad propagation policy', () => send('DELETE', `/k8s/${a.id}/api/v1/namespaces/default/serviceaccounts/default?propagationPolicy=Sideways`), 400],
    ['a bad dryRun value', () => send('POST', `${pods()}?dryRun=Some`, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 'i' }] } })), 400],
    ['a prototype-polluting body', () => send('POST', pods(), '{"__proto__":{"polluted":true},"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{}}'), 422],
  ];

  it.each(cases)('answers %s with a 4xx Status', async (_name, request, code) => {
    const r = await request();
    expect(r.code).toBe(code);
    if (code !== 404 || r.body) {
      const body = JSON.parse(r.body);
      expect(body.kind).toBe('Status');
      expect(body.code).toBe(code);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('enforces the per-cluster pod cap with 403 and keeps serving', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await send('POST', pods(), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'i' }] } }));
      codes.push(r.code);
    }
    expect(codes).toEqual([201, 201, 201, 201, 201, 403, 403]);
    expect((await send('GET', `/k8s/${a.id}/version`)).code).toBe(200);
  });

  it('caps open watches with 429', async () => {
    const reqs: http.ClientRequest[] = [];
    const open = () =>
      new Promise<number>((resolve) => {
        const req = http.get(`${base}${pods()}?watch=true`, { headers: { Authorization: `Bearer ${a.token}` } }, (res) => resolve(res.statusCode ?? 0));
        reqs.push(req);
      });
    const codes = [await open(), await open(), await open(), await open()];
    for (const r of reqs) r.destroy();
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it('left the other cluster untouched', async () => {
    const r = await send('GET', `/k8s/${b.id}/api/v1/pods`, undefined, {}, b.token);
    expect(JSON.parse(r.body).items).toEqual([]);
  });
});
