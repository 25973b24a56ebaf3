import { describe, expect, it } from 'vitest';
import { FailedPodBackoff } from './failed-pod-backoff';

describe('FailedPodBackoff', () => {
  it('lets the first failure through, then waits 1s, 2s, 4s between kills', () => {
    const b = new FailedPodBackoff();
    expect(b.remaining('ds/n', 0)).toBe(0);
    b.next('ds/n', 0);
    expect(b.remaining('ds/n', 400)).toBe(600);
    expect(b.remaining('ds/n', 1000)).toBe(0);
    b.next('ds/n', 1000);
    expect(b.remaining('ds/n', 1000)).toBe(2000);
    b.next('ds/n', 3000);
    expect(b.remaining('ds/n', 3000)).toBe(4000);
  });

  it('caps at 15 minutes and starts over after a long quiet spell', () => {
    const b = new FailedPodBackoff();
    let t = 0;
    for (let i = 0; i < 20; i++) {
      b.next('k', t);
      t += b.remaining('k', t);
    }
    expect(b.remaining('k', t - 1)).toBe(1);
    b.next('k', t);
    expect(b.remaining('k', t)).toBe(15 * 60 * 1000);
    b.next('k', t + 31 * 60 * 1000);
    expect(b.remaining('k', t + 31 * 60 * 1000)).toBe(1000);
  });
});
