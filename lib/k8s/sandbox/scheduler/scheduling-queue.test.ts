import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { backoffDuration, SchedulingQueue, UNSCHEDULABLE_FLUSH_MS } from './scheduling-queue';

function queue() {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  let ready = 0;
  const q = new SchedulingQueue(clock, () => ready++);
  return { clock, q, ready: () => ready };
}

const info = (uid: string, priority = 0, created = '2025-01-01T00:00:00Z') => ({ uid, key: `default/${uid}`, priority, created });

describe('scheduling queue', () => {
  it('pops by priority, then creation time, then name', () => {
    const { q } = queue();
    q.add(info('b', 0, '2025-01-01T00:00:01Z'));
    q.add(info('a', 0, '2025-01-01T00:00:02Z'));
    q.add(info('high', 1000, '2025-01-01T00:00:03Z'));
    q.add(info('c', 0, '2025-01-01T00:00:01Z'));
    expect([q.pop()?.uid, q.pop()?.uid, q.pop()?.uid, q.pop()?.uid, q.pop()]).toEqual(['high', 'b', 'c', 'a', undefined]);
  });

  it.each([[1, 1000], [2, 2000], [3, 4000], [4, 8000], [5, 10000], [9, 10000]])('backs off attempt %d for %d ms', (attempts, ms) => {
    expect(backoffDuration(attempts)).toBe(ms);
  });

  it('keeps an unschedulable pod until the cluster changes, then retries it after its backoff', () => {
    const { clock, q } = queue();
    q.add(info('p'));
    q.pop();
    q.failed('p');
    expect(q.where('p')).toBe('unschedulable');
    clock.advance(500);
    q.moveAll();
    expect(q.where('p')).toBe('backoff');
    clock.advance(500);
    expect(q.where('p')).toBe('active');
  });

  it('sends a pod to backoff when the cluster changed while it was being scheduled', () => {
    const { clock, q } = queue();
    q.add(info('p'));
    q.pop();
    q.moveAll();
    q.failed('p');
    expect(q.where('p')).toBe('backoff');
    clock.advance(1000);
    expect(q.where('p')).toBe('active');
  });

  it('flushes an unschedulable pod back to active after a minute without changes', () => {
    const { clock, q } = queue();
    q.add(info('p'));
    q.pop();
    q.failed('p');
    clock.advance(UNSCHEDULABLE_FLUSH_MS - 1);
    expect(q.where('p')).toBe('unschedulable');
    clock.advance(1);
    expect(q.where('p')).toBe('active');
  });
});
