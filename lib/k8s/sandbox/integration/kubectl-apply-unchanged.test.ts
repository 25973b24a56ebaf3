/**
 * Client-side apply as on a real cluster: kubectl builds its three-way strategic merge patch from
 * the served OpenAPI's patch merge keys and strategies, so re-applying an unchanged manifest is
 * `unchanged`, and `kubectl diff` shows only what the manifest changes.
 */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

const deployment = (image: string, env = 'a') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: same
spec:
  replicas: 2
  selector:
    matchLabels: {app: same}
  template:
    metadata:
      labels: {app: same}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - {name: MODE, value: ${env}}
        volumeMounts:
        - {name: data, mountPath: /data}
      - name: sidecar
        image: busybox:1.36
        command: [sh, -c, 'sleep 3600']
      volumes:
      - name: data
        emptyDir: {}
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: same}}}
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: same
spec:
  selector: {app: same}
  ports:
  - {name: http, port: 80, targetPort: 80}
`;

describe.runIf(run)('kubectl client-side apply with the served list semantics', () => {
  const { k } = useSandboxForKubectl();

  it('says unchanged when the same Deployment and Service are applied a second time', async () => {
    expect((await k(['apply', '-f', '-'], deployment('nginx:1.27'))).stdout.trim()).toBe('deployment.apps/same created');
    expect((await k(['apply', '-f', '-'], service)).stdout.trim()).toBe('service/same created');
    const again = await k(['apply', '-f', '-'], deployment('nginx:1.27'));
    expect(again.stderr).toBe('');
    expect(again.stdout.trim()).toBe('deployment.apps/same unchanged');
    expect((await k(['apply', '-f', '-'], service)).stdout.trim()).toBe('service/same unchanged');
  });

  it('diffs only the changed container image and env value, keeping the other container and defaults', async () => {
    const same = await k(['diff', '-f', '-'], deployment('nginx:1.27'));
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');
    const changed = await k(['diff', '-f', '-'], deployment('nginx:1.28', 'b'));
    expect(changed.code).toBe(1);
    const lines = changed.stdout.split('\n').filter((l) => /^[-+]\s/.test(l));
    expect(lines.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual(expect.arrayContaining(['- image: nginx:1.27', '+ image: nginx:1.28', '- value: a', '+ value: b']));
    expect(lines.some((l) => l.includes('sidecar') || l.includes('terminationMessagePath'))).toBe(false);
  });

  it('patches one container by its merge key on a changed apply, leaving the sidecar and the server defaults in place', async () => {
    expect((await k(['apply', '-f', '-'], deployment('nginx:1.28'))).stdout.trim()).toBe('deployment.apps/same configured');
    const got = JSON.parse((await k(['get', 'deploy', 'same', '-o', 'json'])).stdout) as { spec: { template: { spec: { containers: { name: string; image: string; terminationMessagePath?: string }[] } } } };
    const containers = got.spec.template.spec.containers;
    expect(containers.map((c) => [c.name, c.image])).toEqual([['web', 'nginx:1.28'], ['sidecar', 'busybox:1.36']]);
    expect(containers[1].terminationMessagePath).toBe('/dev/termination-log');
    expect((await k(['apply', '-f', '-'], deployment('nginx:1.28'))).stdout.trim()).toBe('deployment.apps/same unchanged');
  });

  it('removes a container dropped from the manifest with a $patch delete directive, not by replacing the list', async () => {
    const oneContainer = deployment('nginx:1.28').replace(/      - name: sidecar\n.*\n.*\n/, '');
    expect((await k(['apply', '-f', '-'], oneContainer)).stdout.trim()).toBe('deployment.apps/same configured');
    expect((await k(['get', 'deploy', 'same', '-o', 'jsonpath={.spec.template.spec.containers[*].name}'])).stdout).toBe('web');
    expect((await k(['apply', '-f', '-'], oneContainer)).stdout.trim()).toBe('deployment.apps/same unchanged');
  });
});
