import { describe, expect, it } from 'vitest';
import { benchAge } from './bench-age';

describe('ages on the bench', () => {
  const now = Date.parse('2026-12-07T06:00:00Z');
  it('reads like kubectl for a timestamp in the past', () => {
    expect(benchAge('2026-12-07T05:58:30Z', now)).toBe('90s');
    expect(benchAge('2026-12-07T05:00:00Z', now)).toBe('60m');
  });

  it('shows 0s, never <invalid>, for a timestamp ahead of the bench\'s clock (a CronJob run seen at 60x)', () => {
    expect(benchAge('2026-12-07T06:01:00Z', now)).toBe('0s');
  });

  it('shows a dash for a missing or unreadable timestamp', () => {
    expect(benchAge(undefined, now)).toBe('—');
    expect(benchAge('yesterday', now)).toBe('—');
  });
});
