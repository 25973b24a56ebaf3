import { describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { simCluster } from '../testing/sim-cluster';

const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'report', namespace: 'default' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36' }] } } },
};

describe('the in-process client', () => {
  it('records a status write as the writer\'s managedFields entry for the status subresource, beside the creator\'s', () => {
    const sim = simCluster({ components: () => [] });
    try {
      const created = sim.apply(job);
      sim.clock.advance(5_000);
      sim.client.updateStatus({ ...created, status: { active: 1, startTime: sim.clock.nowISO() } });
      const stored = sim.get(GR.jobs, 'default', 'report')!;
      expect(stored.status).toMatchObject({ active: 1 });
      const entries = stored.metadata.managedFields as { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown>; time: string }[];
      expect(entries.map((e) => [e.manager, e.operation, e.subresource])).toEqual([
        ['kube-controller-manager', 'Update', undefined],
        ['kube-controller-manager', 'Update', 'status'],
      ]);
      expect(entries[1].fieldsV1).toEqual({ 'f:status': { 'f:active': {}, 'f:startTime': {} } });
      expect(entries[1].time).toBe(sim.clock.nowISO().replace(/\.\d+Z$/, 'Z'));
      // The main entry never owns status, and a status write changes nothing else.
      expect(entries[0].fieldsV1).not.toHaveProperty('f:status');
      expect(stored.spec).toEqual(created.spec);
      expect(stored.metadata.generation).toBe(created.metadata.generation);
    } finally {
      sim.close();
    }
  });
});
