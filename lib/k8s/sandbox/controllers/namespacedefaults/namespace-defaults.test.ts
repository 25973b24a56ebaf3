import { describe, expect, it } from 'vitest';
import { GR } from '../../registry/group-resources';
import { simCluster } from '../../testing/sim-cluster';
import { ManualClock } from '../../clock';
import { apiServerStore } from '../../parts';
import { ObjectStore } from '../../store/object-store';
import { serviceAccountsController } from './namespace-defaults';

describe('the service-account controller and the root CA publisher', () => {
  it('give a new namespace its default ServiceAccount and kube-root-ca.crt, on a cluster with no other components', async () => {
    const sim = simCluster({ components: () => [] });
    try {
      sim.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
      await sim.settle();
      expect(sim.get(GR.serviceaccounts, 'team-a', 'default')).toBeDefined();
      expect(sim.get(GR.configmaps, 'team-a', 'kube-root-ca.crt')?.data).toHaveProperty('ca.crt');
    } finally {
      sim.close();
    }
  });

  it('create nothing once stopped', async () => {
    const store = apiServerStore(new ObjectStore({ clock: new ManualClock(Date.UTC(2025, 0, 1)) }));
    const controller = serviceAccountsController(store);
    controller.start();
    store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'early' } });
    controller.stop();
    store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } });
    await Promise.resolve();
    expect(store.get(GR.serviceaccounts, 'early', 'default')).toBeDefined();
    expect(store.get(GR.serviceaccounts, 'late', 'default')).toBeUndefined();
  });
});
