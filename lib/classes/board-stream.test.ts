import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLearnerDb } from '../learners/db';
import { recordLearner } from '../learners/identity';
import { filterRows, sortRows, type BoardRow } from './board';
import { startBoardFeed, type BoardMessage } from './board-stream';
import { createClass, joinClass } from './classes';
import { noteCheck } from './last-check';
import { LearnerSignals } from './signals';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the board feed', () => {
  it('sends the rows once, then only the row of a learner who changed, after a signal', () => {
    const db = memoryLearnerDb();
    const klass = createClass(db, { name: 'One' });
    for (const [id, name] of [['a'.repeat(32), 'Ada'], ['b'.repeat(32), 'Bob']]) {
      recordLearner(db, id);
      joinClass(db, id, klass.id, name);
    }
    const sent: BoardMessage[] = [];
    const signals = new LearnerSignals();
    const feed = startBoardFeed({ db }, signals, klass.id, (m) => sent.push(m), { debounceMs: 50, podScanMs: 60_000 });
    expect(sent).toHaveLength(1);
    expect(sent[0].type === 'rows' && sent[0].rows.map((r) => r.name)).toEqual(['Ada', 'Bob']);

    noteCheck(db, 'a'.repeat(32), 'exercise-5-3-jobs', [{ step: 'single-job', passed: true, saw: 'ok' }, { step: 'parallel-job', passed: false, saw: 'there is no Job parallel-job yet' }]);
    signals.signal('a'.repeat(32));
    signals.signal('a'.repeat(32));
    signals.signal('b'.repeat(32));
    vi.advanceTimersByTime(60);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ type: 'row', row: { name: 'Ada', lesson: 'exercise-5-3-jobs', step: 'parallel-job', message: 'there is no Job parallel-job yet' } });
    feed.close();
    signals.signal('a'.repeat(32));
    vi.advanceTimersByTime(60);
    expect(sent).toHaveLength(2);
  });
});

const row = (over: Partial<BoardRow>): BoardRow => ({ id: 'x', name: 'x', lesson: null, exercise: null, step: null, message: null, checkedAt: null, stepsPassed: 0, lastSeenAt: '2026-12-07T06:00:00.000Z', pods: null, problems: [], ...over });

describe('board filters and sorts', () => {
  it('keep learners idle longer than N minutes, or failing a given step', () => {
    const now = Date.parse('2026-12-07T06:30:00.000Z');
    const rows = [row({ id: 'a', lastSeenAt: '2026-12-07T06:29:00.000Z', exercise: 'e', step: 's1' }), row({ id: 'b', lastSeenAt: '2026-12-07T06:10:00.000Z', exercise: 'e', step: 's2' })];
    expect(filterRows(rows, { stuckMinutes: 10 }, now).map((r) => r.id)).toEqual(['b']);
    expect(filterRows(rows, { failingStep: 'e/s1' }, now).map((r) => r.id)).toEqual(['a']);
    expect(filterRows(rows, {}, now)).toHaveLength(2);
  });

  it('sort by the longest idle or the most pods in trouble first', () => {
    const rows = [row({ id: 'a', name: 'A', lastSeenAt: '2026-12-07T06:29:00.000Z' }), row({ id: 'b', name: 'B', lastSeenAt: '2026-12-07T06:10:00.000Z', problems: ['default/x: Error'] })];
    expect(sortRows(rows, 'idle').map((r) => r.id)).toEqual(['b', 'a']);
    expect(sortRows(rows, 'trouble').map((r) => r.id)).toEqual(['b', 'a']);
    expect(sortRows(rows, 'name').map((r) => r.id)).toEqual(['a', 'b']);
  });
});
