/** kubectl's client-side validation and explain, served by the sandbox's generated OpenAPI. */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

const job = (extra: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: checked
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox:1.36
${extra}`;

describe.runIf(run)('kubectl validation and explain', () => {
  const { k } = useSandboxForKubectl();

  it('applies a valid manifest with validation on', async () => {
    const r = await k(['apply', '-f', '-'], job(''));
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('job.batch/checked created');
  });

  it('rejects an unknown field with the strict decoding error naming its path', async () => {
    const r = await k(['apply', '-f', '-'], job('        imagePullPolicyy: Always\n').replace('name: checked', 'name: typo'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"');
  });

  it('explains a field from the generated schema', async () => {
    const r = await k(['explain', 'job.spec.backoffLimit']);
    expect(r.stdout).toContain('KIND:       Job');
    expect(r.stdout).toContain('FIELD: backoffLimit <integer>');
  });
});
