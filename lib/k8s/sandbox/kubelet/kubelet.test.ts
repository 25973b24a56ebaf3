import { afterEach, describe, expect, it } from 'vitest';
import { kubeletSim, podOn, type KubeletSim } from './testing/kubelet-sim';

let k: KubeletSim;
afterEach(() => k?.sim.close());

describe('Kubelet: a pod from Pending to Running', () => {
  it('pulls the image, creates and starts the container, and reports Running with the upstream status fields', async () => {
    k = kubeletSim();
    k.sim.apply(podOn('web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] }));
    await k.sim.run(0);
    expect(k.row('web')).toEqual(['0/1', 'ContainerCreating', '0']);
    await k.sim.run(5_000);
    expect(k.row('web')).toEqual(['1/1', 'Running', '0']);
    const s = k.status('web');
    console.log(JSON.stringify(s, null, 1));
    console.log(k.events('web'));
  });
});
