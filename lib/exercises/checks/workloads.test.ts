import { describe, expect, it } from 'vitest';
import { productSim } from '../../k8s/sandbox/scenarios/product-cluster';
import type { KubeObject } from '../../k8s/sandbox/types';
import { applyResource, simView } from '../testing';
import { CHECKS } from './index';

const MONITORING = 'exercises/monitoring-stack/prometheus-daemonset/monitoring.yaml';

describe('challenge checks', () => {
  it('the monitoring starter runs node-exporter on every node and two Prometheus replicas on different nodes', async () => {
    const sim = productSim();
    applyResource(sim, MONITORING);
    await sim.run(120_000);
    expect(await CHECKS['node-exporter-on-every-node'](simView(sim))).toMatchObject({ passed: true, saw: 'one Ready node-exporter pod on each of the 4 nodes: control-plane, worker-1, worker-2 and worker-3' });
    const spread = await CHECKS['prometheus-replicas-spread'](simView(sim));
    expect(spread.passed).toBe(true);
    expect(spread.saw).toMatch(/^2 Ready prometheus pods on worker-\d and worker-\d$/);
    expect(await CHECKS['grafana-available'](simView(sim))).toEqual({ passed: false, saw: 'there is no Deployment grafana in monitoring yet' });
    sim.close();
  });

  it('Prometheus with one replica fails on spec.replicas', async () => {
    const sim = productSim();
    applyResource(sim, MONITORING, (o: KubeObject) => {
      if (o.kind === 'StatefulSet') (o.spec as { replicas: number }).replicas = 1;
      return true;
    });
    await sim.run(60_000);
    expect(await CHECKS['prometheus-replicas-spread'](simView(sim))).toEqual({ passed: false, saw: 'prometheus asks for 1 replicas, not 2', field: 'spec.replicas', object: { kind: 'StatefulSet', name: 'prometheus', namespace: 'monitoring' } });
    sim.close();
  });
});
