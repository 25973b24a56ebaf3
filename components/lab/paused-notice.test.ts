import { describe, expect, it } from 'vitest';
import { describePause, pausedNotice } from './paused-notice';

describe('the paused-cluster notice', () => {
  it('names a pause in its two largest units', () => {
    expect(describePause(45)).toBe('45 s');
    expect(describePause(12 * 60 + 30)).toBe('12 min');
    expect(describePause(3600)).toBe('1 h');
    expect(describePause(3600 + 5 * 60)).toBe('1 h 5 min');
    expect(describePause(86_400)).toBe('1 day');
    expect(describePause(2 * 86_400 + 3 * 3600 + 59)).toBe('2 days 3 h');
  });

  it('says nothing about a pause shorter than a minute or no pause at all', () => {
    expect(pausedNotice(undefined)).toBeUndefined();
    expect(pausedNotice(59)).toBeUndefined();
    expect(pausedNotice(20 * 3600)).toBe('Your cluster was paused for 20 h while nobody used it; its clock resumed where it stopped, so your CronJobs and pods are where you left them.');
  });
});
