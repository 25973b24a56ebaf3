import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { simCluster } from '../../testing/sim-cluster';
import { GR } from '../framework/client';
import { DaemonSetController } from '../daemonset/daemonset-controller';
import { REVISION_HASH_LABEL } from './revisions';

const daemonSet = (image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    updateStrategy: { type: 'OnDelete' },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }] } },
  },
});

describe('syncRevisions', () => {
  it('keeps one revision per template across syncs, and renumbers the old one when the template goes back to it', async () => {
    const sim = simCluster({ components: (ctx) => [new DaemonSetController(ctx)] });
    const setImage = (image: string) => {
      const ds = sim.get(GR.daemonsets, 'default', 'agent')!;
      sim.client.update({ ...ds, spec: daemonSet(image).spec });
    };
    const revisions = () => sim.list(GR.controllerrevisions, { namespace: 'default' })
      .map((r) => [r.revision, r.metadata.labels?.[REVISION_HASH_LABEL], ((r.data as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0].image)])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    sim.apply(daemonSet('busybox:1.36'));
    await sim.settle();
    const [first] = revisions();
    setImage('busybox:1.37');
    await sim.settle();
    expect(revisions().map((r) => [r[0], r[2]])).toEqual([[1, 'busybox:1.36'], [2, 'busybox:1.37']]);
    // Back to the first template: its revision (same name and hash) becomes the newest.
    setImage('busybox:1.36');
    await sim.settle();
    expect(revisions()).toEqual([[2, expect.any(String), 'busybox:1.37'], [3, first[1], 'busybox:1.36']]);
    expect(sim.get(GR.daemonsets, 'default', 'agent')!.metadata.generation).toBe(3);
    sim.close();
  });
});
