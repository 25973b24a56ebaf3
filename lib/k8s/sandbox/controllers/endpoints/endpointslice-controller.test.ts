import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';
import { EndpointSliceController } from './endpointslice-controller';
import { pod, runPod, service, slicesOf } from './endpoints.testing';

async function start(): Promise<SimCluster> {
  const sim = simCluster({ components: (ctx) => [new EndpointSliceController(ctx)] });
  await sim.settle();
  return sim;
}

describe('EndpointSliceController', () => {
  it('keeps a placeholder slice owned by the Service until a pod has an IP', async () => {
    const sim = await start();
    const svc = sim.apply(service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }, { app: 'web' }));
    await sim.settle();
    const [slice] = slicesOf(sim, 'web');
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels).toEqual({ app: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(slice).toMatchObject({ addressType: 'IPv4', endpoints: [], ports: [] });
    sim.close();
  });

  it('lists endpoints with ready, serving and terminating conditions, node, zone and resolved ports', async () => {
    const sim = await start();
    sim.apply(service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));
    sim.apply(pod('web-a', { app: 'web' }));
    sim.apply(pod('web-b', { app: 'web' }));
    await sim.settle();
    runPod(sim, 'web-a', '10.244.1.7', { phase: 'Running', ready: true, node: 'worker-1' });
    runPod(sim, 'web-b', '10.244.2.4', { phase: 'Running', ready: false, node: 'worker-2' });
    await sim.settle();
    const slices = slicesOf(sim, 'web');
    expect(slices).toHaveLength(1);
    const uid = (name: string) => sim.get(GR.pods, 'default', name)!.metadata.uid;
    expect(slices[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slices[0].endpoints).toEqual([
      { addresses: ['10.244.1.7'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: uid('web-a') }, nodeName: 'worker-1', zone: 'zone-a' },
      { addresses: ['10.244.2.4'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: uid('web-b') }, nodeName: 'worker-2', zone: 'zone-b' },
    ]);

    // A terminating pod stays in the slice, serving but not ready.
    sim.client.delete(GR.pods, 'default', 'web-a');
    await sim.settle();
    const [after] = slicesOf(sim, 'web');
    expect(after.metadata.name).toBe(slices[0].metadata.name);
    expect((after.endpoints as { conditions: unknown }[])[0].conditions).toEqual({ ready: false, serving: true, terminating: true });
    sim.close();
  });

  it('marks headless slices and gives endpoints the hostname of pods in the Service subdomain', async () => {
    const sim = await start();
    sim.apply(service('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] }));
    sim.apply(pod('web-0', { app: 'web' }, { hostname: 'web-0', subdomain: 'web-headless' }));
    await sim.settle();
    runPod(sim, 'web-0', '10.244.1.5', { phase: 'Running', node: 'worker-1' });
    await sim.settle();
    const [slice] = slicesOf(sim, 'web-headless');
    expect(slice.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(slice.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect((slice.endpoints as { hostname?: string }[])[0].hostname).toBe('web-0');
    sim.close();
  });

  it('returns to a single placeholder when the last pod finishes, and creates nothing for a Service without selector', async () => {
    const sim = await start();
    sim.apply(service('manual', { ports: [{ port: 80 }] }));
    sim.apply(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    sim.apply(pod('web-a', { app: 'web' }));
    await sim.settle();
    runPod(sim, 'web-a', '10.244.1.7', { phase: 'Running', node: 'worker-1' });
    await sim.settle();
    expect((slicesOf(sim, 'web')[0].endpoints as unknown[]).length).toBe(1);
    runPod(sim, 'web-a', '10.244.1.7', { phase: 'Failed', node: 'worker-1' });
    await sim.settle();
    const slices = slicesOf(sim, 'web');
    expect(slices.map((s) => [s.endpoints, s.ports])).toEqual([[[], []]]);
    expect(slicesOf(sim, 'manual')).toEqual([]);
    sim.close();
  });
});
