import { describe, expect, it } from 'vitest';
import { GR } from '../controllers/framework/client';
import { printPod } from '../registry/kinds/pod-printer';
import { productSim } from './product-cluster';

const status = (sim: ReturnType<typeof productSim>, now: number) => sim.pods().map((p) => `${p.metadata.name} ${printPod(p, { now }).cells[2]}`);

describe('a product cluster running the module\'s first Job', () => {
  it('schedules, pulls, runs the shell command in virtual time and completes', async () => {
    const sim = productSim();
    sim.apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'single-job' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', "echo 'Processing data...' && sleep 10 && echo 'Done!'"] }] } } },
    });
    await sim.run(5_000);
    const [pod] = sim.pods();
    expect((pod.spec as { nodeName?: string }).nodeName).toMatch(/^worker-\d$/);
    expect(status(sim, sim.clock.now())).toEqual([`${pod.metadata.name} Running`]);
    const log = () => sim.cluster.logs.read({ namespace: 'default', pod: pod.metadata.name!, container: 'worker' }).map((l) => l.text);
    expect(log()).toEqual(['Processing data...']);
    await sim.run(15_000);
    expect(log()).toEqual(['Processing data...', 'Done!']);
    const job = sim.get(GR.jobs, 'default', 'single-job')!;
    expect((job.status as { succeeded?: number; conditions?: { type: string }[] }).succeeded).toBe(1);
    expect((job.status as { conditions: { type: string }[] }).conditions.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(status(sim, sim.clock.now())).toEqual([`${pod.metadata.name} Completed`]);
    const reasons = sim.events(pod).map((e) => e.reason);
    expect(reasons).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    sim.close();
  });
});
