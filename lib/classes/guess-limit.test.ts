import { describe, expect, it } from 'vitest';
import { GuessLimiter } from './guess-limit';

describe('the wrong-guess limiter', () => {
  it('allows `capacity` wrong guesses, then one per refill period', () => {
    let t = 0;
    const limiter = new GuessLimiter(3, 60, () => t);
    for (let i = 0; i < 3; i++) {
      expect(limiter.wait('a')).toBe(0);
      limiter.fail('a');
    }
    expect(limiter.wait('a')).toBe(60);
    t += 30_000;
    expect(limiter.wait('a')).toBe(30);
    t += 30_000;
    expect(limiter.wait('a')).toBe(0);
  });

  it('counts per address, and right guesses cost nothing', () => {
    const limiter = new GuessLimiter(1, 60, () => 0);
    limiter.fail('a');
    expect(limiter.wait('a')).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) expect(limiter.wait('b')).toBe(0);
  });
});
