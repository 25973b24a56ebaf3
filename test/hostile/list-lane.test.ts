/**
 * The lists a bench's stream opens with take the list lane (lib/turns/turns.ts): below the
 * requests and the drains writes asked for, above other control work. A learner who reopens
 * the stream in a loop keeps that lane full: another learner's Apply must still go first, and
 * their controllers must still run, and soon.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installTurns, LIST_STREAK, PriorityTurns } from '../../lib/turns/turns';

afterEach(() => installTurns(undefined));

describe('a learner reopening the bench\'s stream in a loop', () => {
  it('holds up neither another learner\'s Apply nor their controllers on the same worker', () => {
    const slots: (() => void)[] = [];
    const turns = new PriorityTurns((fn) => slots.push(fn));
    const log: string[] = [];

    // Mallory's streams: every list she is served queues another (an endless reconnect loop).
    const mallorysList = () => {
      log.push('mallory');
      turns.soon(mallorysList, 'list');
    };
    for (let i = 0; i < 11; i++) turns.soon(mallorysList, 'list');
    // Alice: a StatefulSet's next replicas in the control lane, then an Apply while Mallory loops.
    let replicas = 3;
    const replica = () => {
      log.push('alice-replica');
      if (--replicas > 0) turns.soon(replica, 'control');
    };
    turns.soon(replica, 'control');
    for (let i = 0; i < 5 * LIST_STREAK && slots.length; i++) slots.shift()!();
    turns.soon(() => log.push('alice-apply'), 'request');
    slots.shift()!();

    expect(log.at(-1), 'alice\'s Apply went before every queued list').toBe('alice-apply');
    expect(log.filter((l) => l === 'alice-replica')).toHaveLength(3);
    expect(log.indexOf('alice-replica')).toBeLessThanOrEqual(LIST_STREAK);
    expect(log.filter((l) => l === 'mallory').length).toBeGreaterThan(2 * LIST_STREAK);
  });
});
