import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../sandbox/integration/support/test-server';
import { sandboxParts } from '../sandbox/parts';
import { clientKubeConfig } from '../client/kubeconfig';
import { InProcessDispatcher } from '../client/in-process';
import { WATCHED } from './resources';
import { ClusterStream, decodeCursor, encodeCursor, type Cursor } from './cluster-stream';
import { clientNodeWatchTransport } from './client-node-watch-transport';
import { inProcessWatchTransport } from './in-process-watch-transport';
import type { WatchTransport } from './watch-transport';
import { clusterPath } from '../sandbox/host';
import { installTurns } from '../../turns/turns';
import { answerText, type InProcessHandler } from '../client/in-process';
import { itemsOf, reduceCluster, type ClusterEvent, type ClusterState } from './reducer';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The two transports a stream runs on: client-node (a kubeconfig's cluster; here over the
 * in-process dispatcher), and in process where a sandbox cluster runs (the portal's bench). Each
 * makes a transport for the test server, seeing every request the host serves (spy), and with a
 * wrong token.
 */
type MakeTransport = (s: TestServer, opts?: { spy?: (url: string) => void; wrongToken?: boolean }) => WatchTransport;

const spied = (s: TestServer, spy?: (url: string) => void): InProcessHandler => (req, res) => {
  spy?.(req.url ?? '');
  return s.host.handleRequest(req, res);
};

const TRANSPORTS: [string, MakeTransport][] = [
  ['client-node', (s, o = {}) => clientNodeWatchTransport(o.wrongToken
    ? clientKubeConfig({ server: s.url.replace(/token-[^/]+/, 'token-wrong'), token: 'not-the-token' }, 'kubelab', { dispatcher: new InProcessDispatcher(spied(s, o.spy)) })
    : clientKubeConfig({ server: s.url, token: s.token }, 'kubelab', { dispatcher: new InProcessDispatcher(spied(s, o.spy)) }))],
  ['in process', (s, o = {}) => inProcessWatchTransport({ handle: spied(s, o.spy), base: clusterPath(s.host.listClusters()[0].id), token: o.wrongToken ? 'not-the-token' : s.token })],
];

describe.each(TRANSPORTS)('the cluster stream over %s', (_name, transportFor) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'stream-test' }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('round-trips cursors and rejects hostile ones', () => {
    expect(decodeCursor(encodeCursor({ pods: '12', jobs: '40' }))).toEqual({ pods: '12', jobs: '40' });
    expect(decodeCursor('not base64 json')).toEqual({});
    expect(decodeCursor(encodeCursor({ pods: '1; DROP' } as Cursor))).toEqual({});
  });

  it('lists every resource, then follows changes, and resumes from a cursor without missing one', async () => {
    const transport = transportFor(s);
    let state: ClusterState = {};
    let cursor: Cursor = {};
    const events: ClusterEvent[] = [];
    const first = new ClusterStream({ transport, namespace: 'default', onEvent: (e, c) => { events.push(e); state = reduceCluster(state, e); cursor = c; } });
    first.start();
    await until(() => Boolean(state.nodes?.synced && state.pods?.synced && state.events?.synced), 'snapshots');
    expect(itemsOf(state, 'nodes').map((n) => n.metadata?.name)).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    const store = s.cluster.store;
    store.create({ group: '', resource: 'configmaps' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ignored', namespace: 'default' } });
    const podBody = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    s.cluster.context.client.create(podBody('a'));
    await until(() => itemsOf(state, 'pods').length === 1, 'pod a');
    first.close();
    // While nobody watches, the cluster moves on.
    s.cluster.context.client.create(podBody('b'));
    s.cluster.context.client.delete({ group: '', resource: 'pods' }, 'default', 'a');
    const resumed: ClusterEvent[] = [];
    const second = new ClusterStream({ transport, namespace: 'default', resume: decodeCursor(encodeCursor(cursor)), onEvent: (e) => { resumed.push(e); state = reduceCluster(state, e); } });
    second.start();
    await until(() => itemsOf(state, 'pods').map((p) => p.metadata?.name).join() === 'b', 'resumed pods');
    expect(resumed.filter((e) => e.resource === 'pods').map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(resumed.some((e) => e.type === 'SNAPSHOT')).toBe(false);
    second.close();
  });

  it('opens with one plain list per resource by its path, and no discovery requests', async () => {
    const paths: string[] = [];
    const transport = transportFor(s, { spy: (url) => void (!url.includes('watch=') && paths.push(url.split('?')[0].replace(/^.*\/token-[^/]+/, '').replace(/^\/k8s\/[^/]+/, ''))) });
    const synced = new Set<string>();
    const stream = new ClusterStream({ transport, namespace: 'default', onEvent: (e) => void (e.type === 'SNAPSHOT' && synced.add(e.resource)) });
    stream.start();
    await until(() => synced.size === 11, 'eleven snapshots');
    stream.close();
    expect(paths.sort()).toEqual(WATCHED.map((r) => r.path.replace('{ns}', 'default')).sort());
  });

  it('stops with the API server\'s message when a list is refused', async () => {
    // A wrong token is refused like a wrong credential.
    const transport = transportFor(s, { wrongToken: true });
    const errors: Error[] = [];
    const stream = new ClusterStream({ transport, namespace: 'default', onEvent: () => undefined, onError: (e) => void errors.push(e) });
    stream.start();
    await until(() => errors.length > 0, 'a refusal');
    stream.close();
    expect(errors[0]).toMatchObject({ statusCode: expect.any(Number) });
    expect(errors[0].message).toMatch(/^GET \/api/);
  });
});

describe('the in-process transport on a sandbox worker\'s turns', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'stream-lanes' }));
  });
  afterAll(async () => {
    installTurns(undefined);
    await s?.close();
  });

  it('sends a stream\'s opening lists by the list lane and its watches by the request lane, so a class opening its benches does not hold up an Apply', async () => {
    const lanes: string[] = [];
    installTurns({ soon: (fn, lane) => { lanes.push(lane); setImmediate(fn); } });
    const transport = inProcessWatchTransport({ handle: (req, res) => s.host.handleRequest(req, res), base: clusterPath(s.host.listClusters()[0].id), token: s.token });
    const list = await transport.list('/api/v1/namespaces/default/pods', {});
    expect(lanes).toContain('list');
    expect(lanes).not.toContain('request');
    lanes.length = 0;
    const watch = await transport.watch('/api/v1/namespaces/default/pods', { resourceVersion: list.resourceVersion }, () => undefined, () => undefined);
    watch?.abort();
    expect(lanes).toContain('request');
    expect(lanes).not.toContain('list');
  });

  it('hands a list without managedFields over as values, its body an empty list, and any other list as text', async () => {
    installTurns(undefined);
    const handle: InProcessHandler = (req, res) => s.host.handleRequest(req, res);
    const base = clusterPath(s.host.listClusters()[0].id);
    const headers = { accept: 'application/json', authorization: `Bearer ${s.token}` };
    let values: { resourceVersion: string; items: readonly unknown[] } | undefined;
    const slim = await answerText(handle, { method: 'GET', path: `${base}/api/v1/namespaces?kubelab.omitManagedFields=true`, headers, body: undefined, listValues: (v) => (values = v) });
    expect(slim.status).toBe(200);
    expect(JSON.parse(slim.text).items).toEqual([]);
    expect(values?.items.map((n) => (n as { metadata: { name: string } }).metadata.name)).toContain('default');
    expect(values?.items.some((n) => 'managedFields' in (n as { metadata: object }).metadata)).toBe(false);
    expect(values?.resourceVersion).toBe(JSON.parse(slim.text).metadata.resourceVersion);

    values = undefined;
    const plain = await answerText(handle, { method: 'GET', path: `${base}/api/v1/namespaces`, headers, body: undefined, listValues: (v) => (values = v) });
    expect(values).toBeUndefined();
    expect(JSON.parse(plain.text).items.map((n: { metadata: { name: string } }) => n.metadata.name)).toContain('default');
  });
});
