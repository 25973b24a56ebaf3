/** CronJob spec.timeZone checked against the IANA database, as kubectl sees the refusal. */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

const cronJob = (name: string, timeZone: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: "0 3 * * *"
  timeZone: "${timeZone}"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: c
            image: busybox:1.36
`;

describe.runIf(run)('kubectl and CronJob time zones', () => {
  const { k } = useSandboxForKubectl();

  it('refuses a time zone the IANA database does not have with upstream\'s message', async () => {
    const r = await k(['apply', '-f', '-'], cronJob('mars', 'Mars/Olympus'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    expect((await k(['get', 'cronjob', 'mars'])).stderr).toContain('NotFound');
  });

  it('creates a CronJob whose time zone is in the database', async () => {
    const r = await k(['apply', '-f', '-'], cronJob('paris', 'Europe/Paris'));
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('cronjob.batch/paris created');
  });
});
