import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { RunSlots, TooManyRunsError } from './slots';

describe('kubectl runs per learner', () => {
  it('allows two at once and refuses a third with a 429 and a reason', () => {
    const slots = new RunSlots(2);
    slots.acquire('a');
    slots.acquire('a');
    const e = (() => {
      try {
        slots.acquire('a');
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(TooManyRunsError);
    expect(e).toBeInstanceOf(LabError);
    expect((e as TooManyRunsError).status).toBe(429);
    expect((e as TooManyRunsError).retryAfterSeconds).toBe(1);
    expect((e as Error).message).toBe('you already have 2 kubectl commands running; stop one (Ctrl+C) before starting another');
  });

  it('counts each learner apart', () => {
    const slots = new RunSlots(1);
    slots.acquire('a');
    expect(() => slots.acquire('b')).not.toThrow();
  });

  it('frees a slot once per release, however often release is called', () => {
    const slots = new RunSlots(2);
    const r1 = slots.acquire('a');
    slots.acquire('a');
    r1();
    r1();
    expect(slots.inUse('a')).toBe(1);
    slots.acquire('a');
    expect(() => slots.acquire('a')).toThrow(TooManyRunsError);
  });
});
