/**
 * The sandbox-only watch parameter `kubelab.omitManagedFields` is an input any learner can send
 * (`kubectl get --raw '/api/v1/...?watch=true&kubelab.omitManagedFields=...'`): every value but
 * exactly `true` is ignored, odd spellings and sizes are answered like any watch, and a watch
 * that omits managedFields still sends the learner's own objects only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxHost, productComponents, sandboxParts } from '../../lib/k8s/sandbox';
import { serveSandboxHost } from '../../lib/k8s/sandbox/integration/support/test-server';

let served: Awaited<ReturnType<typeof serveSandboxHost>>;
let urlA = '';
let urlB = '';

beforeAll(async () => {
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), components: productComponents });
  const a = host.createCluster({ workers: 1 });
  const b = host.createCluster({ workers: 1 });
  for (const [c, name] of [[a.cluster, 'mine'], [b.cluster, 'theirs']] as const) {
    c.context.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: 'v' } });
  }
  served = await serveSandboxHost(host);
  urlA = host.serverURL(served.base, a.record.id);
  urlB = host.serverURL(served.base, b.record.id);
});

afterAll(() => served.close());

/** The event lines of a configmaps watch with this query, read until `until` shows (at most 500 ms). */
async function firstEvents(serverUrl: string, query: string, until = '"name":"mine"'): Promise<{ status: number; events: { type: string; object: { metadata: Record<string, unknown> } }[] }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 500);
  const res = await fetch(`${serverUrl}/api/v1/namespaces/default/configmaps?watch=true&${query}`, { signal: ac.signal });
  let text = '';
  try {
    const reader = res.body!.getReader();
    while (!text.includes(until)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch {
    // aborted: what came is what we have
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  const events = res.status === 200 ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: { metadata: Record<string, unknown> } }) : [];
  return { status: res.status, events };
}

describe('the kubelab.omitManagedFields watch parameter, sent by a stranger', () => {
  it('omits managedFields for exactly true, and shows only the learner\'s own objects', async () => {
    const r = await firstEvents(urlA, 'kubelab.omitManagedFields=true');
    expect(r.status).toBe(200);
    const mine = r.events.find((e) => e.object.metadata.name === 'mine')!;
    expect(r.events.map((e) => e.object.metadata.name)).not.toContain('theirs');
    expect('managedFields' in mine.object.metadata).toBe(false);
  });

  it.each([
    ['TRUE', 'kubelab.omitManagedFields=TRUE'],
    ['1', 'kubelab.omitManagedFields=1'],
    ['empty', 'kubelab.omitManagedFields='],
    ['10,000 characters', `kubelab.omitManagedFields=${'t'.repeat(10_000)}`],
    ['percent-encoded NUL', 'kubelab.omitManagedFields=true%00'],
    ['false then true', 'kubelab.omitManagedFields=false&kubelab.omitManagedFields=true'],
  ])('%s is ignored: the watch is answered as any other, managedFields included', async (_name, query) => {
    const r = await firstEvents(urlA, query);
    expect(r.status).toBe(200);
    const mine = r.events.find((e) => e.object.metadata.name === 'mine')!;
    expect(r.events.map((e) => e.object.metadata.name)).not.toContain('theirs');
    expect(mine.object.metadata.managedFields).toBeDefined();
  });

  it('with another cluster\'s watch, each learner still sees only their own objects', async () => {
    const r = await firstEvents(urlB, 'kubelab.omitManagedFields=true', '"name":"theirs"');
    expect(r.events.map((e) => e.object.metadata.name)).toContain('theirs');
    expect(r.events.map((e) => e.object.metadata.name)).not.toContain('mine');
  });
});
