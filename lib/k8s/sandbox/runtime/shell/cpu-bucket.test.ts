import { describe, expect, it } from 'vitest';
import { CpuBucket, CpuWaitAbortedError } from './cpu-bucket';
import { ManualWallTimer as ManualWall } from './wall-timer.testing';

describe('CpuBucket: steps per wall second shared by a cluster', () => {
  it('grants the burst at once, then makes takers wait for the refill', async () => {
    const wall = new ManualWall();
    const b = new CpuBucket(1000, 500, wall);
    expect(b.take(500)).toBeUndefined();
    const waiting = b.take(100);
    expect(waiting).toBeInstanceOf(Promise);
    let done = false;
    void waiting!.then(() => (done = true));
    await wall.advance(99);
    expect(done).toBe(false);
    await wall.advance(1);
    expect(done).toBe(true);
    expect(b.granted).toBe(600);
  });

  it('serves waiting containers in arrival order, round-robin', async () => {
    const wall = new ManualWall();
    const b = new CpuBucket(1000, 100, wall);
    b.take(100);
    const order: string[] = [];
    const loop = async (name: string) => {
      for (let i = 0; i < 3; i++) {
        const w = b.take(100);
        if (w) await w;
        order.push(name);
      }
    };
    const all = Promise.all([loop('a'), loop('b'), loop('c')]);
    await wall.advance(1000);
    await all;
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('never grants more than the rate over a wall second, however many take', async () => {
    const wall = new ManualWall();
    const b = new CpuBucket(10_000, 1_000, wall);
    let steps = 0;
    let stop = false;
    const spin = async () => {
      while (!stop) {
        const w = b.take(256);
        if (w) await w;
        steps += 256;
      }
    };
    const loops = Array.from({ length: 20 }, spin);
    await wall.advance(1000);
    stop = true;
    await wall.advance(1000);
    await Promise.all(loops);
    // One second: the burst plus one second of refill (the second advance lets waiters finish).
    expect(steps).toBeLessThanOrEqual(1_000 + 2 * 10_000 + 20 * 256);
    expect(b.granted).toBeLessThanOrEqual(1_000 + 2 * 10_000 + 256);
  });

  it('rejects a waiter whose process is killed and gives its place up', async () => {
    const wall = new ManualWall();
    const b = new CpuBucket(1000, 100, wall);
    b.take(100);
    const killed = new AbortController();
    const first = b.take(100, killed.signal)!;
    const second = b.take(100)!;
    let secondDone = false;
    void second.then(() => (secondDone = true));
    killed.abort();
    await expect(first).rejects.toBeInstanceOf(CpuWaitAbortedError);
    await wall.advance(100);
    expect(secondDone).toBe(true);
    expect(b.waiting).toBe(0);
  });
});

describe('CpuBucket.sustained: whether a cluster keeps its CPU busy', () => {
  it('is false after a short script and true under a loop that runs for seconds', async () => {
    const wall = new ManualWall();
    const b = new CpuBucket(10_000, 50_000, wall);
    for (let i = 0; i < 8; i++) b.take(256);
    expect(b.sustained).toBe(false);
    for (let t = 0; t < 50; t++) {
      for (let i = 0; i < 4; i++) b.take(256);
      await wall.advance(100);
    }
    expect(b.sustained).toBe(true);
    await wall.advance(30_000);
    expect(b.sustained).toBe(false);
  });
});
