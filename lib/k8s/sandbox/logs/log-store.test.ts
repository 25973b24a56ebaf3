import { describe, expect, it } from 'vitest';
import { MemoryLogStore, formatLogLine, selectLines } from './log-store';

const key = { namespace: 'default', pod: 'p', container: 'c' };

describe('MemoryLogStore', () => {
  it('returns appended lines and moves them to previous on rotate', () => {
    const s = new MemoryLogStore();
    s.append(key, { time: 1, text: 'one' });
    s.rotate(key);
    s.append(key, { time: 2, text: 'two' });
    expect(s.read(key).map((l) => l.text)).toEqual(['two']);
    expect(s.read({ ...key, previous: true }).map((l) => l.text)).toEqual(['one']);
  });

  it('notifies followers until they unsubscribe', () => {
    const s = new MemoryLogStore();
    const seen: string[] = [];
    const stop = s.follow(key, (l) => seen.push(l.text));
    s.append(key, { time: 1, text: 'a' });
    stop();
    s.append(key, { time: 2, text: 'b' });
    expect(seen).toEqual(['a']);
  });

  it('keeps only the newest lines over the cap', () => {
    const s = new MemoryLogStore(2);
    for (let i = 0; i < 5; i++) s.append(key, { time: i, text: String(i) });
    expect(s.read(key).map((l) => l.text)).toEqual(['3', '4']);
  });

  it('forgets a deleted pod', () => {
    const s = new MemoryLogStore();
    s.append(key, { time: 1, text: 'a' });
    s.removePod('default', 'p');
    expect(s.read(key)).toEqual([]);
  });
});

describe('selectLines and formatLogLine', () => {
  const lines = [0, 10_000, 20_000].map((t) => ({ time: t, text: `at ${t}` }));
  it('applies sinceSeconds then tailLines', () => {
    expect(selectLines(lines, { now: 20_000, sinceSeconds: 15 }).length).toBe(2);
    expect(selectLines(lines, { now: 20_000, tailLines: 1 })[0].text).toBe('at 20000');
    expect(selectLines(lines, { now: 20_000, tailLines: 0 })).toEqual([]);
  });

  it('prefixes RFC3339 nano timestamps when asked', () => {
    expect(formatLogLine({ time: Date.parse('2026-01-01T00:00:00.123Z'), text: 'hi' }, true)).toBe('2026-01-01T00:00:00.123000000Z hi\n');
    expect(formatLogLine({ time: 0, text: 'hi' }, false)).toBe('hi\n');
  });
});
