import { describe, expect, it } from 'vitest';
import { StreamSlots, TooManyStreamsError } from './stream-slots';

describe('StreamSlots', () => {
  it('refuses the stream after the per-learner cap with a 429 that says to close a tab', () => {
    const slots = new StreamSlots({ perHolder: 2, perHost: 10 });
    slots.acquire('a');
    slots.acquire('a');
    let err: unknown;
    try {
      slots.acquire('a');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TooManyStreamsError);
    expect((err as TooManyStreamsError).status).toBe(429);
    expect((err as TooManyStreamsError).retryAfterSeconds).toBeGreaterThan(0);
    expect((err as TooManyStreamsError).message).toMatch(/2 live event streams.*close another tab/);
  });

  it('counts each learner apart, so one learner at the cap does not block another', () => {
    const slots = new StreamSlots({ perHolder: 1, perHost: 10 });
    slots.acquire('a');
    expect(() => slots.acquire('a')).toThrow(TooManyStreamsError);
    expect(() => slots.acquire('b')).not.toThrow();
  });

  it('refuses any stream once the host holds its cap', () => {
    const slots = new StreamSlots({ perHolder: 5, perHost: 2 });
    slots.acquire('a');
    slots.acquire('b');
    expect(() => slots.acquire('c')).toThrow(/the portal holds 2 live event streams/);
  });

  it('frees a slot on release, once even when released twice', () => {
    const slots = new StreamSlots({ perHolder: 2, perHost: 10 });
    const first = slots.acquire('a');
    slots.acquire('a');
    first();
    first();
    expect(slots.heldBy('a')).toBe(1);
    expect(slots.open).toBe(1);
    expect(() => slots.acquire('a')).not.toThrow();
    expect(() => slots.acquire('a')).toThrow(TooManyStreamsError);
  });
});
