/**
 * Loading scenarios into a sandbox cluster over its API, through the bench's apply path:
 * every broken manifest passes the schema check and server-side apply, loading again removes
 * the previous objects first (so it undoes a fix), and each scenario's fix applies the way the
 * learner would apply it from the editor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyManifests } from '../k8s/client/apply';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { startTestServer, type TestServer } from '../k8s/sandbox/integration/support/test-server';
import { sandboxParts } from '../k8s/sandbox/parts';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { loadScenarios } from './definitions';
import { loadScenario, ScenarioBusyError } from './load';

describe('loading a break-and-fix scenario into a cluster', () => {
  let s: TestServer;
  const kc = () => clientKubeConfig({ server: s.url, token: s.token });
  const scenarios = loadScenarios();

  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'break-fix-load' }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(scenarios.map((d) => [d.scenario, d] as const))('%s: its broken objects are created without a problem, and its fix applies from the editor', async (_id, def) => {
    const first = await loadScenario(kc(), def, { namespace: 'default' });
    expect(first.removed).toEqual([]);
    expect(first.results.map((r) => [r.action, r.problems])).toEqual(first.results.map(() => ['created', []]));
    const fixed = await applyManifests(kc(), def.fix, { namespace: 'default' });
    if (def.beforeFix) {
      // A Job's template is immutable: applying over it is refused, which is why the fix deletes it first.
      expect(fixed.map((r) => r.action)).toContain('error');
      expect(fixed.flatMap((r) => r.problems.map((p) => p.message)).join(' ')).toMatch(/immutable/);
    } else {
      expect(fixed.map((r) => [r.summary, r.problems])).toEqual(fixed.map((r) => [r.summary, []]));
    }
  });

  it('loading again removes the earlier objects first, so a fixed DaemonSet is broken again', async () => {
    const def = scenarios.find((d) => d.scenario === 'daemonset-control-plane')!;
    await loadScenario(kc(), def, { namespace: 'default' });
    await applyManifests(kc(), def.fix, { namespace: 'default' });
    const tolerations = () => (s.cluster.context.client.get(GR.daemonsets, 'default', 'node-agent')!.spec as { template: { spec: { tolerations?: unknown[] } } }).template.spec.tolerations;
    expect(tolerations()).toHaveLength(1);
    const again = await loadScenario(kc(), def, { namespace: 'default' });
    expect(again.removed).toEqual(['daemonset/node-agent']);
    expect(again.results.map((r) => r.action)).toEqual(['created']);
    expect(tolerations()).toBeUndefined();
  });

  it('loading a scenario with a running pod again frees the name at once (grace 0) and creates it anew', async () => {
    const def = scenarios.find((d) => d.scenario === 'pending-untolerated-taint')!;
    const before = s.cluster.context.client.get(GR.pods, 'default', 'etcd-snapshot')?.metadata.uid;
    const again = await loadScenario(kc(), def, { namespace: 'default' });
    expect(again.removed).toEqual(['pod/etcd-snapshot']);
    expect(again.results.map((r) => r.action)).toEqual(['created']);
    expect(s.cluster.context.client.get(GR.pods, 'default', 'etcd-snapshot')!.metadata.uid).not.toBe(before);
  });

  it('refuses with 409, naming the object, when an earlier copy is still being deleted after the wait, and loads once it is gone', async () => {
    const def = scenarios.find((d) => d.scenario === 'pending-untolerated-taint')!;
    const client = s.cluster.context.client;
    const pod = client.get(GR.pods, 'default', 'etcd-snapshot')!;
    // A finalizer nobody removes keeps the pod in Terminating, as a stuck controller would.
    client.update({ ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
    const slept: number[] = [];
    const err = await loadScenario(kc(), def, { namespace: 'default', sleep: async (ms) => void slept.push(ms) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioBusyError);
    expect(err).toMatchObject({ status: 409, message: 'scenario pending-untolerated-taint: pod/etcd-snapshot from the previous load is still being deleted; load it again in a few seconds' });
    expect(slept.reduce((a, b) => a + b, 0)).toBe(10_000);
    const held = client.get(GR.pods, 'default', 'etcd-snapshot')!;
    client.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    const again = await loadScenario(kc(), def, { namespace: 'default' });
    expect(again.results.map((r) => r.summary)).toEqual(['pod/etcd-snapshot created']);
  });
});
