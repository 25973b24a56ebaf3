/** kubectl apply --server-side against the sandbox: field ownership, conflicts and force. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productComponents } from '../components';
import { kubectl, requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';
import { startTestServer, testParts, type TestServer } from './support/test-server';

const run = requireKubectl();

const configMap = (value: string, extra = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: ${value}
${extra}`;

describe.runIf(run)('server-side apply with kubectl', () => {
  const { k } = useSandboxForKubectl();

  it('creates with kubectl as the field manager and records FieldsV1 ownership', async () => {
    const r = await k(['apply', '--server-side', '--validate=false', '-f', '-'], configMap('fast'));
    expect(r.stdout.trim()).toBe('configmap/settings serverside-applied');
    const obj = JSON.parse((await k(['get', 'cm', 'settings', '-o', 'json', '--show-managed-fields'])).stdout);
    const entry = obj.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl');
    expect(entry).toMatchObject({ operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:mode': {} } } });
  });

  it('refuses a second manager changing an owned field, with the API server conflict message', async () => {
    const r = await k(['apply', '--server-side', '--validate=false', '--field-manager=other', '-f', '-'], configMap('slow'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.mode');
  });

  it('moves ownership when forced, and drops fields the manager stops applying', async () => {
    const forced = await k(['apply', '--server-side', '--force-conflicts', '--validate=false', '--field-manager=other', '-f', '-'], configMap('slow', '  extra: "1"'));
    expect(forced.code).toBe(0);
    expect(JSON.parse((await k(['get', 'cm', 'settings', '-o', 'json'])).stdout).data).toEqual({ mode: 'slow', extra: '1' });
    await k(['apply', '--server-side', '--validate=false', '--field-manager=other', '-f', '-'], configMap('slow'));
    expect(JSON.parse((await k(['get', 'cm', 'settings', '-o', 'json'])).stdout).data).toEqual({ mode: 'slow' });
  });
});

describe.runIf(run)('server-side apply with kubectl over the controllers\' fields', () => {
  let server: TestServer | undefined;
  const k = (args: string[], input?: string) => kubectl(server!.kubeconfig, args, input);
  beforeAll(async () => {
    server = await startTestServer(testParts(), { components: productComponents });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows a controller\'s writes in managedFields and refuses an apply over the fields it owns', async () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: owned
spec:
  replicas: 2
  selector:
    matchLabels: {app: owned}
  template:
    metadata:
      labels: {app: owned}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
    expect((await k(['apply', '--server-side', '--validate=false', '-f', '-'], deployment)).code).toBe(0);
    // The controllers' managedFields are computed when the object is first read: this read.
    type Entry = { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> };
    let rs: { metadata: { name: string; managedFields: Entry[] } } | undefined;
    for (let i = 0; i < 100 && !rs; i++) {
      const items = JSON.parse((await k(['get', 'rs', '-l', 'app=owned', '-o', 'json', '--show-managed-fields'])).stdout).items;
      if (items.length) rs = items[0];
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(rs).toBeDefined();
    const creator = rs!.metadata.managedFields.find((e) => e.manager === 'kube-controller-manager' && !e.subresource);
    expect(creator).toMatchObject({ operation: 'Update' });
    expect(creator!.fieldsV1).toMatchObject({ 'f:spec': { 'f:replicas': {} } });
    let deploy: { metadata: { managedFields: Entry[] } } | undefined;
    for (let i = 0; i < 100; i++) {
      deploy = JSON.parse((await k(['get', 'deploy', 'owned', '-o', 'json', '--show-managed-fields'])).stdout);
      if (deploy!.metadata.managedFields.some((e) => e.manager === 'kube-controller-manager' && e.subresource === 'status')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // As on a real cluster: the revision annotation is the controller's, and so is status.
    expect(deploy!.metadata.managedFields.map((e) => [e.manager, e.operation, e.subresource ?? ''])).toEqual([
      ['kubectl', 'Apply', ''],
      ['kube-controller-manager', 'Update', ''],
      ['kube-controller-manager', 'Update', 'status'],
    ]);
    expect(deploy!.metadata.managedFields[1].fieldsV1).toMatchObject({ 'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } } });
    const takeOver = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${rs!.metadata.name}
spec:
  replicas: 5
`;
    const r = await k(['apply', '--server-side', '--validate=false', '--field-manager=learner', '-f', '-'], takeOver);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('conflict with "kube-controller-manager" using apps/v1: .spec.replicas');
  });
});
