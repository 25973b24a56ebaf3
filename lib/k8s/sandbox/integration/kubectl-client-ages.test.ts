/**
 * kubectl ages events on its own (the machine's) clock: with the cluster clock an hour ahead,
 * `kubectl events` and `kubectl describe` still show the ages the cluster means, not <invalid>.
 */
import { describe, expect, it } from 'vitest';
import { requireKubectl } from './support/kubectl';
import { useSandboxForKubectl } from './support/kubectl-suite';

const run = requireKubectl();

describe.runIf(run)('kubectl client-side ages with the cluster clock ahead', () => {
  const { k, server } = useSandboxForKubectl();

  it('shows event ages from the cluster clock in kubectl events and describe', async () => {
    const s = server();
    await s.cluster.advance(3600);
    expect((await k(['create', 'configmap', 'aged'])).code).toBe(0);
    const uid = (await k(['get', 'configmap', 'aged', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const at = s.cluster.clock.nowISO();
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'aged.1', namespace: 'default' },
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'aged', namespace: 'default', uid },
      reason: 'Checked',
      message: 'looked at the config map',
      type: 'Normal',
      source: { component: 'kubelab' },
      firstTimestamp: new Date(Date.parse(at) - 120_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      lastTimestamp: new Date(Date.parse(at) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      count: 2,
    };
    const res = await fetch(`${s.url}/api/v1/namespaces/default/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(res.status).toBe(201);

    const events = await k(['events', '--for', 'configmap/aged']);
    expect(events.stdout).not.toContain('<invalid>');
    expect(events.stdout).toMatch(/^(60|61|62)s \(x2 over (2m|2m1s|2m2s)\)\s+Normal\s+Checked\s+ConfigMap\/aged/m);

    const described = await k(['describe', 'configmap', 'aged']);
    expect(described.stdout).not.toContain('<invalid>');
    expect(described.stdout).toMatch(/Normal\s+Checked\s+(60|61|62)s \(x2 over (2m|2m1s|2m2s)\)\s+kubelab\s+looked at the config map/);
  });
});
