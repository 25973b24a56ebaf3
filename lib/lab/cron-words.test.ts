import { describe, expect, it } from 'vitest';
import { cronInWords } from './cron-words';

describe('schedules in words', () => {
  it.each([
    ['*/1 * * * *', undefined, 'every minute'],
    ['* * * * *', undefined, 'every minute'],
    ['*/5 * * * *', undefined, 'every 5 minutes'],
    ['0 * * * *', undefined, 'every hour, on the hour'],
    ['15 * * * *', undefined, 'every hour at 15 minutes past'],
    ['0 */6 * * *', undefined, 'every 6 hours at 00 minutes past'],
    ['0 2 * * *', undefined, 'every day at 02:00 (UTC)'],
    ['30 2 * * 0', 'Europe/Berlin', 'every Sunday at 02:30 (Europe/Berlin)'],
    ['0 9 * * 1-5', undefined, 'every weekday at 09:00 (UTC)'],
    ['0 3 1 * *', undefined, 'on day 1 of every month at 03:00 (UTC)'],
    ['@hourly', undefined, 'every hour, on the hour'],
    ['@daily', undefined, 'every day at midnight (UTC)'],
    ['@every 90s', undefined, 'every 90s'],
    ['0 0 29 2 *', undefined, 'on the schedule "0 0 29 2 *"'],
  ])('%s reads as "%s"', (schedule, tz, words) => {
    expect(cronInWords(schedule, tz)).toBe(words);
  });
});
