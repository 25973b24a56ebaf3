import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { observe } from './observe';
import { isJobLifecycleObserver } from './observe-job-lifecycle';
import { advanceTimeline, baselineOf, type Timeline } from './timeline';

function job(name: string, extra: Record<string, unknown> = {}): ObjectLike {
  return { metadata: { name, namespace: 'default', uid: `u-${name}` }, ...extra } as ObjectLike;
}

function pod(name: string, owner: string): ObjectLike {
  return { metadata: { name, namespace: 'default', uid: `u-${name}`, ownerReferences: [{ kind: 'Job', name: owner }] } } as ObjectLike;
}

function stateOf(jobs: ObjectLike[], pods: ObjectLike[] = []): ClusterState {
  const items = (list: ObjectLike[]) => Object.fromEntries(list.map((o) => [`default/${o.metadata!.name}`, o]));
  return { jobs: { items: items(jobs), resourceVersion: '1', synced: true }, pods: { items: items(pods), resourceVersion: '1', synced: true } };
}

/** The timeline after the given snapshots, starting from an empty cluster. */
function play(...states: ClusterState[]): Timeline {
  return states.reduce(advanceTimeline, baselineOf({}));
}

const complete = { status: { conditions: [{ type: 'Complete', status: 'True' }] } };

describe('a Job removed after it finished', () => {
  const o = { kind: 'job-removed', name: 'tidy' } as const;

  it('is not settled while the finished Job is still listed, and says what to do', () => {
    const s = stateOf([job('tidy', { spec: { ttlSecondsAfterFinished: 30 }, ...complete })]);
    expect(observe(o, s, play(s))).toEqual({ settled: false, detail: 'Job tidy is Complete and still listed; ttlSecondsAfterFinished is 30: skip ahead with the clock.' });
  });

  it('is "gone" once the Job has left the cluster, with its pods', () => {
    const before = stateOf([job('tidy', complete)], [pod('tidy-abc', 'tidy')]);
    const after = stateOf([]);
    expect(observe(o, after, play(before, after))).toMatchObject({ settled: true, value: 'gone', detail: expect.stringContaining('and its pods with it') });
  });

  it('does not count a Job that was there before the Apply and then deleted', () => {
    const before = stateOf([job('tidy', complete)]);
    expect(observe(o, stateOf([]), advanceTimeline(baselineOf(before), stateOf([]))).settled).toBe(false);
  });
});

describe('the pods of a Job left to another controller', () => {
  const o = { kind: 'job-pods-beside', name: 'elsewhere', beside: 'here' } as const;

  it('waits for the Job run by the built-in controller to finish', () => {
    const s = stateOf([job('elsewhere'), job('here', { status: { active: 1 } })], [pod('here-x', 'here')]);
    expect(observe(o, s, play(s))).toEqual({ settled: false, detail: 'Job elsewhere: 0 pods, no status at all; waiting for Job here to finish…' });
  });

  it('then counts the pods the other Job got', () => {
    const running = stateOf([job('elsewhere'), job('here', { status: { active: 1 } })]);
    const done = stateOf([job('elsewhere', { status: { active: 1 } }), job('here', complete)], [pod('elsewhere-y', 'elsewhere')]);
    expect(observe(o, done, play(running, done))).toMatchObject({ settled: true, value: 1, detail: 'Job elsewhere: 1 pod, a status written, while Job here is Complete.' });
  });

  it('are the kinds this module answers for', () => {
    expect([isJobLifecycleObserver({ kind: 'job-removed' }), isJobLifecycleObserver({ kind: 'job-pods-beside' }), isJobLifecycleObserver({ kind: 'job-outcome' })]).toEqual([true, true, false]);
  });
});
