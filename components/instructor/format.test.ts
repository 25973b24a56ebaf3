import { describe, expect, it } from 'vitest';
import { ago, exerciseShortName } from './format';

describe('instructor formatting', () => {
  it('says how long ago in the largest whole unit', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(ago('2026-03-02T09:59:30Z', now)).toBe('just now');
    expect(ago('2026-03-02T09:56:00Z', now)).toBe('4 min ago');
    expect(ago('2026-03-02T07:30:00Z', now)).toBe('2 h ago');
    expect(ago('2026-03-01T09:00:00Z', now)).toBe('1 day ago');
    expect(ago('2026-02-27T09:00:00Z', now)).toBe('3 days ago');
  });

  it('shortens exercise and challenge ids and leaves anything else alone', () => {
    expect(exerciseShortName('exercise-5-1-daemonsets')).toBe('Ex 5.1');
    expect(exerciseShortName('challenge-5-2-data-pipeline')).toBe('Ch 5.2');
    expect(exerciseShortName('project')).toBe('project');
  });
});
