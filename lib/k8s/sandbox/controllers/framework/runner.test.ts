import { describe, expect, it } from 'vitest';
import { PriorityTurns } from '../../../../turns/turns';
import { DRAIN_SLICE_MS, Runner, type DrainLane, type Processor } from './runner';

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

  it('with turns, yields a drain that has run DRAIN_SLICE_MS and queues its rest behind what waits in its lane', () => {
    const slots: (() => void)[] = [];
    const turns = new PriorityTurns((fn) => slots.push(fn));
    const log: string[] = [];
    let clock = 0;
    // Each of the busy cluster's keys takes 2 ms: its drain yields after the pass that reaches 5 ms.
    const busy = new Runner(turns, () => clock);
    busy.register({ name: 'kubelet', lane: 'node', processOne: () => { if (log.filter((l) => l === 'busy').length >= 10) return false; clock += 2; log.push('busy'); return true; } });
    const other = new Runner(turns, () => clock);
    let otherLeft = 1;
    other.register({ name: 'kubelet', lane: 'node', processOne: () => { if (otherLeft === 0) return false; otherLeft--; log.push('other'); return true; } });
    busy.wake('node');
    other.wake('node');
    slots.shift()!();
    expect(log).toEqual(['busy', 'busy', 'busy']);
    expect(busy.busy).toBe(true);
    slots.shift()!();
    expect(log.at(-1)).toBe('other');
    while (slots.length) slots.shift()!();
    expect(log.filter((l) => l === 'busy')).toHaveLength(10);
    expect(busy.busy).toBe(false);
    expect(Math.ceil(DRAIN_SLICE_MS / 2)).toBe(3);
  });

  it('keeps the rest of a sliced prompt drain in the prompt lane, ahead of other clusters\' control work', async () => {
    const slots: (() => void)[] = [];
    const turns = new PriorityTurns((fn) => slots.push(fn));
    const log: string[] = [];
    let clock = 0;
    const writer = new Runner(turns, () => clock);
    let keys = 6;
    writer.register({ name: 'job', processOne: () => { if (keys === 0) return false; keys--; clock += DRAIN_SLICE_MS; log.push('writer'); return true; } });
    const other = new Runner(turns, () => clock);
    let otherKeys = 1;
    other.register({ name: 'statefulset', processOne: () => { if (otherKeys === 0) return false; otherKeys--; log.push('other'); return true; } });
    other.wake('control');
    await writer.whilePrompting(async () => writer.wake('control'));
    while (slots.length) slots.shift()!();
    expect(log).toEqual(['writer', 'writer', 'writer', 'writer', 'writer', 'writer', 'other']);
  });

  it('drains everything in one go without turns, however long it takes', async () => {
    const log: string[] = [];
    let clock = 0;
    const runner = new Runner(undefined, () => clock);
    runner.register({ name: 'job', processOne: () => { if (log.length >= 20) return false; clock += 100; log.push('key'); return true; } });
    runner.wake('control');
    await new Promise((r) => setImmediate(r));
    expect(log).toHaveLength(20);
    expect(runner.busy).toBe(false);
  });
});
