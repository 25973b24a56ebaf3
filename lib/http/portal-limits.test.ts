import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitSettings, LimitSettingError, PortalLimits } from './portal-limits';

describe('portal limits', () => {
  it('come from the environment, and a malformed setting is refused by name', () => {
    expect(limitSettings({})).toEqual(DEFAULT_LIMITS);
    expect(limitSettings({ KUBELAB_SESSIONS_PER_MINUTE: '40' }).sessionsPerMinute).toBe(40);
    expect(() => limitSettings({ KUBELAB_SESSIONS_PER_MINUTE: '0' })).toThrow(LimitSettingError);
    expect(() => limitSettings({ KUBELAB_RESETS_PER_MINUTE: 'lots' })).toThrow(/KUBELAB_RESETS_PER_MINUTE=lots/);
  });

  it('allow the whole allowance at once, then one more per share of the period', () => {
    let t = 0;
    const limits = new PortalLimits({ sessionsPerMinute: 2, resetsPerMinute: 3, importsPerHour: 1 }, () => t);
    expect([limits.newSessions.take('a'), limits.newSessions.take('a')]).toEqual([0, 0]);
    expect(limits.newSessions.take('a')).toBe(30);
    expect(limits.newSessions.take('b')).toBe(0);
    t = 30_000;
    expect(limits.newSessions.take('a')).toBe(0);
    expect(limits.imports.take('x')).toBe(0);
    expect(limits.imports.take('x')).toBe(3600);
  });
});
