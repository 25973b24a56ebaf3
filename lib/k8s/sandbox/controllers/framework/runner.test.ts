import { describe, expect, it } from 'vitest';
import { PriorityTurns } from '../../../../turns/turns';
import { Runner, type DrainLane, type Processor } from './runner';

/** A processor with n keys queued; records each key it handles. */
function processor(name: string, n: number, log: string[], lane?: DrainLane): Processor & { left: number } {
  return {
    name,
    lane,
    left: n,
    processOne() {
      if (this.left === 0) return false;
      log.push(`${name}:${this.left--}`);
      return true;
    },
  };
}

describe('Runner', () => {
  it('drains every processor together, round robin, on one setImmediate when the thread has no turns', async () => {
    const log: string[] = [];
    const runner = new Runner(undefined);
    runner.register(processor('job', 2, log));
    runner.register(processor('kubelet-worker-1', 2, log, 'node'));
    runner.wake('node');
    expect(runner.busy).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['job:2', 'kubelet-worker-1:2', 'job:1', 'kubelet-worker-1:1']);
    expect(runner.busy).toBe(false);
  });

  it('with turns, drains the kubelets in the node lane and the controllers in the control lane, control first', () => {
    const slots: (() => void)[] = [];
    const log: string[] = [];
    const runner = new Runner(new PriorityTurns((fn) => slots.push(fn)));
    runner.register(processor('kubelet-worker-1', 2, log, 'node'));
    runner.register(processor('job', 2, log));
    runner.wake('node');
    runner.wake('control');
    expect(slots).toHaveLength(2);
    slots.shift()!();
    expect(log).toEqual(['job:2', 'job:1']);
    expect(runner.busy).toBe(true);
    slots.shift()!();
    expect(log).toEqual(['job:2', 'job:1', 'kubelet-worker-1:2', 'kubelet-worker-1:1']);
    expect(runner.busy).toBe(false);
  });

  it('schedules one drain per lane however often it is woken before it runs', () => {
    const slots: (() => void)[] = [];
    const runner = new Runner(new PriorityTurns((fn) => slots.push(fn)));
    for (let i = 0; i < 5; i++) {
      runner.wake('control');
      runner.wake('node');
    }
    expect(slots).toHaveLength(2);
  });
});
