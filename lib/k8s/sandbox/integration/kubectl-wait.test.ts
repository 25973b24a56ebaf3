/** kubectl wait --for=condition against the sandbox, with conditions written through /status. */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

describe.runIf(run)('kubectl wait --for=condition', () => {
  const { k, server } = useSandboxForKubectl();
  const patchStatus = (path: string, status: unknown) =>
    fetch(`${server().url}${path}/status`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${server().token}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status }),
    });

  it('returns when a Job gets the Complete condition, and times out while it has not', async () => {
    await k(['create', 'job', 'once', '--image=busybox:1.36', '--', 'true']);
    const early = await k(['wait', '--for=condition=Complete', 'job/once', '--timeout=1s']);
    expect(early.code).not.toBe(0);
    expect(early.stderr).toContain('timed out waiting for the condition on jobs/once');
    const waiting = k(['wait', '--for=condition=Complete', 'job/once', '--timeout=20s']);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const res = await patchStatus('/apis/batch/v1/namespaces/default/jobs/once', {
      succeeded: 1,
      conditions: [{ type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: now, lastProbeTime: now }],
    });
    expect(res.status).toBe(200);
    const done = await waiting;
    expect(done.stdout.trim()).toBe('job.batch/once condition met');
  });
});
