import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { observe } from './observe';
import { advanceTimeline, baselineOf } from './timeline';

const cron = { metadata: { name: 'kolkata', namespace: 'default', uid: 'u-c' } } as ObjectLike;

function stateWith(jobs: string[]): ClusterState {
  const items = Object.fromEntries(jobs.map((j) => [`default/${j}`, { metadata: { name: j, namespace: 'default', uid: `u-${j}`, ownerReferences: [{ kind: 'CronJob', name: 'kolkata' }] } } as ObjectLike]));
  return { cronjobs: { items: { 'default/kolkata': cron }, resourceVersion: '1', synced: true }, jobs: { items, resourceVersion: '1', synced: true } };
}

describe('the minute of a time-zoned CronJob\'s first run', () => {
  const o = { kind: 'cronjob-first-minute', name: 'kolkata' } as const;

  it('is not known before the first Job, and asks for a clock skip', () => {
    const s = stateWith([]);
    expect(observe(o, s, advanceTimeline(baselineOf({}), s))).toEqual({ settled: false, detail: 'No Job yet: skip ahead with the clock bar.' });
  });

  it('is the UTC minute past the hour the first Job\'s name stands for', () => {
    // 29437830 minutes after 1970 is 2025-12-20 22:30 UTC, 04:00 the next day in Kolkata.
    const s = stateWith(['kolkata-29437830']);
    expect(observe(o, s, advanceTimeline(baselineOf({}), s))).toEqual({ settled: true, value: 'minute 30', detail: 'kolkata-29437830 was scheduled for 22:30 UTC.' });
  });

  it('ignores a Job created by hand, whose name carries no scheduled time', () => {
    const s = stateWith(['kolkata-manual-x']);
    expect(observe(o, s, advanceTimeline(baselineOf({}), s))).toMatchObject({ settled: false });
  });
});
