/**
 * kubectl 1.27 and 1.28 read the OpenAPI v2 document only as gnostic protobuf: apply (its
 * three-way patch), explain and diff work against the sandbox with them.
 */
import { describe, expect, it } from 'vitest';
import { availableKubectlMinors, kubectlAt } from './support/kubectl-versions';
import { startTestServer } from './support/test-server';

const minors = availableKubectlMinors([27, 28]);

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: proto}
spec:
  selector: {matchLabels: {app: proto}}
  template:
    metadata: {labels: {app: proto}}
    spec:
      containers:
      - {name: web, image: ${image}, ports: [{containerPort: 80}]}
      - {name: side, image: busybox:1.36, command: [sleep, '3600']}
`;

describe.each(minors)('kubectl 1.%i with the protobuf OpenAPI v2 document', (minor) => {
  it('applies twice (created, then unchanged), explains a field and diffs only the changed image', async () => {
    const s = await startTestServer();
    try {
      const k = (args: string[], input?: string) => kubectlAt(minor, s.kubeconfig, args, input);
      expect((await k(['apply', '-f', '-'], deployment('nginx:1.27'))).stdout.trim()).toBe('deployment.apps/proto created');
      const again = await k(['apply', '-f', '-'], deployment('nginx:1.27'));
      expect(again.stderr).toBe('');
      expect(again.stdout.trim()).toBe('deployment.apps/proto unchanged');
      const explain = await k(['explain', 'deployment.spec.template.spec.containers.ports']);
      expect(explain.stderr).toBe('');
      expect(explain.stdout).toMatch(/FIELD: +ports <\[\]ContainerPort>/);
      expect(explain.stdout).toMatch(/containerPort\s+<integer> -required-/);
      const diff = await k(['diff', '-f', '-'], deployment('nginx:1.28'));
      expect(diff.code).toBe(1);
      const changed = diff.stdout.split('\n').filter((l) => /^[-+] /.test(l)).map((l) => l.replace(/\s+/g, ' '));
      // The image may be the list item's first key ("- - image: ...") or not ("- image: ...").
      expect(changed.some((l) => /^- (- )?image: nginx:1\.27$/.test(l))).toBe(true);
      expect(changed.some((l) => /^\+ (- )?image: nginx:1\.28$/.test(l))).toBe(true);
      expect(changed.some((l) => l.includes('busybox'))).toBe(false);
      expect((await k(['apply', '-f', '-'], deployment('nginx:1.28'))).stdout.trim()).toBe('deployment.apps/proto configured');
      expect((await k(['get', 'deploy', 'proto', '-o', 'jsonpath={.spec.template.spec.containers[*].image}'])).stdout).toBe('nginx:1.28 busybox:1.36');
    } finally {
      await s.close();
    }
  }, 60_000);
});
