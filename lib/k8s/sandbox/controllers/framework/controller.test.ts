import { describe, expect, it } from 'vitest';
import { simCluster } from '../../testing/sim-cluster';
import { Controller, keyOf, type ControllerContext } from './controller';
import { GR } from './client';

/** A toy controller: labels every ConfigMap with how often it was synced, retrying failures. */
class LabelController extends Controller {
  syncs: string[] = [];
  failOnce = new Set<string>();
  constructor(ctx: ControllerContext) {
    super(ctx, 'label');
  }
  protected setup(): void {
    this.watch(GR.configmaps, (o) => keyOf(o));
  }
  sync(key: string): void {
    this.syncs.push(key);
    if (this.failOnce.delete(key)) throw new Error('transient');
    const [ns, name] = key.split('/');
    const cm = this.ctx.client.get(GR.configmaps, ns, name);
    if (!cm || cm.metadata.labels?.seen) return;
    cm.metadata.labels = { ...cm.metadata.labels, seen: 'yes' };
    this.ctx.client.update(cm);
    this.ctx.recorder('label-controller').event(cm, 'Normal', 'Labelled', `Labelled ${name}`);
  }
}

describe('controller framework', () => {
  it('syncs a key once per change and records an event through admission', async () => {
    let ctrl!: LabelController;
    const sim = simCluster({ components: (ctx) => [(ctrl = new LabelController(ctx))] });
    sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    await sim.settle();
    expect(sim.get(GR.configmaps, 'default', 'a')?.metadata.labels).toEqual({ seen: 'yes' });
    expect(sim.events()).toEqual([{ type: 'Normal', reason: 'Labelled', message: 'Labelled a', count: 1, source: 'label-controller' }]);
    expect(ctrl.syncs).toEqual(['default/a', 'default/a']);
    sim.close();
  });

  it('retries a failed sync with backoff on the cluster clock', async () => {
    let ctrl!: LabelController;
    const sim = simCluster({ components: (ctx) => [(ctrl = new LabelController(ctx))] });
    ctrl.failOnce.add('default/b');
    sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    await sim.settle();
    expect(sim.get(GR.configmaps, 'default', 'b')?.metadata.labels).toBeUndefined();
    await sim.run(5);
    expect(sim.get(GR.configmaps, 'default', 'b')?.metadata.labels).toEqual({ seen: 'yes' });
    sim.close();
  });

  it('folds a repeated event into one with a growing count', async () => {
    const sim = simCluster();
    const cm = sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const rec = sim.cluster.context.recorder('kubelet', 'worker-1');
    rec.event(cm, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await sim.run(10_000);
    rec.event(cm, 'Warning', 'BackOff', 'Back-off restarting failed container');
    const [e] = sim.list(GR.events, { namespace: 'default' });
    expect(e).toMatchObject({ count: 2, firstTimestamp: '2025-01-01T00:00:00Z', lastTimestamp: '2025-01-01T00:00:10Z', source: { component: 'kubelet', host: 'worker-1' } });
    sim.close();
  });

  it('marks a scheduled pod for graceful deletion and removes an unscheduled one at once', async () => {
    const sim = simCluster();
    const spec = { containers: [{ name: 'c', image: 'busybox:1.36' }] };
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bound' }, spec: { ...spec, nodeName: 'worker-1' } });
    sim.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loose' }, spec });
    expect(sim.client.delete(GR.pods, 'default', 'bound').removed).toBe(false);
    const bound = sim.get(GR.pods, 'default', 'bound')!;
    expect(bound.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(sim.client.delete(GR.pods, 'default', 'bound', { gracePeriodSeconds: 0 }).removed).toBe(true);
    expect(sim.client.delete(GR.pods, 'default', 'loose').removed).toBe(true);
    sim.close();
  });
});
