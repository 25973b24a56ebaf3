/** kubectl read commands against a sandbox, compared with what a v1.32 cluster prints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, parseTable, requireKubectl } from './support/kubectl';
import { startTestServer, type TestServer } from './support/test-server';

const run = requireKubectl();

describe.runIf(run)('kubectl get against the sandbox', () => {
  let s: TestServer;
  const k = (...args: string[]) => kubectl(s.kubeconfig, args);

  beforeAll(async () => {
    s = await startTestServer();
    const pod = (name: string, labels: Record<string, string>, ns = 'default') => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
    });
    await kubectl(s.kubeconfig, ['create', '--validate=false', '-f', '-'], JSON.stringify(pod('web-b', { app: 'web', tier: 'front' })));
    await kubectl(s.kubeconfig, ['create', '--validate=false', '-f', '-'], JSON.stringify(pod('web-a', { app: 'web', tier: 'back' })));
    await kubectl(s.kubeconfig, ['create', '--validate=false', '-f', '-'], JSON.stringify(pod('sys', { app: 'dns' }, 'kube-system')));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('prints nodes with -o wide columns and roles', async () => {
    const r = await k('get', 'nodes', '-o', 'wide');
    expect(r.stderr).toBe('');
    const t = parseTable(r.stdout);
    expect(t.headers).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(t.rows.map((row) => [row[0], row[1], row[2], row[4]])).toEqual([
      ['control-plane', 'Ready', 'control-plane', 'v1.32.2'],
      ['worker-1', 'Ready', '<none>', 'v1.32.2'],
      ['worker-2', 'Ready', '<none>', 'v1.32.2'],
      ['worker-3', 'Ready', '<none>', 'v1.32.2'],
    ]);
  });

  it('prints pods with READY STATUS RESTARTS AGE and the wide columns', async () => {
    const t = parseTable((await k('get', 'pods', '-o', 'wide')).stdout);
    expect(t.headers).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(t.rows.map((row) => row.slice(0, 4).concat(row.slice(5)))).toEqual([
      ['web-a', '0/1', 'Pending', '0', '<none>', '<none>', '<none>', '<none>'],
      ['web-b', '0/1', 'Pending', '0', '<none>', '<none>', '<none>', '<none>'],
    ]);
  });

  it('filters by label and field selectors and lists across namespaces', async () => {
    expect(parseTable((await k('get', 'pods', '-l', 'tier=front')).stdout).rows.map((r) => r[0])).toEqual(['web-b']);
    expect(parseTable((await k('get', 'pods', '-l', 'tier in (front,back),app=web')).stdout).rows.length).toBe(2);
    expect(parseTable((await k('get', 'pods', '--field-selector', 'metadata.name=web-a')).stdout).rows.map((r) => r[0])).toEqual(['web-a']);
    const all = parseTable((await k('get', 'pods', '-A')).stdout);
    expect(all.headers.slice(0, 3)).toEqual(['NAMESPACE', 'NAME', 'READY']);
    expect(all.rows.map((r) => `${r[0]}/${r[1]}`)).toEqual(['default/web-a', 'default/web-b', 'kube-system/sys']);
  });

  it('sorts with --sort-by and prints jsonpath, json and yaml', async () => {
    const sorted = await k('get', 'pods', '--sort-by=.metadata.labels.tier', '-o', 'jsonpath={.items[*].metadata.name}');
    expect(sorted.stdout).toBe('web-a web-b');
    const json = JSON.parse((await k('get', 'pod', 'web-a', '-o', 'json')).stdout);
    expect(json.spec.restartPolicy).toBe('Always');
    expect(json.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(json.spec.tolerations).toHaveLength(2);
    const yaml = (await k('get', 'pod', 'web-a', '-o', 'yaml')).stdout;
    expect(yaml).toContain('kind: Pod');
    expect(yaml).toContain('schedulerName: default-scheduler');
  });

  it('prints the bootstrap objects as a kind cluster would', async () => {
    expect(parseTable((await k('get', 'ns')).stdout).rows.map((r) => r.slice(0, 2))).toEqual([
      ['default', 'Active'], ['kube-node-lease', 'Active'], ['kube-public', 'Active'], ['kube-system', 'Active'],
    ]);
    const svc = parseTable((await k('get', 'svc')).stdout);
    expect(svc.headers).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(svc.rows[0].slice(0, 5)).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
    const sc = parseTable((await k('get', 'sc')).stdout);
    expect(sc.rows[0].slice(0, 5)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false']);
    const pc = parseTable((await k('get', 'pc')).stdout);
    expect(pc.headers).toEqual(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
    expect(pc.rows.map((r) => r.slice(0, 3))).toEqual([['system-cluster-critical', '2000000000', 'false'], ['system-node-critical', '2000001000', 'false']]);
    expect(parseTable((await k('get', 'sa')).stdout).rows.map((r) => r.slice(0, 2))).toEqual([['default', '0']]);
  });

  it('lists api-resources with short names and groups', async () => {
    const t = parseTable((await k('api-resources')).stdout);
    const byName = new Map(t.rows.map((r) => [`${r[0]}.${r[r.length - 3]}`, r]));
    expect(byName.get('pods.v1')?.[1]).toBe('po');
    expect(byName.get('cronjobs.batch/v1')?.[1]).toBe('cj');
    expect(byName.get('daemonsets.apps/v1')?.[1]).toBe('ds');
    // 26 stored kinds, the two self reviews and metrics.k8s.io's nodes and pods.
    expect(t.rows.length).toBe(30);
  });

  it('describes a pod', async () => {
    const r = await k('describe', 'pod', 'web-a');
    expect(r.stdout).toMatch(/^Name:\s+web-a$/m);
    expect(r.stdout).toMatch(/^Status:\s+Pending$/m);
    expect(r.stdout).toMatch(/node.kubernetes.io\/not-ready:NoExecute op=Exists for 300s/);
  });

  it('answers get of a missing object with the API server NotFound message', async () => {
    const r = await k('get', 'pod', 'nope');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });
});
