import { describe, expect, it } from 'vitest';
import { simCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';
import { EventTtl } from './event-ttl';

describe('event TTL', () => {
  it('removes an Event an hour after it was last seen, and keeps a repeated one alive', async () => {
    const sim = simCluster({ components: (ctx) => [new EventTtl(ctx)] });
    const cm = sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const rec = sim.cluster.context.recorder('test');
    rec.event(cm, 'Normal', 'Once', 'seen once');
    rec.event(cm, 'Normal', 'Again', 'seen twice');
    await sim.run(50 * 60_000);
    rec.event(cm, 'Normal', 'Again', 'seen twice');
    await sim.run(12 * 60_000);
    expect(sim.list(GR.events, { namespace: 'default' }).map((e) => e.reason)).toEqual(['Again']);
    await sim.run(60 * 60_000);
    expect(sim.list(GR.events, { namespace: 'default' })).toEqual([]);
    sim.close();
  });
});
