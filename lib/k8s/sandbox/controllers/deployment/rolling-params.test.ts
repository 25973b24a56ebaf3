import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './rolling-params';

function deployment(replicas: number, strategy: object): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas, strategy } };
}

describe('resolveFenceposts', () => {
  it.each([
    ['25%/25% of 4 is 1 surge and 1 unavailable', '25%', '25%', 4, 1, 1],
    ['25%/25% of 3 rounds surge up to 1 and unavailability down to 0', '25%', '25%', 3, 1, 0],
    ['25%/25% of 10 is 3 surge and 2 unavailable', '25%', '25%', 10, 3, 2],
    ['plain numbers are taken as they are', 1, 0, 3, 1, 0],
    ['0/0 becomes 0 surge and 1 unavailable', 0, 0, 3, 0, 1],
    ['percentages rounding to 0/0 become 0 surge and 1 unavailable', '0%', '10%', 5, 0, 1],
    ['100% surge of 3 is 3', '100%', 0, 3, 3, 0],
  ])('%s', (_why, surge, unavailable, desired, wantSurge, wantUnavailable) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ surge: wantSurge, unavailable: wantUnavailable });
  });

  it('refuses a string that is not a percentage', () => {
    expect(() => scaledValue('lots', 3, true)).toThrow(/not a percentage/);
  });
});

describe('maxSurge and maxUnavailable of a Deployment', () => {
  it('are 0 for Recreate', () => {
    const d = deployment(3, { type: 'Recreate' });
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([0, 0]);
  });

  it('cap unavailability at the replica count and make it 0 at zero replicas', () => {
    expect(maxUnavailable(deployment(2, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } }))).toBe(2);
    expect(maxUnavailable(deployment(0, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }))).toBe(0);
  });
});
