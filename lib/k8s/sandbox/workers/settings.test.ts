import { describe, expect, it } from 'vitest';
import { InvalidCapacitySettingError } from '../capacity';
import { maxActivePerWorker, sandboxWorkersFromEnv } from './settings';

describe('KUBELAB_SANDBOX_WORKERS', () => {
  it('defaults to one worker per core but one, and at least one', () => {
    expect(sandboxWorkersFromEnv({}, 2)).toBe(1);
    expect(sandboxWorkersFromEnv({}, 8)).toBe(7);
    expect(sandboxWorkersFromEnv({}, 1)).toBe(1);
  });

  it('takes 0 for clusters in the main thread and a whole number of workers', () => {
    expect(sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: '0' }, 2)).toBe(0);
    expect(sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: '3' }, 2)).toBe(3);
  });

  it('refuses anything else, naming the variable and what it expects', () => {
    for (const bad of ['-1', '1.5', 'two', '65']) {
      expect(() => sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: bad }, 2)).toThrow(InvalidCapacitySettingError);
    }
    expect(() => sandboxWorkersFromEnv({ KUBELAB_SANDBOX_WORKERS: 'two' }, 2)).toThrow(/KUBELAB_SANDBOX_WORKERS="two": expected a whole number from 0/);
  });

  it('splits the awake clusters over the workers, rounding up', () => {
    expect(maxActivePerWorker(100, 1)).toBe(100);
    expect(maxActivePerWorker(101, 2)).toBe(51);
    expect(maxActivePerWorker(1, 4)).toBe(1);
  });
});
