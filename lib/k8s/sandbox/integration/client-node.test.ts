/** @kubernetes/client-node against the sandbox: CRUD, watch resume, 410 Gone, patch types, SSA, delete propagation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { sandboxParts } from '../parts';
import { startTestServer, type TestServer } from './support/test-server';

function kubeConfig(s: TestServer): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sandbox', server: s.url, skipTLSVerify: true }],
    users: [{ name: 'sandbox', token: s.token }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'sandbox', namespace: 'default' }],
    currentContext: 'sandbox',
  });
  return kc;
}

const podBody = (name: string, labels: Record<string, string> = {}): k8s.V1Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'busybox' }] },
});

async function errorBody(p: Promise<unknown>): Promise<{ code: number; body: { reason?: string; message?: string } }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: number; body?: string | object };
    const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    return { code: err.code ?? 0, body: body as { reason?: string; message?: string } };
  }
  throw new Error('expected the call to fail');
}

describe('client-node against the sandbox', () => {
  let s: TestServer;
  let core: k8s.CoreV1Api;
  let batch: k8s.BatchV1Api;
  let apps: k8s.AppsV1Api;
  let kc: k8s.KubeConfig;

  beforeAll(async () => {
    // A short history so the 410 Expired path is reachable in a test.
    s = await startTestServer(sandboxParts({ clusterId: 'client-node', historySize: 50 }));
    kc = kubeConfig(s);
    core = kc.makeApiClient(k8s.CoreV1Api);
    batch = kc.makeApiClient(k8s.BatchV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates, reads and lists pods with defaults applied', async () => {
    const created = await core.createNamespacedPod({ namespace: 'default', body: podBody('a', { app: 'x' }) });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.spec?.dnsPolicy).toBe('ClusterFirst');
    expect(created.status?.phase).toBe('Pending');
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=x' });
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['a']);
    const dup = await errorBody(core.createNamespacedPod({ namespace: 'default', body: podBody('a') }));
    expect(dup.code).toBe(409);
    expect(dup.body.message).toBe('pods "a" already exists');
  });

  it('refuses objects in a namespace that does not exist', async () => {
    const e = await errorBody(core.createNamespacedPod({ namespace: 'ghost', body: podBody('a') }));
    expect(e.code).toBe(404);
    expect(e.body.message).toBe('namespaces "ghost" not found');
  });

  it('watches from a resourceVersion and resumes after it', async () => {
    const list = await core.listNamespacedPod({ namespace: 'default' });
    const rv = list.metadata!.resourceVersion!;
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const done = new Promise<void>((resolve) => {
      void watch.watch('/api/v1/namespaces/default/pods', { resourceVersion: rv }, (type, obj) => {
        seen.push(`${type} ${obj.metadata.name}`);
        if (seen.length === 2) resolve();
      }, () => resolve());
    });
    await core.createNamespacedPod({ namespace: 'default', body: podBody('w1') });
    await core.deleteNamespacedPod({ namespace: 'default', name: 'w1' });
    await done;
    expect(seen).toEqual(['ADDED w1', 'DELETED w1']);
  });

  it('answers a watch from a compacted resourceVersion with 410 Expired', async () => {
    for (let i = 0; i < 60; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `cm-${i}` } } });
    const err = await new Promise<unknown>((resolve) => {
      void new k8s.Watch(kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: '2' }, () => undefined, resolve).catch(resolve);
    });
    expect(String((err as Error)?.message ?? err)).toMatch(/410|Gone|Expired/);
  });

  it('patches with merge, json and strategic merge patch types', async () => {
    await core.patchNamespacedPod(
      { namespace: 'default', name: 'a', body: { metadata: { labels: { m: '1' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.patchNamespacedPod(
      { namespace: 'default', name: 'a', body: [{ op: 'add', path: '/metadata/labels/j', value: '2' }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    await core.patchNamespacedPod(
      { namespace: 'default', name: 'a', body: { spec: { containers: [{ name: 'app', image: 'busybox:1.37' }] } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'a' });
    expect(pod.metadata?.labels).toMatchObject({ app: 'x', m: '1', j: '2' });
    expect(pod.spec?.containers.map((c) => c.image)).toEqual(['busybox:1.37']);
  });

  it('creates through server-side apply when the object does not exist', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { a: '1' } };
    const res = await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'applied', body, fieldManager: 'test', force: true },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    );
    expect(res.data).toEqual({ a: '1' });
  });

  it('orphans a Job\'s pods by default and cascades with Background', async () => {
    const job = await batch.createNamespacedJob({
      namespace: 'default',
      body: { metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
    });
    const owned = (name: string): k8s.V1Pod => ({
      ...podBody(name),
      metadata: { name, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: job.metadata!.uid!, controller: true, blockOwnerDeletion: true }] },
    });
    await core.createNamespacedPod({ namespace: 'default', body: owned('j-pod') });
    await batch.deleteNamespacedJob({ namespace: 'default', name: 'j' });
    await new Promise((r) => setTimeout(r, 20));
    const orphan = await core.readNamespacedPod({ namespace: 'default', name: 'j-pod' });
    expect(orphan.metadata?.ownerReferences ?? []).toEqual([]);

    const d = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: { metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
    });
    await core.createNamespacedPod({
      namespace: 'default',
      body: { ...podBody('d-pod'), metadata: { name: 'd-pod', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: d.metadata!.uid! }] } },
    });
    await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'd', propagationPolicy: 'Background' });
    await new Promise((r) => setTimeout(r, 20));
    const gone = await errorBody(core.readNamespacedPod({ namespace: 'default', name: 'd-pod' }));
    expect(gone.code).toBe(404);
  });

  it('keeps an owner with the foregroundDeletion finalizer until its dependents are gone', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'owner' } } });
    await core.createNamespacedPod({
      namespace: 'default',
      body: { ...podBody('fg-pod'), metadata: { name: 'fg-pod', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: cm.metadata!.uid!, blockOwnerDeletion: true }] } },
    });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'owner', propagationPolicy: 'Foreground' });
    await new Promise((r) => setTimeout(r, 20));
    expect((await errorBody(core.readNamespacedPod({ namespace: 'default', name: 'fg-pod' }))).code).toBe(404);
    expect((await errorBody(core.readNamespacedConfigMap({ namespace: 'default', name: 'owner' }))).code).toBe(404);
  });
});
