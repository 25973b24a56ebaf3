/** kubectl write commands against a sandbox: create, apply, scale, patch, label, delete, wait, node ops. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, parseTable, requireKubectl } from './support/kubectl';
import { startTestServer, type TestServer } from './support/test-server';

const run = requireKubectl();

const deployment = (replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
`;

describe.runIf(run)('kubectl writes against the sandbox', () => {
  let s: TestServer;
  const k = (args: string[], input?: string) => kubectl(s.kubeconfig, args, input);

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('applies, re-applies and reports configured, then prints the deployment row', async () => {
    const first = await k(['apply', '--validate=false', '-f', '-'], deployment(2));
    expect(first.stdout.trim()).toBe('deployment.apps/web created');
    const again = await k(['apply', '--validate=false', '-f', '-'], deployment(4));
    expect(again.stdout.trim()).toBe('deployment.apps/web configured');
    const t = parseTable((await k(['get', 'deploy', '-o', 'wide'])).stdout);
    expect(t.headers).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect([...t.rows[0].slice(0, 4), ...t.rows[0].slice(5)]).toEqual(['web', '0/4', '0', '0', 'nginx', 'nginx:1.27', 'app=web']);
  });

  it('scales through the scale subresource and patches with merge, json and strategic patches', async () => {
    expect((await k(['scale', 'deploy', 'web', '--replicas=5'])).stdout.trim()).toBe('deployment.apps/web scaled');
    expect((await k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('5');
    await k(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":2}}']);
    expect((await k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('2');
    await k(['patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]']);
    expect((await k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3');
    const smp = await k(['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}']);
    expect(smp.stdout.trim()).toBe('deployment.apps/web patched');
    expect((await k(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].name}'])).stdout).toBe('nginx');
  });

  it('sets images, labels and annotates', async () => {
    expect((await k(['set', 'image', 'deploy/web', 'nginx=nginx:1.29'])).stdout.trim()).toBe('deployment.apps/web image updated');
    expect((await k(['label', 'deploy', 'web', 'team=a'])).stdout.trim()).toBe('deployment.apps/web labeled');
    expect((await k(['annotate', 'deploy', 'web', 'note=x'])).stdout.trim()).toBe('deployment.apps/web annotated');
    const obj = JSON.parse((await k(['get', 'deploy', 'web', '-o', 'json'])).stdout);
    expect(obj.spec.template.spec.containers[0].image).toBe('nginx:1.29');
    expect(obj.metadata.labels.team).toBe('a');
    expect(obj.metadata.annotations.note).toBe('x');
    expect(obj.metadata.generation).toBeGreaterThan(1);
    expect(obj.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  });

  it('refuses a Job with restartPolicy Always in the API server wording', async () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bad' },
      spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    const r = await k(['create', '--validate=false', '-f', '-'], JSON.stringify(job));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Job "bad" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });

  it('creates a job with generated selector and prints it Running 0/1', async () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    expect((await k(['create', '--validate=false', '-f', '-'], JSON.stringify(job))).stdout.trim()).toBe('job.batch/once created');
    const t = parseTable((await k(['get', 'jobs'])).stdout);
    expect(t.headers).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(t.rows[0].slice(0, 3)).toEqual(['once', 'Running', '0/1']);
    const obj = JSON.parse((await k(['get', 'job', 'once', '-o', 'json'])).stdout);
    expect(obj.spec.selector.matchLabels['batch.kubernetes.io/controller-uid']).toBe(obj.metadata.uid);
    expect(obj.spec.backoffLimit).toBe(6);
  });

  it('deletes with --cascade and waits for deletion', async () => {
    await k(['run', 'p1', '--image=busybox', '--', 'sleep', '3600']);
    const del = await k(['delete', 'pod', 'p1']);
    expect(del.stdout.trim()).toBe('pod "p1" deleted');
    const wait = await k(['wait', '--for=delete', 'pod/p1', '--timeout=5s']);
    expect(wait.code).toBe(0);
    expect((await k(['delete', 'deploy', 'web', '--cascade=foreground'])).stdout.trim()).toBe('deployment.apps "web" deleted');
    expect((await k(['delete', 'job', 'once', '--cascade=orphan'])).stdout.trim()).toBe('job.batch "once" deleted');
    expect((await k(['get', 'deploy,job'])).stderr.trim()).toBe('No resources found in default namespace.');
  });

  it('cordons, taints and uncordons nodes', async () => {
    expect((await k(['cordon', 'worker-1'])).stdout.trim()).toBe('node/worker-1 cordoned');
    expect((await k(['taint', 'node', 'worker-2', 'dedicated=db:NoSchedule'])).stdout.trim()).toBe('node/worker-2 tainted');
    const t = parseTable((await k(['get', 'nodes'])).stdout);
    expect(t.rows.find((r) => r[0] === 'worker-1')?.[1]).toBe('Ready,SchedulingDisabled');
    expect((await k(['get', 'node', 'worker-2', '-o', 'jsonpath={.spec.taints[0].key}'])).stdout).toBe('dedicated');
    expect((await k(['uncordon', 'worker-1'])).stdout.trim()).toBe('node/worker-1 uncordoned');
  });

  it('waits for a condition set through the status subresource', async () => {
    const ns = await k(['create', '--validate=false', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }));
    expect(ns.stdout.trim()).toBe('namespace/team created');
    const waiting = k(['wait', '--for=jsonpath={.status.phase}=Active', 'namespace/team', '--timeout=5s']);
    expect((await waiting).code).toBe(0);
    expect(parseTable((await k(['get', 'sa', '-n', 'team'])).stdout).rows.map((r) => r[0])).toEqual(['default']);
  });

  it('patches status through --subresource=status and records the patcher as owner of those status fields', async () => {
    // A Service: no controller writes its status, so what the patch set stays to be read.
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'edge' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } };
    await k(['apply', '-f', '-'], JSON.stringify(svc));
    const patched = await k(['patch', 'service', 'edge', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}']);
    expect(patched.stdout.trim()).toBe('service/edge patched');
    const obj = JSON.parse((await k(['get', 'service', 'edge', '-o', 'json', '--show-managed-fields'])).stdout);
    expect(obj.status.loadBalancer.ingress).toEqual([{ ip: '192.0.2.10' }]);
    const entry = obj.metadata.managedFields.find((m: { manager: string; subresource?: string }) => m.manager === 'kubectl-patch' && m.subresource === 'status');
    expect(entry).toMatchObject({ operation: 'Update', apiVersion: 'v1', fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } } });
  });

  it('creates objects with the protobuf-speaking generators (namespace, deployment, cronjob, job --from)', async () => {
    expect((await k(['create', 'namespace', 'proto'])).stdout.trim()).toBe('namespace/proto created');
    expect((await k(['create', 'deployment', 'pb', '--image=nginx:1.27', '--replicas=2', '-n', 'proto'])).stdout.trim()).toBe('deployment.apps/pb created');
    expect((await k(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '-n', 'proto', '--', 'date'])).stdout.trim()).toBe('cronjob.batch/tick created');
    expect((await k(['create', 'job', 'now', '--from=cronjob/tick', '-n', 'proto'])).stdout.trim()).toBe('job.batch/now created');
    expect((await k(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'proto'])).stdout.trim()).toBe('configmap/cfg created');
    const dep = JSON.parse((await k(['get', 'deploy', 'pb', '-n', 'proto', '-o', 'json'])).stdout);
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.27' });
    expect(dep.spec.template.metadata).toEqual({ labels: { app: 'pb' } });
    const job = JSON.parse((await k(['get', 'job', 'now', '-n', 'proto', '-o', 'json'])).stdout);
    expect(job.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(job.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    expect(job.spec.template.spec.containers[0].command).toEqual(['date']);
    expect((await k(['get', 'cm', 'cfg', '-n', 'proto', '-o', 'jsonpath={.data.a}'])).stdout).toBe('b');
  });

  it('refuses to delete the default namespace as NamespaceLifecycle does', async () => {
    const r = await k(['delete', 'namespace', 'default']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted');
  });
});
