import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { simCluster, type SimCluster } from '../testing/sim-cluster';
import type { KubeObject } from '../types';

/**
 * The HTTP API server and the in-process client write through the same kind strategies
 * (registry/strategy.ts): what one keeps or drops, the other does too.
 */

let sim: SimCluster | undefined;
let server: http.Server | undefined;

afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  sim?.close();
  server = undefined;
  sim = undefined;
});

async function serve(): Promise<{ sim: SimCluster; send(method: string, path: string, body?: unknown): Promise<{ code: number; body: KubeObject }> }> {
  const s = simCluster({ components: () => [] });
  sim = s;
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    void s.cluster.handle(req, res, url.pathname, url.searchParams);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sim: s,
    async send(method, path, body) {
      const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { code: res.status, body: (await res.json()) as KubeObject };
    },
  };
}

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: 'sent-by-the-client', generation: 7 },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
  status: { phase: 'Running', podIP: '10.0.0.9' },
});

const node = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  status: { capacity: { cpu: '2', memory: '4Gi', pods: '110' }, addresses: [{ type: 'InternalIP', address: '172.18.0.9' }] },
});

describe('the two write paths', () => {
  it('drop the status and server-owned metadata a Pod is created with, as podStrategy.PrepareForCreate and rest.BeforeCreate do', async () => {
    const api = await serve();
    const viaApi = await api.send('POST', '/api/v1/namespaces/default/pods', pod('via-api'));
    expect(viaApi.code).toBe(201);
    const viaClient = api.sim.client.create(pod('via-client'));
    for (const created of [viaApi.body, viaClient]) {
      expect(created.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
      expect(created.metadata.uid).not.toBe('sent-by-the-client');
      expect(created.metadata.generation).toBe(1);
    }
  });

  it('keep the status a Node is registered with, as nodeStrategy.PrepareForCreate does', async () => {
    const api = await serve();
    const viaApi = await api.send('POST', '/api/v1/nodes', node('via-api'));
    const viaClient = api.sim.client.create(node('via-client'));
    for (const created of [viaApi.body, viaClient]) expect(created.status).toMatchObject(node('x').status as object);
  });

  it('keep status, uid and creationTimestamp of a main-resource update from the stored object', async () => {
    const api = await serve();
    const created = api.sim.client.create(pod('web'));
    api.sim.client.updateStatus({ ...created, status: { ...(created.status as object), phase: 'Running' } });
    const write = (name: string): KubeObject => {
      const live = structuredClone(api.sim.get(GR.pods, 'default', name)!);
      return { ...live, metadata: { ...live.metadata, uid: 'changed', creationTimestamp: '2000-01-01T00:00:00Z', labels: { edited: 'yes' } }, status: { phase: 'Failed' } };
    };
    const viaApi = await api.send('PUT', '/api/v1/namespaces/default/pods/web', write('web'));
    expect(viaApi.code).toBe(200);
    const viaClient = api.sim.client.update(write('web'));
    for (const updated of [viaApi.body, viaClient]) {
      expect(updated.metadata.labels).toEqual({ edited: 'yes' });
      expect(updated.status).toMatchObject({ phase: 'Running' });
      expect(updated.metadata.uid).toBe(created.metadata.uid);
      expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    }
  });

  it('change only status through the status subresource', async () => {
    const api = await serve();
    const created = api.sim.client.create(pod('web'));
    const write = (phase: string): KubeObject => ({ ...structuredClone(api.sim.get(GR.pods, 'default', 'web')!), spec: { containers: [{ name: 'other', image: 'nginx' }] }, status: { phase } });
    const viaApi = await api.send('PUT', '/api/v1/namespaces/default/pods/web/status', write('Running'));
    expect(viaApi.body.status).toEqual({ phase: 'Running' });
    const viaClient = api.sim.client.updateStatus(write('Succeeded'));
    for (const updated of [viaApi.body, viaClient]) expect(updated.spec).toEqual(created.spec);
    expect(viaClient.status).toEqual({ phase: 'Succeeded' });
  });
});
