import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { SandboxHost } from '../sandbox/host';
import { sandboxParts } from '../sandbox/parts';
import { ClusterStream } from '../watch/cluster-stream';
import { clientNodeWatchTransport } from '../watch/client-node-watch-transport';
import type { ClusterEvent } from '../watch/reducer';
import { clientKubeConfig } from './kubeconfig';
import { applyManifests } from './apply';
import { InProcessDispatcher } from './in-process';

const BASE = 'http://in-process.invalid';
const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: busybox:1.36
        command: ["sh", "-c", "echo hi"]
`;

describe('client-node over the in-process transport', () => {
  let host: SandboxHost;
  let dispatcher: InProcessDispatcher;
  let id: string;
  let token: string;
  const kc = (t = token) => clientKubeConfig({ server: host.serverURL(BASE, id).replace(token, t), token: t }, 'kubelab', { dispatcher });

  beforeEach(() => {
    host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
    const made = host.createCluster({ workers: 1 });
    id = made.record.id;
    token = made.record.token;
    dispatcher = new InProcessDispatcher((req, res) => host.handleRequest(req, res));
  });

  afterEach(() => host.close());

  it('applies a manifest and reports created, then unchanged, through the sandbox API server', async () => {
    const first = await applyManifests(kc(), JOB);
    expect(first.map((r) => r.summary)).toEqual(['job.batch/pi created']);
    const again = await applyManifests(kc(), JOB);
    expect(again.map((r) => r.action)).toEqual(['unchanged']);
    expect(host.getCluster(id)!.cluster.context.client.get({ group: 'batch', resource: 'jobs' }, 'default', 'pi')).toBeDefined();
  });

  it('carries the API server\'s validation refusal to the offending line', async () => {
    const [r] = await applyManifests(kc(), JOB.replace('restartPolicy: Never', 'restartPolicy: Always'));
    expect(r.action).toBe('error');
    expect(r.problems[0]).toMatchObject({ line: 8, field: 'spec.template.spec.restartPolicy', source: 'api' });
  });

  it('refuses a wrong token with 401, as over a socket', async () => {
    const api = k8s.KubernetesObjectApi.makeApiClient(kc('x'.repeat(43)));
    await expect(api.list('v1', 'Pod', 'default')).rejects.toMatchObject({ code: 401 });
  });

  it('answers a path outside the sandbox with a 404 Status naming it without the token', async () => {
    const res = await fetch(`${BASE}/elsewhere/token-secret/x`, { dispatcher } as RequestInit);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain('/elsewhere/token-…/x');
    expect(body.message).not.toContain('secret');
  });

  it('streams watch events to the bench\'s stream and lets the cluster go when the stream closes', async () => {
    const events: ClusterEvent[] = [];
    const stream = new ClusterStream({ transport: clientNodeWatchTransport(kc()), namespace: 'default', onEvent: (e) => events.push(e) });
    stream.start();
    await expect.poll(() => events.some((e) => e.type === 'SNAPSHOT' && e.resource === 'pods'), { timeout: 5000 }).toBe(true);
    await applyManifests(kc(), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n');
    await expect.poll(() => events.some((e) => e.type === 'ADDED' && e.resource === 'pods' && e.object.metadata?.name === 'web'), { timeout: 5000 }).toBe(true);
    stream.close();
    // Every watch's response ends (its hold on the cluster released), so the host can put it to sleep.
    await expect.poll(() => {
      const h = host as unknown as { slots: Map<string, { holds: number }> };
      return h.slots.get(id)!.holds;
    }, { timeout: 5000 }).toBe(0);
  });

  it('keeps serving other requests after a consumer aborts mid-response', async () => {
    const ac = new AbortController();
    const res = await fetch(`${host.serverURL(BASE, id)}/api/v1/namespaces/default/pods?watch=true`, { dispatcher, signal: ac.signal } as RequestInit);
    expect(res.status).toBe(200);
    ac.abort();
    const api = k8s.KubernetesObjectApi.makeApiClient(kc());
    const list = await api.list('v1', 'Node');
    expect(list.items.length).toBe(2);
  });
});
