import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { setPodStatus } from '../../testing/pod-status';
import { StatusError } from '../../errors';
import { GR } from '../framework/client';
import { NamespaceController } from './namespace-controller';

function start(): SimCluster {
  return simCluster({ components: (ctx) => [new NamespaceController(ctx)] });
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
const conditionsOf = (sim: SimCluster) => Object.fromEntries(((sim.get(GR.namespaces, undefined, 'team')!.status as { conditions?: { type: string; status: string; reason: string; message: string }[] }).conditions ?? []).map((c) => [c.type, `${c.status} ${c.reason}: ${c.message}`]));

describe('NamespaceController', () => {
  it('keeps a deleted namespace Terminating while its content goes, then removes it', async () => {
    const sim = start();
    sim.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await sim.settle();
    sim.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team' }, data: { a: '1' } });
    sim.client.create(pod('web'));
    setPodStatus(sim, 'web', { phase: 'Running', node: 'worker-1' }, 'team');
    sim.client.create(pod('pending'));

    const res = sim.client.delete(GR.namespaces, undefined, 'team');
    expect(res.removed).toBe(false);
    const ns = sim.get(GR.namespaces, undefined, 'team')!;
    expect(ns.metadata.deletionTimestamp).toBe('2025-01-01T00:00:00Z');
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toMatchObject({ phase: 'Terminating' });
    let refused: unknown;
    try {
      sim.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'team' } });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StatusError);
    expect((refused as StatusError).message).toBe('configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated');

    await sim.settle();
    expect(sim.list(GR.configmaps, { namespace: 'team' })).toEqual([]);
    expect(sim.get(GR.pods, 'team', 'pending')).toBeUndefined();
    expect(sim.get(GR.pods, 'team', 'web')!.metadata.deletionTimestamp).toBe('2025-01-01T00:00:30Z');
    expect(conditionsOf(sim)).toEqual({
      NamespaceDeletionDiscoveryFailure: 'False ResourcesDiscovered: All resources successfully discovered',
      NamespaceDeletionGroupVersionParsingFailure: 'False ParsedGroupVersions: All legacy kube types successfully parsed',
      NamespaceDeletionContentFailure: 'False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      NamespaceContentRemaining: 'True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances',
      NamespaceFinalizersRemaining: 'False ContentHasNoFinalizers: All content-preserving finalizers finished',
    });

    // The kubelet stops the container and removes the pod ten seconds later.
    await sim.run(10_000);
    sim.client.delete(GR.pods, 'team', 'web', { gracePeriodSeconds: 0 });
    // The controller looks again 30/2+1 = 16s after the deletion.
    await sim.run(5_000);
    expect(sim.get(GR.namespaces, undefined, 'team')).toBeDefined();
    await sim.run(1_000);
    expect(sim.get(GR.namespaces, undefined, 'team')).toBeUndefined();
    sim.close();
  });

  it('waits for content held by a finalizer and reports it', async () => {
    const sim = start();
    sim.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    sim.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'team', finalizers: ['example.com/hold'] } });
    sim.client.delete(GR.namespaces, undefined, 'team');
    await sim.run(5_000);
    expect(conditionsOf(sim)).toMatchObject({
      NamespaceContentRemaining: 'True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      NamespaceFinalizersRemaining: 'True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    const held = sim.get(GR.configmaps, 'team', 'held')!;
    held.metadata.finalizers = [];
    sim.client.update(held);
    await sim.run(1_000);
    expect(sim.get(GR.namespaces, undefined, 'team')).toBeUndefined();
    sim.close();
  });

  it('still refuses to delete the immortal namespaces', () => {
    const sim = start();
    expect(() => sim.client.delete(GR.namespaces, undefined, 'default')).toThrow('namespaces "default" is forbidden: this namespace may not be deleted');
    sim.close();
  });
});
