import { describe, expect, it } from 'vitest';
import { AWAKE_CLUSTER_BUDGET_BYTES, DEFAULT_MAX_CLUSTERS, InvalidCapacitySettingError, MAX_AWAKE_PER_CORE, capacityFromEnv, defaultMaxActiveClusters } from './capacity';

const GiB = 2 ** 30;

describe('host capacity', () => {
  it('sizes the awake clusters by 60% of memory over the per-cluster budget, capped per core', () => {
    expect(defaultMaxActiveClusters(2 * GiB, 8)).toBe(Math.floor((2 * GiB * 0.6) / AWAKE_CLUSTER_BUDGET_BYTES));
    expect(defaultMaxActiveClusters(64 * GiB, 2)).toBe(2 * MAX_AWAKE_PER_CORE);
    expect(defaultMaxActiveClusters(1, 2)).toBe(1);
  });

  it('reads the three settings from the environment, with defaults', () => {
    expect(capacityFromEnv({})).toEqual({ idleMs: 20 * 60_000, maxActive: defaultMaxActiveClusters(), maxClusters: DEFAULT_MAX_CLUSTERS });
    expect(capacityFromEnv({ KUBELAB_IDLE_MINUTES: '5', KUBELAB_MAX_ACTIVE_CLUSTERS: '40', KUBELAB_MAX_CLUSTERS: '500' })).toEqual({ idleMs: 5 * 60_000, maxActive: 40, maxClusters: 500 });
  });

  it('refuses a malformed setting by name instead of guessing', () => {
    for (const [name, value] of [['KUBELAB_IDLE_MINUTES', '0'], ['KUBELAB_MAX_ACTIVE_CLUSTERS', 'lots'], ['KUBELAB_MAX_CLUSTERS', '1.5'], ['KUBELAB_MAX_ACTIVE_CLUSTERS', '-3']]) {
      expect(() => capacityFromEnv({ [name]: value })).toThrow(InvalidCapacitySettingError);
      expect(() => capacityFromEnv({ [name]: value })).toThrow(new RegExp(`^${name}="${value.replace('.', '\\.')}": expected a whole number`));
    }
  });
});
