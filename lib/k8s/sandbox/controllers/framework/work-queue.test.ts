import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { WorkQueue } from './work-queue';

describe('WorkQueue', () => {
  it('queues a key once, in the order keys first came', () => {
    const q = new WorkQueue(new ManualClock(0), () => undefined);
    for (const k of ['default/a', 'default/b', 'default/a']) q.add(k);
    expect([q.take(), q.take(), q.take()]).toEqual(['default/a', 'default/b', undefined]);
  });

  it('asks for a drain when a key is queued, not again while that key waits', () => {
    let asked = 0;
    const q = new WorkQueue(new ManualClock(0), () => void asked++);
    q.add('default/web');
    q.add('default/web');
    expect(asked).toBe(1);
    q.take();
    q.add('default/web');
    expect(asked).toBe(2);
  });

  it('backs a failing key off 5 ms, 10 ms, 20 ms… until forget() resets it', () => {
    const clock = new ManualClock(0);
    const q = new WorkQueue(clock, () => undefined);
    const due = () => {
      for (let t = 1; t <= 100; t++) {
        clock.advance(1);
        if (q.take() !== undefined) return t;
      }
      return undefined;
    };
    q.addRateLimited('default/job');
    expect(due()).toBe(5);
    q.addRateLimited('default/job');
    expect(due()).toBe(10);
    q.addRateLimited('default/job');
    expect(due()).toBe(20);
    q.forget('default/job');
    q.addRateLimited('default/job');
    expect(due()).toBe(5);
  });

  it('queues a delayed key when the cluster clock reaches it, the earlier of two delays winning', () => {
    const clock = new ManualClock(0);
    const q = new WorkQueue(clock, () => undefined);
    q.addAfter('default/cron', 5000);
    q.addAfter('default/cron', 1000);
    clock.advance(999);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.take()).toBe('default/cron');
  });
});
