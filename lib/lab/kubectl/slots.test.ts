import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { maxRunsOnHost, RunSlots, TerminalBusyError, TooManyRunsError } from './slots';

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

describe('kubectl runs on the whole server', () => {
  it('refuses a run past the host-wide cap with a 503 that says so, and frees as runs end', () => {
    const slots = new RunSlots(2, 3);
    const a = slots.acquire('a');
    slots.acquire('b');
    slots.acquire('c');
    const e = (() => {
      try {
        slots.acquire('d');
      } catch (x) {
        return x as TerminalBusyError;
      }
    })();
    expect(e).toBeInstanceOf(TerminalBusyError);
    expect(e!.status).toBe(503);
    expect(e!.retryAfterSeconds).toBe(5);
    expect(e!.message).toMatch(/^the terminal is busy for the whole class \(3 kubectl commands running on this server\)/);
    a();
    expect(() => slots.acquire('d')).not.toThrow();
    expect(slots.inUse()).toBe(3);
  });

  it('takes the cap from KUBELAB_MAX_KUBECTL_RUNS, else a quarter of memory at 64 MiB a run, at least 8', () => {
    expect(maxRunsOnHost({ KUBELAB_MAX_KUBECTL_RUNS: '12' }, 2 ** 30)).toBe(12);
    expect(maxRunsOnHost({ KUBELAB_MAX_KUBECTL_RUNS: 'lots' }, 16 * 2 ** 30)).toBe(64);
    expect(maxRunsOnHost({}, 2 ** 30)).toBe(8);
  });
});
