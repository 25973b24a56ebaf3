import { describe, expect, it } from 'vitest';
import { GR } from '../../k8s/sandbox/controllers/framework/client';
import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { applyResource, simView, type Sim } from '../testing';
import { claimPerPod, createdInOrder, dataSurvivesDeletion, podDnsResolves } from './statefulset';

const FILE = 'workload-types/statefulset-patterns.yaml';
const ref = { namespace: 'default', name: 'web-stateful' };

function scale(sim: Sim, replicas: number) {
  const set = sim.get(GR.statefulsets, 'default', 'web-stateful')!;
  (set.spec as { replicas: number }).replicas = replicas;
  sim.client.update(set);
}

const parallel = (o: KubeObject) => {
  if (o.kind === 'StatefulSet') (o.spec as { podManagementPolicy: string }).podManagementPolicy = 'Parallel';
  return true;
};

async function exec(sim: Sim, pod: string, command: string[]) {
  return simView(sim).exec('default', pod, 'nginx', command);
}

describe('StatefulSet checks', () => {
  it('ordered creation passes for 0 to 4 after scaling to five, and says how many exist before', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(90_000);
    const check = createdInOrder(ref, 5);
    expect(await check(simView(sim))).toEqual({
      passed: false,
      saw: '3 of 5 pods exist (web-stateful-0, web-stateful-1 and web-stateful-2); spec.replicas is 3',
      field: 'spec.replicas',
      object: { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' },
      observed: 'web-stateful-0 → web-stateful-1 → web-stateful-2',
    });
    scale(sim, 5);
    await sim.run(90_000);
    expect(await check(simView(sim))).toMatchObject({ passed: true, observed: 'web-stateful-0 → web-stateful-1 → web-stateful-2 → web-stateful-3 → web-stateful-4' });
    expect(await claimPerPod(ref, 'data', 5)(simView(sim))).toEqual({ passed: true, saw: '5 claims, one per pod, all Bound: data-web-stateful-0 … data-web-stateful-4' });
    sim.close();
  });

  it('ordered creation fails with podManagementPolicy Parallel and points at that field', async () => {
    const sim = productSim();
    applyResource(sim, FILE, parallel);
    scale(sim, 5);
    await sim.run(90_000);
    const r = await createdInOrder(ref, 5)(simView(sim));
    expect(r.passed).toBe(false);
    expect(r).toMatchObject({ field: 'spec.podManagementPolicy', object: { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' } });
    expect(r.saw).toMatch(/^web-stateful-1 was created at .*, (before web-stateful-0 was Ready|while web-stateful-0 is not Ready).*; podManagementPolicy is Parallel$/);
    sim.close();
  });

  it('ordered creation stuck behind an image that cannot be pulled points at that image', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.kind === 'StatefulSet') (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'nginx:0.0-missing';
      return true;
    });
    await sim.run(30_000);
    const r = await createdInOrder(ref, 3)(simView(sim));
    expect(r).toMatchObject({
      passed: false,
      saw: '1 of 3 pods exist (web-stateful-0); spec.replicas is 3',
      field: 'spec.template.spec.containers[0].image',
      object: { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' },
    });
    sim.close();
  });

  it('claims per pod fail while the fourth claim is missing, without blaming a claim template that is there', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(90_000);
    expect(await claimPerPod(ref, 'data', 5)(simView(sim))).toEqual({ passed: false, saw: 'no claim data-web-stateful-3 and data-web-stateful-4 yet' });
    sim.close();
  });

  it('claims per pod point at volumeClaimTemplates when the StatefulSet has no template of that name', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.kind === 'StatefulSet') (o.spec as { volumeClaimTemplates: { metadata: { name: string } }[] }).volumeClaimTemplates[0].metadata.name = 'storage';
      return true;
    });
    await sim.run(90_000);
    expect(await claimPerPod(ref, 'data', 3)(simView(sim))).toEqual({
      passed: false,
      saw: 'no claim data-web-stateful-0, data-web-stateful-1 and data-web-stateful-2 yet: web-stateful has no volumeClaimTemplates entry named data',
      field: 'spec.volumeClaimTemplates',
      object: { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' },
    });
    sim.close();
  });

  it('data check: fails before the write, fails before the deletion, passes once the re-created pod still has the text', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    await sim.run(90_000);
    const check = dataSurvivesDeletion({ ...ref, pod: 'web-stateful-0', container: 'nginx', file: '/data/pod-data.txt', text: 'data from pod 0' });
    expect((await check(simView(sim))).saw).toBe('/data/pod-data.txt in web-stateful-0 does not exist yet: write it with sh -c so the redirect runs in the pod');
    expect((await exec(sim, 'web-stateful-0', ['sh', '-c', 'echo "data from pod 0" > /data/pod-data.txt'])).code).toBe(0);
    expect((await check(simView(sim))).saw).toBe('/data/pod-data.txt holds "data from pod 0", and web-stateful-0 has not been deleted since: delete it and check again');
    sim.client.delete(GR.pods, 'default', 'web-stateful-0');
    await sim.run(90_000);
    const r = await check(simView(sim));
    expect(r.passed).toBe(true);
    expect(r.saw).toMatch(/^web-stateful-0 was re-created \(new uid .*\) and \/data\/pod-data.txt still holds "data from pod 0"$/);
    sim.close();
  });

  it('data check fails when the re-created pod lost the file (no claim template: an emptyDir-less pod)', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.kind === 'StatefulSet') {
        const s = o.spec as { volumeClaimTemplates?: unknown; template: { spec: { volumes?: unknown } } };
        delete s.volumeClaimTemplates;
        s.template.spec.volumes = [{ name: 'data', emptyDir: {} }];
      }
      return true;
    });
    await sim.run(90_000);
    await exec(sim, 'web-stateful-0', ['sh', '-c', 'echo "data from pod 0" > /data/pod-data.txt']);
    sim.client.delete(GR.pods, 'default', 'web-stateful-0');
    await sim.run(90_000);
    const r = await dataSurvivesDeletion({ ...ref, pod: 'web-stateful-0', container: 'nginx', file: '/data/pod-data.txt', text: 'data from pod 0' })(simView(sim));
    expect(r).toEqual({
      passed: false,
      saw: '/data/pod-data.txt in web-stateful-0 does not exist yet: write it with sh -c so the redirect runs in the pod; web-stateful has no volumeClaimTemplates, so a re-created pod starts with an empty volume',
      field: 'spec.volumeClaimTemplates',
      object: { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' },
    });
    sim.close();
  });

  it('DNS check resolves web-stateful-1 from a test pod, and fails when the Service is not headless', async () => {
    const sim = productSim();
    applyResource(sim, FILE);
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'test-pod' }, spec: { containers: [{ name: 'test-pod', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    await sim.run(90_000);
    const check = podDnsResolves({ ...ref, pod: 'web-stateful-1', service: 'web-headless', from: ['test-pod', 'web-stateful-0'] });
    const ip = (sim.get(GR.pods, 'default', 'web-stateful-1')!.status as { podIP: string }).podIP;
    expect(await check(simView(sim))).toEqual({ passed: true, saw: `from test-pod, web-stateful-1.web-headless.default.svc.cluster.local resolves to ${ip}, web-stateful-1's own IP` });
    sim.client.delete(GR.services, 'default', 'web-headless');
    sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-headless' }, spec: { selector: { app: 'web-stateful' }, ports: [{ port: 80 }] } });
    expect(await check(simView(sim))).toEqual({ passed: false, saw: 'web-headless is not headless, so pods get no DNS names of their own', field: 'spec.clusterIP', object: { kind: 'Service', name: 'web-headless', namespace: 'default' } });
    sim.close();
  });

  it('DNS check points at serviceName when the StatefulSet names another Service (the field cannot change later)', async () => {
    const sim = productSim();
    applyResource(sim, FILE, (o) => {
      if (o.kind === 'StatefulSet') (o.spec as { serviceName: string }).serviceName = 'web';
      return true;
    });
    const check = podDnsResolves({ ...ref, pod: 'web-stateful-1', service: 'web-headless', from: ['test-pod', 'web-stateful-0'] });
    expect(await check(simView(sim))).toEqual({
      passed: false,
      saw: "web-stateful's serviceName is web, not web-headless, so its pods get no names under web-headless",
      field: 'spec.serviceName',
      object: { kind: 'StatefulSet', name: 'web-stateful', namespace: 'default' },
    });
    sim.close();
  });
});
