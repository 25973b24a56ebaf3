import { describe, expect, it } from 'vitest';
import type { Pacer } from '../pacer';
import { StringSource } from '../io';
import { BATCH_CHARS, BatchedWriter, forEachSlice, forEachStreamLine, forEachTextLine, LINE_UNITS, UNITS_PER_STEP, WorkMeter } from './work';
import { lines } from './helpers';
import { pacedSort, RUN } from './paced-sort';

/** A pacer that counts steps and asks for a wait every `every` steps (a resolved promise). */
function countingPacer(every = Infinity): Pacer & { steps: number; waits: number } {
  const p = {
    steps: 0,
    waits: 0,
    step() {
      p.steps++;
      if (p.steps % every === 0) {
        p.waits++;
        return Promise.resolve();
      }
      return undefined;
    },
  };
  return p as unknown as Pacer & { steps: number; waits: number };
}

describe('WorkMeter', () => {
  it('takes a pacer step per UNITS_PER_STEP units and carries the remainder to the next charge', () => {
    const pacer = countingPacer();
    const meter = new WorkMeter({ pacer });
    expect(meter.charge(UNITS_PER_STEP - 1)).toBeUndefined();
    expect(pacer.steps).toBe(0);
    meter.charge(1);
    expect(pacer.steps).toBe(1);
    meter.charge(UNITS_PER_STEP * 3 + 10);
    expect(pacer.steps).toBe(4);
    meter.line(UNITS_PER_STEP - 10 - LINE_UNITS);
    expect(pacer.steps).toBe(5);
  });

  it('returns the pacer wait and pays the rest of a big charge after it', async () => {
    const pacer = countingPacer(2);
    const meter = new WorkMeter({ pacer });
    const wait = meter.charge(UNITS_PER_STEP * 5);
    expect(wait).toBeInstanceOf(Promise);
    expect(pacer.steps).toBe(2);
    await wait;
    expect(pacer.steps).toBe(5);
  });
});

describe('line and slice walkers', () => {
  const texts = ['', 'a', 'a\n', 'a\nb', 'a\n\nb\n', '\n', '\n\n', 'one\ntwo\nthree\n'];

  it.each(texts.map((t) => [JSON.stringify(t), t] as const))('forEachTextLine visits the lines of %s as lines() splits them, marking the partial and last one', async (_n, text) => {
    const seen: { line: string; partial: boolean; last: boolean }[] = [];
    await forEachTextLine(text, new WorkMeter({ pacer: countingPacer() }), (line, partial, last) => void seen.push({ line, partial, last }));
    expect(seen.map((s) => s.line)).toEqual(lines(text));
    if (seen.length) {
      expect(seen.map((s) => s.last)).toEqual(seen.map((_, i) => i === seen.length - 1));
      expect(seen[seen.length - 1].partial).toBe(!text.endsWith('\n'));
    }
  });

  it('forEachTextLine stops when the callback returns false and charges each line it visited', async () => {
    const pacer = countingPacer();
    const seen: string[] = [];
    await forEachTextLine('x\n'.repeat(100_000), new WorkMeter({ pacer }), (l) => {
      seen.push(l);
      return seen.length < 50_000;
    });
    expect(seen.length).toBe(50_000);
    expect(pacer.steps).toBe(Math.floor((50_000 * (LINE_UNITS + 1)) / UNITS_PER_STEP));
  });

  it('forEachStreamLine charges the lines of a stream the same way', async () => {
    const pacer = countingPacer();
    const seen: string[] = [];
    await forEachStreamLine(new StringSource('a\nb\nc'), new WorkMeter({ pacer }), (l, partial) => void seen.push(`${l}${partial ? '?' : ''}`));
    expect(seen).toEqual(['a', 'b', 'c?']);
  });

  it('forEachSlice hands over slices that join back into the text, each charged by its length', async () => {
    const pacer = countingPacer();
    const text = 'abcdefghij'.repeat(30_000);
    const parts: string[] = [];
    await forEachSlice(text, new WorkMeter({ pacer }), (s) => void parts.push(s), 4096);
    expect(parts.join('')).toBe(text);
    expect(Math.max(...parts.map((p) => p.length))).toBe(4096);
    expect(pacer.steps).toBe(Math.floor(text.length / UNITS_PER_STEP));
  });

  it('BatchedWriter writes once per batch and the rest on flush', async () => {
    const writes: string[] = [];
    const out = new BatchedWriter({ write: (c) => void writes.push(c) });
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 100; i++) await out.write(line);
    expect(writes.length).toBe(Math.floor((100 * 1024) / BATCH_CHARS));
    await out.flush();
    expect(writes.join('')).toBe(line.repeat(100));
  });
});

describe('pacedSort', () => {
  it('sorts as Array.prototype.sort does, stably, over several runs, charging its comparisons', async () => {
    const pacer = countingPacer(7);
    const items = Array.from({ length: RUN * 5 + 17 }, (_, i) => ({ key: (i * 7919) % 1000, i }));
    const cmp = (a: { key: number }, b: { key: number }) => a.key - b.key;
    const sorted = await pacedSort(items, cmp, new WorkMeter({ pacer }));
    expect(sorted).toEqual(items.slice().sort(cmp));
    expect(pacer.waits).toBeGreaterThan(0);
  });

  it('sorts an empty list and one shorter than a run', async () => {
    const meter = new WorkMeter({ pacer: countingPacer() });
    expect(await pacedSort([], (a: number, b: number) => a - b, meter)).toEqual([]);
    expect(await pacedSort([3, 1, 2], (a, b) => a - b, meter)).toEqual([1, 2, 3]);
  });
});
