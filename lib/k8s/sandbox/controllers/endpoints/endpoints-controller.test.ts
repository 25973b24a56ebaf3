import { describe, expect, it } from 'vitest';
import { simCluster, type SimCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';
import { EndpointsController } from './endpoints-controller';
import { endpointsOf, pod, runPod, service } from './endpoints.testing';

async function start(): Promise<SimCluster> {
  const sim = simCluster({ components: (ctx) => [new EndpointsController(ctx)] });
  await sim.settle();
  return sim;
}

describe('EndpointsController', () => {
  it('creates an empty Endpoints for a selector Service, then lists pods as they get IPs and become ready', async () => {
    const sim = await start();
    sim.apply(service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }, { app: 'web' }));
    sim.apply(pod('web-a', { app: 'web' }));
    sim.apply(pod('web-b', { app: 'web' }));
    sim.apply(pod('other', { app: 'other' }));
    await sim.settle();
    const empty = endpointsOf(sim, 'web')!;
    expect(empty.subsets).toBeUndefined();
    expect(empty.metadata.labels).toEqual({ app: 'web' });
    expect(empty.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-01T00:00:00Z' });

    await sim.run(5_000);
    runPod(sim, 'web-a', '10.244.1.7', { phase: 'Running', ready: false, node: 'worker-1' });
    runPod(sim, 'web-b', '10.244.2.4', { phase: 'Running', ready: true, node: 'worker-2' });
    await sim.settle();
    const ep = endpointsOf(sim, 'web')!;
    const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: sim.get(GR.pods, 'default', name)!.metadata.uid });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.2.4', nodeName: 'worker-2', targetRef: ref('web-b') }],
        notReadyAddresses: [{ ip: '10.244.1.7', nodeName: 'worker-1', targetRef: ref('web-a') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2025-01-01T00:00:05Z');

    runPod(sim, 'web-a', '10.244.1.7', { phase: 'Running', ready: true, node: 'worker-1' });
    await sim.settle();
    expect((endpointsOf(sim, 'web')!.subsets as { addresses: { ip: string }[] }[])[0].addresses.map((a) => a.ip)).toEqual(['10.244.1.7', '10.244.2.4']);
    sim.close();
  });

  it('gives headless Service endpoints the hostname of pods whose subdomain is the Service', async () => {
    const sim = await start();
    sim.apply(service('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] }));
    sim.apply(pod('web-0', { app: 'web' }, { hostname: 'web-0', subdomain: 'web-headless' }));
    sim.apply(pod('stray', { app: 'web' }, { hostname: 'stray', subdomain: 'elsewhere' }));
    await sim.settle();
    runPod(sim, 'web-0', '10.244.1.5', { phase: 'Running', node: 'worker-1' });
    runPod(sim, 'stray', '10.244.1.6', { phase: 'Running', node: 'worker-1' });
    await sim.settle();
    const ep = endpointsOf(sim, 'web-headless')!;
    expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    const [subset] = ep.subsets as { addresses: { ip: string; hostname?: string }[]; ports: unknown[] }[];
    expect(subset.addresses.map((a) => [a.ip, a.hostname])).toEqual([['10.244.1.5', 'web-0'], ['10.244.1.6', undefined]]);
    expect(subset.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    sim.close();
  });

  it('publishes not-ready pods as addresses with publishNotReadyAddresses, and drops terminating pods otherwise', async () => {
    const sim = await start();
    sim.apply(service('all', { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ port: 80 }] }));
    sim.apply(service('ready', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    sim.apply(pod('web-a', { app: 'web' }));
    await sim.settle();
    runPod(sim, 'web-a', '10.244.1.7', { phase: 'Running', ready: false, node: 'worker-1' });
    await sim.settle();
    expect((endpointsOf(sim, 'all')!.subsets as { addresses: unknown[] }[])[0].addresses).toHaveLength(1);
    expect((endpointsOf(sim, 'ready')!.subsets as { notReadyAddresses: unknown[] }[])[0].notReadyAddresses).toHaveLength(1);

    sim.client.delete(GR.pods, 'default', 'web-a');
    await sim.settle();
    expect(sim.get(GR.pods, 'default', 'web-a')?.metadata.deletionTimestamp).toBeDefined();
    expect(endpointsOf(sim, 'ready')!.subsets).toBeUndefined();
    expect((endpointsOf(sim, 'all')!.subsets as { addresses: unknown[] }[])[0].addresses).toHaveLength(1);
    sim.close();
  });

  it('leaves out pods without an IP, finished pods, and pods without the named target port', async () => {
    const sim = await start();
    sim.apply(service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] }));
    sim.apply(pod('no-ip', { app: 'web' }));
    sim.apply(pod('done', { app: 'web' }));
    sim.apply(pod('no-port', { app: 'web' }));
    await sim.settle();
    runPod(sim, 'done', '10.244.1.8', { phase: 'Succeeded', node: 'worker-1' });
    runPod(sim, 'no-port', '10.244.1.9', { phase: 'Running', node: 'worker-1' });
    await sim.settle();
    expect(endpointsOf(sim, 'web')!.subsets).toBeUndefined();
    sim.close();
  });

  it('leaves Services without a selector alone and deletes the Endpoints of a deleted Service', async () => {
    const sim = await start();
    sim.apply(service('external', { ports: [{ port: 5432 }] }));
    sim.apply({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external' }, subsets: [{ addresses: [{ ip: '192.168.0.9' }], ports: [{ port: 5432 }] }] });
    sim.apply(service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    await sim.settle();
    expect(endpointsOf(sim, 'external')!.subsets).toEqual([{ addresses: [{ ip: '192.168.0.9' }], ports: [{ port: 5432 }] }]);
    expect(endpointsOf(sim, 'web')).toBeDefined();
    sim.client.delete(GR.services, 'default', 'web');
    await sim.settle();
    expect(endpointsOf(sim, 'web')).toBeUndefined();
    expect(endpointsOf(sim, 'kubernetes')).toBeUndefined();
    sim.close();
  });
});
