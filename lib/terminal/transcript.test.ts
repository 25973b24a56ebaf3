import { describe, expect, it } from 'vitest';
import { appendTranscript, readTranscript } from './transcript';

describe('the terminal transcript', () => {
  it('keeps everything under the limit', () => {
    expect(appendTranscript('$ ls\r\n', 'a b\r\n', 100)).toBe('$ ls\r\na b\r\n');
  });

  it('drops the oldest whole lines once over the limit', () => {
    const t = appendTranscript('line-1\nline-2\n', 'line-3\n', 12);
    expect(t).toBe('line-3\n');
    expect(t.length).toBeLessThanOrEqual(12);
  });

  it('never keeps half a line at the start, even with escape sequences in it', () => {
    const t = appendTranscript('\x1b[31mred error\x1b[0m\n', 'ok\n', 8);
    expect(t).toBe('ok\n');
  });

  it('reads back nothing from a missing value and bounds a stored one', () => {
    expect(readTranscript(null)).toBe('');
    expect(readTranscript('a\n'.repeat(100), 10).length).toBeLessThanOrEqual(10);
  });
});
