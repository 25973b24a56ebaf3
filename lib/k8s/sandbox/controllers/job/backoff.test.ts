import { describe, expect, it } from 'vitest';
import { MAX_JOB_POD_FAILURE_BACKOFF_MS, NO_BACKOFF, nextBackoffRecord, remainingBackoff } from './backoff';

describe('job pod re-creation backoff', () => {
  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [5, 160_000],
    [6, 320_000],
    [7, MAX_JOB_POD_FAILURE_BACKOFF_MS],
    [20, MAX_JOB_POD_FAILURE_BACKOFF_MS],
  ])('waits the full delay right after failure number %i: %i ms', (failures, delay) => {
    expect(remainingBackoff({ failuresAfterLastSuccess: failures, lastFailureTime: 1000 }, 1000)).toBe(delay);
  });

  it('counts the wait from the last failure', () => {
    expect(remainingBackoff({ failuresAfterLastSuccess: 2, lastFailureTime: 0 }, 15_000)).toBe(5_000);
    expect(remainingBackoff({ failuresAfterLastSuccess: 2, lastFailureTime: 0 }, 25_000)).toBe(0);
  });

  it('has no wait without failures', () => {
    expect(remainingBackoff(NO_BACKOFF, 5)).toBe(0);
  });

  it('adds new failures and remembers the latest finish time', () => {
    const r = nextBackoffRecord({ failuresAfterLastSuccess: 1, lastFailureTime: 10 }, [], [30, 20]);
    expect(r).toEqual({ failuresAfterLastSuccess: 3, lastFailureTime: 30 });
  });

  it('restarts the count at a success, keeping only failures after it', () => {
    expect(nextBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 10 }, [50], [40])).toEqual(NO_BACKOFF);
    expect(nextBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 10 }, [50], [40, 60, 70])).toEqual({ failuresAfterLastSuccess: 2, lastFailureTime: 70 });
  });
});
