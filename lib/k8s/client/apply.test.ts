import type * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../sandbox/integration/support/test-server';
import { sandboxParts } from '../sandbox/parts';
import { clientKubeConfig } from './kubeconfig';
import { applyManifests, deleteManifests } from './apply';
import type { ObjectApi } from './object-api';
import { clusterObjectApi } from '../../lab/cluster-object-api';

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

/**
 * The same cases both ways a manifest reaches a cluster: client-node over HTTP (a kubeconfig's
 * cluster) and in process where a sandbox cluster runs (the lab bench's Apply and Delete).
 */
describe.each([
  ['through client-node over HTTP', (s: TestServer): k8s.KubeConfig | ObjectApi => clientKubeConfig({ server: s.url, token: s.token })],
  ['in process, where the sandbox cluster runs', (s: TestServer): k8s.KubeConfig | ObjectApi => clusterObjectApi(s.cluster)],
])('applying a learner\'s manifests %s', (_how, target) => {
  let s: TestServer;
  const kc = () => target(s);

  beforeAll(async () => {
    s = await startTestServer(sandboxParts({ clusterId: 'apply-test' }));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates, then reports unchanged, then configured, per document', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
    const first = await applyManifests(kc(), `${cm}---\n${JOB}`);
    expect(first.map((r) => [r.document, r.action, r.summary])).toEqual([[1, 'created', 'configmap/settings created'], [2, 'created', 'job.batch/pi created']]);
    const again = await applyManifests(kc(), cm);
    expect(again.map((r) => r.action)).toEqual(['unchanged']);
    const changed = await applyManifests(kc(), cm.replace('fast', 'slow'));
    expect(changed.map((r) => [r.action, r.summary])).toEqual([['configured', 'configmap/settings serverside-applied']]);
  });

  it('reports a later document of the same object against what the earlier one applied, though every document is read first', async () => {
    const cm = (mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\ndata:\n  mode: ${mode}\n`;
    const results = await applyManifests(kc(), `${cm('one')}---\n${cm('one')}---\n${cm('two')}`);
    expect(results.map((r) => [r.document, r.action])).toEqual([[1, 'created'], [2, 'unchanged'], [3, 'configured']]);
  });

  it('marks a schema error on its line before anything reaches the cluster', async () => {
    const bad = JOB.replace('        image: busybox:1.36\n', '        image: busybox:1.36\n        imagePullPolicyy: Always\n').replace('name: pi\nspec', 'name: pi2\nspec');
    const [r] = await applyManifests(kc(), bad);
    expect(r.action).toBe('error');
    expect(r.problems[0]).toMatchObject({ document: 1, line: 12, field: 'spec.template.spec.containers[0].imagePullPolicyy', source: 'schema' });
  });

  it('marks an unsupported value the API server rejects on its line', async () => {
    const bad = JOB.replace('        image: busybox:1.36\n', '        image: busybox:1.36\n        imagePullPolicy: Sometimes\n').replace('name: pi\nspec', 'name: pi4\nspec');
    const [r] = await applyManifests(kc(), bad);
    expect(r.problems[0]).toMatchObject({ line: 12, field: 'spec.template.spec.containers[0].imagePullPolicy', source: 'api' });
    expect(r.problems[0].message).toContain('Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"');
  });

  it('shows the API server\'s validation message on the offending line', async () => {
    const invalid = JOB.replace('restartPolicy: Never', 'restartPolicy: Always').replace('name: pi\nspec', 'name: pi3\nspec');
    const [r] = await applyManifests(kc(), invalid);
    expect(r.action).toBe('error');
    expect(r.problems[0]).toMatchObject({ line: 8, field: 'spec.template.spec.restartPolicy', source: 'api' });
    expect(r.problems[0].message).toContain('Unsupported value: "Always"');
  });

  it('reports every document of a multi-document manifest even when one fails', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n`;
    const results = await applyManifests(kc(), text);
    expect(results.map((r) => [r.document, r.action])).toEqual([[1, 'created'], [2, 'error'], [3, 'created']]);
    expect(results[1].problems[0]).toMatchObject({ line: 7, message: 'no matches for kind "Widget" in version "v1"' });
  });

  it('dry-runs without changing the cluster and returns both versions for a diff', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: turbo\n';
    const [r] = await applyManifests(kc(), cm, { dryRun: true });
    expect(r.action).toBe('configured');
    expect((r.before as { data?: object }).data).toEqual({ mode: 'slow' });
    expect((r.after as { data?: object }).data).toEqual({ mode: 'turbo' });
    const [now] = await applyManifests(kc(), cm.replace('turbo', 'slow'));
    expect(now.action).toBe('unchanged');
  });

  it('deletes the documents of a manifest and skips what is already gone', async () => {
    const results = await deleteManifests(kc(), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never\n');
    expect(results.map((r) => [r.action, r.summary])).toEqual([['deleted', 'configmap/one deleted'], ['skipped', 'configmap/never: configmaps "never" not found']]);
  });
});
