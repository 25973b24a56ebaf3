/** events.k8s.io/v1 and core/v1 Events are one collection seen through two versions, as on a real API server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { sandboxParts } from '../parts';
import { startTestServer, type TestServer } from './support/test-server';

describe('Events in both API versions', () => {
  let s: TestServer;
  let core: k8s.CoreV1Api;
  let events: k8s.EventsV1Api;

  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'events-versions' }));
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 's', server: s.url, skipTLSVerify: true }],
      users: [{ name: 's', token: s.token }],
      contexts: [{ name: 's', cluster: 's', user: 's', namespace: 'default' }],
      currentContext: 's',
    });
    core = kc.makeApiClient(k8s.CoreV1Api);
    events = kc.makeApiClient(k8s.EventsV1Api);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('shows an events.k8s.io Event as a core Event with the mapped fields', async () => {
    await events.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'web.1' },
        eventTime: new Date('2025-01-01T00:00:00.000000Z') as unknown as k8s.V1MicroTime,
        reportingController: 'example.com/operator',
        reportingInstance: 'operator-1',
        action: 'Scaling',
        reason: 'ScaledUp',
        note: 'Scaled web to 3',
        type: 'Normal',
        regarding: { kind: 'Deployment', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
      },
    });
    const seen = await core.readNamespacedEvent({ namespace: 'default', name: 'web.1' });
    expect(seen).toMatchObject({
      reason: 'ScaledUp', message: 'Scaled web to 3', type: 'Normal', action: 'Scaling',
      involvedObject: { kind: 'Deployment', name: 'web' }, reportingComponent: 'example.com/operator', reportingInstance: 'operator-1',
    });
  });

  it('lists a core Event through events.k8s.io, selectable by regarding fields', async () => {
    await core.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'pod-a.1' }, involvedObject: { kind: 'Pod', name: 'pod-a', namespace: 'default' },
        reason: 'Started', message: 'Started container app', type: 'Normal', count: 2, source: { component: 'kubelet', host: 'worker-1' },
      },
    });
    const list = await events.listNamespacedEvent({ namespace: 'default', fieldSelector: 'regarding.name=pod-a' });
    expect(list.items.map((e) => ({ name: e.metadata?.name, note: e.note, count: e.deprecatedCount, controller: e.reportingController, host: e.deprecatedSource?.host }))).toEqual([
      { name: 'pod-a.1', note: 'Started container app', count: 2, controller: 'kubelet', host: 'worker-1' },
    ]);
    const all = await core.listNamespacedEvent({ namespace: 'default' });
    expect(all.items.map((e) => e.metadata?.name).sort()).toEqual(['pod-a.1', 'web.1']);
  });
});
