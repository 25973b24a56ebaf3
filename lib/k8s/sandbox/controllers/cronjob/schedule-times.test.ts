import { describe, expect, it } from 'vitest';
import { parseSchedule } from './schedule';
import { mostRecentScheduleTime, nextScheduleDelay, nextScheduleTime } from './schedule-times';

const t = (iso: string) => Date.parse(iso);
const everyMinute = parseSchedule('*/1 * * * *');
const created = t('2025-01-01T00:00:00Z');

describe('CronJob schedule times', () => {
  it('has nothing due before the first scheduled time', () => {
    expect(nextScheduleTime(everyMinute, { creationMs: created }, t('2025-01-01T00:00:59Z'))).toEqual({ tooMany: false, missed: 0 });
  });

  it('starts the first scheduled time once it has passed', () => {
    expect(nextScheduleTime(everyMinute, { creationMs: created }, t('2025-01-01T00:01:00.100Z'))).toEqual({ time: t('2025-01-01T00:01:00Z'), tooMany: false, missed: 1 });
  });

  it('starts only the most recent of several missed times', () => {
    const r = mostRecentScheduleTime(everyMinute, { creationMs: created, lastScheduleMs: t('2025-01-01T00:01:00Z') }, t('2025-01-01T00:10:30Z'), true);
    expect(r).toEqual({ earliest: t('2025-01-01T00:01:00Z'), mostRecent: t('2025-01-01T00:10:00Z'), missed: 9 });
  });

  it('reports too many missed times past 100 and still returns the latest', () => {
    expect(nextScheduleTime(everyMinute, { creationMs: created }, t('2025-01-01T02:00:30Z'))).toEqual({ time: t('2025-01-01T02:00:00Z'), tooMany: true, missed: 120 });
  });

  it('looks back no further than startingDeadlineSeconds', () => {
    const st = { creationMs: created, startingDeadlineSeconds: 600 };
    expect(nextScheduleTime(everyMinute, st, t('2025-01-01T02:00:30Z'))).toEqual({ time: t('2025-01-01T02:00:00Z'), tooMany: false, missed: 10 });
  });

  it('walks irregular schedules exactly', () => {
    const sched = parseSchedule('30 6-16/4 * * 1-5');
    const r = mostRecentScheduleTime(sched, { creationMs: t('2025-01-06T00:00:00Z') }, t('2025-01-07T11:00:00Z'), false);
    expect(new Date(r.mostRecent!).toISOString()).toBe('2025-01-07T10:30:00.000Z');
  });

  it('wakes 100ms after the next scheduled time', () => {
    expect(nextScheduleDelay(everyMinute, { creationMs: created }, t('2025-01-01T00:00:20Z'))).toBe(40_100);
    expect(nextScheduleDelay(everyMinute, { creationMs: created, lastScheduleMs: t('2025-01-01T00:01:00Z') }, t('2025-01-01T00:01:00.100Z'))).toBe(60_000);
  });
});
