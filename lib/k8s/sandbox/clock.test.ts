import { describe, expect, it } from 'vitest';
import { ManualClock, WallClock, runVirtualTime, toISOSeconds, toMicroISO } from './clock';

describe('ManualClock', () => {
  it('formats time as metav1.Time and metav1.MicroTime', () => {
    const c = new ManualClock(Date.UTC(2025, 4, 6, 7, 8, 9, 123));
    expect(c.nowISO()).toBe('2025-05-06T07:08:09Z');
    expect(c.nowMicroISO()).toBe('2025-05-06T07:08:09.123000Z');
  });
  it('fires due timers in time order during advance and not before', () => {
    const c = new ManualClock(0);
    const fired: string[] = [];
    c.setTimer(300, () => fired.push(`b@${c.now()}`));
    c.setTimer(100, () => fired.push(`a@${c.now()}`));
    c.advance(99);
    expect(fired).toEqual([]);
    c.advance(300);
    expect(fired).toEqual(['a@100', 'b@300']);
    expect(c.now()).toBe(399);
  });
  it('does not fire a cancelled timer', () => {
    const c = new ManualClock(0);
    let fired = false;
    const cancel = c.setTimer(10, () => (fired = true));
    cancel();
    c.advance(20);
    expect(fired).toBe(false);
  });
  it('runs timers scheduled by a timer when they fall inside the advance', () => {
    const c = new ManualClock(0);
    const fired: number[] = [];
    c.setTimer(10, () => c.setTimer(10, () => fired.push(c.now())));
    c.advance(25);
    expect(fired).toEqual([20]);
  });
  it('rejects a negative advance', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(/advance ms/);
  });
});

describe('WallClock', () => {
  it('runs virtual time at scale times the wall time', () => {
    let wall = 1000;
    const c = new WallClock({ scale: 10, start: 0, wallNow: () => wall });
    wall += 500;
    expect(c.now()).toBe(5000);
    c.setScale(1);
    wall += 500;
    expect(c.now()).toBe(5500);
    c.advance(1000);
    expect(c.now()).toBe(6500);
    c.dispose();
  });
  it('fires a timer made due by advance', () => {
    const c = new WallClock({ start: 0, wallNow: () => 0 });
    let fired = false;
    c.setTimer(60_000, () => (fired = true));
    c.advance(60_000);
    expect(fired).toBe(true);
    c.dispose();
  });
});

describe('time formatting', () => {
  it('drops milliseconds for seconds precision and keeps microseconds for MicroTime', () => {
    expect(toISOSeconds(1999)).toBe('1970-01-01T00:00:01Z');
    expect(toMicroISO(1.5)).toBe('1970-01-01T00:00:00.001500Z');
  });

  it('formats each second right when called over and over, forwards and back', () => {
    const at = Date.UTC(2026, 10, 29, 3, 59, 59);
    for (const ms of [at, at + 999, at + 1000, at + 999, at - 1, at + 61_000]) {
      expect(toISOSeconds(ms)).toBe(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });
});

describe('runVirtualTime', () => {
  it('stops at every due timer in order, settling before and after each, and ends exactly at the target', async () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    clock.setTimer(300, () => log.push(`timer@${clock.now()}`));
    // A timer set while settling (work started by a timer) still fires within the span.
    clock.setTimer(100, () => {
      log.push(`timer@${clock.now()}`);
      clock.setTimer(50, () => log.push(`chained@${clock.now()}`));
    });
    clock.setTimer(900, () => log.push('too late'));
    await runVirtualTime(clock, 500, async () => {
      log.push(`settle@${clock.now()}`);
    });
    expect(log).toEqual(['settle@0', 'timer@100', 'settle@100', 'chained@150', 'settle@150', 'timer@300', 'settle@300', 'settle@500']);
    expect(clock.now()).toBe(500);
  });

  it('jumps the rest of the span at once after maxSteps stops, and says it was cut short', async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    for (let t = 100; t <= 500; t += 100) clock.setTimer(t, () => fired.push(clock.now()));
    const run = await runVirtualTime(clock, 1000, async () => undefined, { maxSteps: 2 });
    expect(run).toEqual({ steps: 2, truncated: true });
    // The first two fired at their own times; the jump fired the rest on its way to 1000.
    expect(fired.slice(0, 2)).toEqual([100, 200]);
    expect(fired).toHaveLength(5);
    expect(clock.now()).toBe(1000);
  });

  it('is not cut short when the span ends before the step budget does', async () => {
    const clock = new ManualClock(0);
    clock.setTimer(100, () => undefined);
    clock.setTimer(900, () => undefined);
    expect(await runVirtualTime(clock, 500, async () => undefined, { maxSteps: 1 })).toEqual({ steps: 1, truncated: false });
  });

  it('ends where it is once stopped() says so', async () => {
    const clock = new ManualClock(0);
    let stop = false;
    clock.setTimer(100, () => (stop = true));
    clock.setTimer(200, () => undefined);
    const run = await runVirtualTime(clock, 1000, async () => undefined, { stopped: () => stop });
    expect(run).toEqual({ steps: 1, truncated: false });
    expect(clock.now()).toBe(100);
  });

  it('steps a paused WallClock through its timers like a ManualClock', async () => {
    const clock = new WallClock({ scale: 0, start: 0, wallNow: () => 0 });
    const fired: number[] = [];
    clock.setTimer(300, () => fired.push(clock.now()));
    clock.setTimer(100, () => fired.push(clock.now()));
    expect(clock.nextDue()).toBe(100);
    await runVirtualTime(clock, 500, async () => undefined);
    expect(fired).toEqual([100, 300]);
    expect(clock.now()).toBe(500);
    expect(clock.nextDue()).toBeUndefined();
    clock.dispose();
  });
});
