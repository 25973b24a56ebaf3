import { afterEach, describe, expect, it, vi } from 'vitest';
import { installTurns, type Lane } from '../../turns/turns';
import { clusterObjectApi } from '../../lab/cluster-object-api';
import { productComponents } from './components';
import { simCluster } from './testing/sim-cluster';

afterEach(() => {
  installTurns(undefined);
  vi.restoreAllMocks();
});

/** Turns that run every task on the next setImmediate and record the lane each asked for. */
function recordingTurns(): Lane[] {
  const lanes: Lane[] = [];
  installTurns({ soon: (fn, lane) => (lanes.push(lane), void setImmediate(fn)) });
  return lanes;
}

const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'busybox:1.36', command: ['sh', '-c', 'echo 3.14'] }] } } },
};

describe('a learner\'s write on a cluster sharing its thread', () => {
  it('has the control plane\'s work it asks for drained in the prompt lane, once, and what follows in the usual lanes', async () => {
    // The thread's clock held still: no drain reaches its slice (runner.test.ts covers slices).
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const lanes = recordingTurns();
    const sim = simCluster({ components: productComponents });
    await sim.settle();
    lanes.length = 0;
    await clusterObjectApi(sim.cluster).apply(job, false);
    await sim.settle();
    expect(lanes.filter((l) => l === 'prompt')).toEqual(['prompt']);
    // The Job's pod was made (and scheduled) in that drain; what its own writes asked for took the control lane.
    const pods = sim.client.list({ group: '', resource: 'pods' }, { namespace: 'default' });
    expect(pods.map((p) => [p.metadata.ownerReferences?.[0]?.name, Boolean((p.spec as { nodeName?: string }).nodeName)])).toEqual([['pi', true]]);
    expect(lanes.slice(lanes.indexOf('prompt') + 1)).toContain('control');
    sim.close();
  });

  it('asks for no prompt drain on a read', async () => {
    const lanes = recordingTurns();
    const sim = simCluster({ components: productComponents });
    await sim.settle();
    await clusterObjectApi(sim.cluster).apply(job, false);
    await sim.settle();
    lanes.length = 0;
    await clusterObjectApi(sim.cluster).read(job);
    await sim.settle();
    expect(lanes).not.toContain('prompt');
    sim.close();
  });
});
