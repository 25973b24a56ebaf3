import { describe, expect, it } from 'vitest';
import { formatLabelSelector, formatLabels, humanDuration, translateTimestampSince } from './format';

const s = 1000;
describe('humanDuration', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [5 * 60 * s + 7 * s, '5m7s'],
    [10 * 60 * s + 7 * s, '10m'],
    [179 * 60 * s, '179m'],
    [3 * 3600 * s, '3h'],
    [7 * 3600 * s + 30 * 60 * s, '7h30m'],
    [47 * 3600 * s, '47h'],
    [2 * 86400 * s + 3 * 3600 * s, '2d3h'],
    [8 * 86400 * s, '8d'],
    [3 * 365 * 86400 * s, '3y'],
  ])('prints %d ms as %s like kubectl', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('prints <unknown> for a missing timestamp', () => {
    expect(translateTimestampSince(undefined, 0)).toBe('<unknown>');
    expect(translateTimestampSince('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z'))).toBe('5m');
  });
});

describe('label formatting', () => {
  it('sorts labels and prints <none> when empty', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });

  it('formats a label selector with expressions sorted by key', () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,!env,tier in (a,b)');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
});
