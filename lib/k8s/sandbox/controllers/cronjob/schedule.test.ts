import { describe, expect, it } from 'vitest';
import { UnknownTimeZoneError, UnparseableScheduleError, parseGoDuration, parseSchedule } from './schedule';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('CronJob schedules', () => {
  it.each([
    ['*/1 * * * *', '2025-01-01T00:00:00Z', '2025-01-01T00:01:00.000Z'],
    ['*/5 * * * *', '2025-01-01T00:03:10Z', '2025-01-01T00:05:00.000Z'],
    ['0 9 * * MON', '2025-01-01T00:00:00Z', '2025-01-06T09:00:00.000Z'],
    ['@hourly', '2025-01-01T00:00:00Z', '2025-01-01T01:00:00.000Z'],
    ['@daily', '2025-01-01T10:00:00Z', '2025-01-02T00:00:00.000Z'],
    ['@midnight', '2025-01-01T10:00:00Z', '2025-01-02T00:00:00.000Z'],
    ['@weekly', '2025-01-01T00:00:00Z', '2025-01-05T00:00:00.000Z'],
    ['@monthly', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00.000Z'],
    ['@yearly', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['@annually', '2025-06-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['@every 90s', '2025-01-01T00:00:00.500Z', '2025-01-01T00:01:30.000Z'],
    ['@every 1h30m', '2025-01-01T00:00:00Z', '2025-01-01T01:30:00.000Z'],
    ['TZ=Asia/Tokyo 0 9 * * *', '2025-01-01T01:00:00Z', '2025-01-02T00:00:00.000Z'],
  ])('%s after %s fires at %s', (spec, after, next) => {
    expect(iso(parseSchedule(spec).next(at(after)))).toBe(next);
  });

  it('applies spec.timeZone to the fields', () => {
    expect(iso(parseSchedule('0 9 * * *', 'America/New_York').next(at('2025-01-01T00:00:00Z')))).toBe('2025-01-01T14:00:00.000Z');
  });

  it.each(['* * * *', '0 * * * * *', '61 * * * *', 'L * * * *', '0 0 * * 1#2', 'garbage', '@fortnightly', '@every soon'])('refuses %j', (spec) => {
    expect(() => parseSchedule(spec)).toThrow(UnparseableScheduleError);
  });

  it('refuses an unknown time zone', () => {
    expect(() => parseSchedule('* * * * *', 'Mars/Olympus')).toThrow(UnknownTimeZoneError);
  });

  it('reads Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('5')).toBeUndefined();
  });
});
