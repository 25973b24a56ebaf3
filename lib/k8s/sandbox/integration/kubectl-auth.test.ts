/** kubectl auth can-i and auth whoami against the sandbox's self reviews. */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

describe.runIf(run)('kubectl auth', () => {
  const { k } = useSandboxForKubectl();

  it('answers yes to auth can-i create jobs', async () => {
    const r = await k(['auth', 'can-i', 'create', 'jobs']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('yes');
    expect(r.code).toBe(0);
  });

  it('answers yes for a namespaced subresource and a non-resource URL', async () => {
    expect((await k(['auth', 'can-i', 'get', 'pods/log', '-n', 'kube-system'])).stdout.trim()).toBe('yes');
    expect((await k(['auth', 'can-i', 'get', '/healthz'])).stdout.trim()).toBe('yes');
  });

  it('names the learner and their groups in auth whoami', async () => {
    const r = await k(['auth', 'whoami']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/ATTRIBUTE\s+VALUE\nUsername\s+kubelab-learner\nGroups\s+\[system:masters system:authenticated\]/);
  });

  it('lists the review groups in discovery', async () => {
    const r = await k(['api-resources', '--api-group=authorization.k8s.io']);
    expect(r.stdout).toMatch(/selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview/);
    const versions = await k(['api-versions']);
    expect(versions.stdout).toContain('authentication.k8s.io/v1\n');
  });
});
