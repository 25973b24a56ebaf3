import { describe, expect, it } from 'vitest';
import { SseBatch } from './sse-batch';

/** A schedule the test runs by hand: the turn ends when it says so. */
function manualTurns() {
  const pending: (() => void)[] = [];
  return { schedule: (f: () => void) => void pending.push(f), endTurn: () => pending.splice(0).forEach((f) => f()), waiting: () => pending.length };
}

const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c));

describe('SseBatch', () => {
  it('hands the events of one turn on as one chunk, in order', () => {
    const chunks: Uint8Array[] = [];
    const turns = manualTurns();
    const batch = new SseBatch((c) => chunks.push(c), turns.schedule);
    batch.push('id: 1\ndata: a\n\n');
    batch.push('id: 2\ndata: b\n\n');
    expect(chunks).toEqual([]);
    expect(turns.waiting()).toBe(1);
    turns.endTurn();
    batch.push('data: c\n\n');
    turns.endTurn();
    expect(text(chunks)).toEqual(['id: 1\ndata: a\n\nid: 2\ndata: b\n\n', 'data: c\n\n']);
  });

  it('closes and says so when the stream refuses a chunk, and ignores what comes after', () => {
    let gone = 0;
    const turns = manualTurns();
    const batch = new SseBatch(() => {
      throw new TypeError('Invalid state: Controller is already closed');
    }, turns.schedule, () => gone++);
    batch.push('data: a\n\n');
    turns.endTurn();
    batch.push('data: b\n\n');
    turns.endTurn();
    expect(gone).toBe(1);
    expect(turns.waiting()).toBe(0);
  });

  it('sends nothing queued before close', () => {
    const chunks: Uint8Array[] = [];
    const turns = manualTurns();
    const batch = new SseBatch((c) => chunks.push(c), turns.schedule);
    batch.push('data: a\n\n');
    batch.close();
    turns.endTurn();
    expect(chunks).toEqual([]);
  });

  it('goes out after the current turn by default', async () => {
    const chunks: Uint8Array[] = [];
    const batch = new SseBatch((c) => chunks.push(c));
    batch.push('data: a\n\n');
    batch.push('data: b\n\n');
    await new Promise((r) => setImmediate(r));
    expect(text(chunks)).toEqual(['data: a\n\ndata: b\n\n']);
  });
});
