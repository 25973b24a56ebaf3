import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { observe, scheduledMinute } from './observe';
import { advanceTimeline, baselineOf, EMPTY_TIMELINE } from './timeline';

let uid = 0;
function obj(name: string, extra: Record<string, unknown> = {}, owner?: string): ObjectLike {
  const [kind, ownerName] = owner?.split('/') ?? [];
  return {
    metadata: { name, namespace: 'default', uid: `u-${name}-${uid++}`, ...(owner ? { ownerReferences: [{ kind, name: ownerName }] } : {}) },
    ...extra,
  } as ObjectLike;
}

function stateOf(resources: Partial<Record<keyof ClusterState, ObjectLike[]>>): ClusterState {
  const state: ClusterState = {};
  for (const [key, items] of Object.entries(resources)) {
    state[key as keyof ClusterState] = { items: Object.fromEntries(items!.map((o) => [`default/${o.metadata!.name}`, o])), resourceVersion: '1', synced: true };
  }
  return state;
}

describe('reading a Try-it answer from the cluster', () => {
  it('counts a DaemonSet\'s pods only once the controller has placed every one it wants', () => {
    const ds = (current: number) => obj('agent', { status: { desiredNumberScheduled: 3, currentNumberScheduled: current } });
    const pod = (n: string, node: string) => obj(`agent-${n}`, { spec: { nodeName: node } }, 'DaemonSet/agent');
    const early = observe({ kind: 'daemonset-pods', name: 'agent' }, stateOf({ daemonsets: [ds(1)], pods: [pod('a', 'worker-1')] }), EMPTY_TIMELINE);
    expect(early).toMatchObject({ settled: false, value: 1 });
    const done = observe({ kind: 'daemonset-pods', name: 'agent' }, stateOf({ daemonsets: [ds(3)], pods: [pod('a', 'worker-1'), pod('b', 'worker-3'), pod('c', 'worker-2')] }), EMPTY_TIMELINE);
    expect(done).toEqual({ settled: true, value: 3, detail: '3 pods, on worker-1, worker-2, worker-3' });
  });

  it('waits, and says so, while the named object does not exist yet', () => {
    expect(observe({ kind: 'job-outcome', name: 'nope' }, stateOf({ jobs: [] }), EMPTY_TIMELINE)).toEqual({ settled: false, detail: 'Waiting for Job nope to appear in your cluster…' });
  });

  it('finds the first StatefulSet pod to go after the Apply, ignoring pods that were never its own', () => {
    const web = (n: number) => obj(`web-${n}`, {}, 'StatefulSet/web');
    const pods = [web(0), web(1), web(2)];
    const other = obj('other-0', {}, 'StatefulSet/other');
    let t = advanceTimeline(baselineOf(stateOf({ pods: [other] })), stateOf({ pods: [other, ...pods] }));
    expect(observe({ kind: 'first-pod-removed', statefulset: 'web' }, stateOf({ pods }), t).settled).toBe(false);
    t = advanceTimeline(t, stateOf({ pods: [pods[0], pods[1]] }));
    t = advanceTimeline(t, stateOf({ pods: [pods[0]] }));
    expect(observe({ kind: 'first-pod-removed', statefulset: 'web' }, stateOf({ pods: [pods[0]] }), t)).toEqual({ settled: true, value: 'web-2', detail: 'Removed in this order: web-2, web-1' });
  });

  it('counts a Job\'s failed pods once it has failed, with the reason', () => {
    const running = obj('flaky', { status: { failed: 2 } });
    expect(observe({ kind: 'job-failed-pods', name: 'flaky' }, stateOf({ jobs: [running] }), EMPTY_TIMELINE)).toEqual({ settled: false, detail: 'Still running: 0 succeeded, 2 failed so far.' });
    const failed = obj('flaky', { status: { failed: 3, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } });
    expect(observe({ kind: 'job-failed-pods', name: 'flaky' }, stateOf({ jobs: [failed] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 3, detail: 'Failed (BackoffLimitExceeded): 0 succeeded, 3 failed.' });
  });

  it('does not take FailureTarget for the end of a Job', () => {
    const target = obj('flaky', { status: { failed: 1, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy' }] } });
    expect(observe({ kind: 'job-outcome', name: 'flaky' }, stateOf({ jobs: [target] }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('measures a completed Job\'s duration in cluster seconds, and calls a failed one Failed', () => {
    const done = obj('batch', { status: { startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:00:31Z', succeeded: 6, conditions: [{ type: 'Complete', status: 'True' }] } });
    expect(observe({ kind: 'job-duration', name: 'batch' }, stateOf({ jobs: [done] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 31 });
    const failed = obj('batch', { status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }] } });
    expect(observe({ kind: 'job-duration', name: 'batch' }, stateOf({ jobs: [failed] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'Failed' });
  });

  it('tells which scheduled run the CronJob\'s second Job stands for, from the minute in its name', () => {
    const cron = obj('tick');
    const j1 = obj('tick-28928161', { status: {} }, 'CronJob/tick');
    const j2 = obj('tick-28928163', { status: {} }, 'CronJob/tick');
    let t = baselineOf(stateOf({ cronjobs: [cron], jobs: [] }));
    t = advanceTimeline(t, stateOf({ jobs: [j1] }));
    expect(observe({ kind: 'cronjob-second-run', name: 'tick' }, stateOf({ cronjobs: [cron], jobs: [j1] }), t).settled).toBe(false);
    t = advanceTimeline(t, stateOf({ jobs: [j1, j2] }));
    expect(observe({ kind: 'cronjob-second-run', name: 'tick' }, stateOf({ cronjobs: [cron], jobs: [j1, j2] }), t)).toEqual({ settled: true, value: 2, detail: 'tick-28928163 is the run scheduled 2 minutes after tick-28928161.' });
  });

  it('reads no scheduled minute from a Job name that is not <cronjob>-<digits>', () => {
    expect(scheduledMinute('tick', 'tick-28928161')).toBe(28928161);
    expect(scheduledMinute('tick', 'tick-manual-1')).toBeUndefined();
    expect(scheduledMinute('tick', 'other-28928161')).toBeUndefined();
  });

  it('reports the node a pod was bound to, or Pending with the scheduler\'s message', () => {
    const bound = obj('p', { spec: { nodeName: 'worker-2' } });
    expect(observe({ kind: 'pod-node', name: 'p' }, stateOf({ pods: [bound] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'worker-2' });
    const stuck = obj('p', { spec: {}, status: { conditions: [{ type: 'PodScheduled', status: 'False', message: '0/4 nodes are available' }] } });
    expect(observe({ kind: 'pod-node', name: 'p' }, stateOf({ pods: [stuck] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 'Pending', detail: 'Pending: 0/4 nodes are available' });
  });

  it('reads kubectl\'s STATUS for a pod stuck in its first init container', () => {
    const pod = obj('app', {
      spec: { nodeName: 'worker-1', initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'c' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { running: {} } }, { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }], containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] },
    });
    expect(observe({ kind: 'pod-status', name: 'app' }, stateOf({ pods: [pod] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 'Init:0/2', detail: 'STATUS Init:0/2' });
  });

  it('tells how a pod ends up: a final phase, or CrashLoopBackOff once a container waits to be restarted again, and not a passing Completed under restartPolicy Always', () => {
    const pod = (phase: string, state: object, restartCount = 0) => obj('once', {
      spec: { nodeName: 'worker-1', containers: [{ name: 'task' }] },
      status: { phase, containerStatuses: [{ name: 'task', ready: false, restartCount, state }] },
    });
    const exited = pod('Running', { terminated: { exitCode: 0, reason: 'Completed' } });
    expect(observe({ kind: 'pod-outcome', name: 'once' }, stateOf({ pods: [exited] }), EMPTY_TIMELINE)).toEqual({ settled: false, detail: 'STATUS Completed so far.' });
    const looping = pod('Running', { waiting: { reason: 'CrashLoopBackOff' } }, 2);
    expect(observe({ kind: 'pod-outcome', name: 'once' }, stateOf({ pods: [looping] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'CrashLoopBackOff' });
    const done = pod('Succeeded', { terminated: { exitCode: 0, reason: 'Completed' } });
    expect(observe({ kind: 'pod-outcome', name: 'once' }, stateOf({ pods: [done] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'Completed' });
    const failed = pod('Failed', { terminated: { exitCode: 1, reason: 'Error' } });
    expect(observe({ kind: 'pod-outcome', name: 'once' }, stateOf({ pods: [failed] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'Error' });
  });
});

describe('reading an eviction by a NoExecute taint', () => {
  const observer = { kind: 'evicted-after-taint', name: 'p', taint: 'node.kubernetes.io/unreachable' } as const;
  const node = (taints: object[]) => obj('worker-1', { spec: { taints } });
  const pod = (extra: object[] = []) => obj('p', { spec: { nodeName: 'worker-1' }, status: { conditions: extra } });

  it('waits while the node has no such taint, then while the pod is still tolerated', () => {
    expect(observe(observer, stateOf({ nodes: [node([])], pods: [pod()] }), EMPTY_TIMELINE)).toMatchObject({ settled: false, detail: 'On worker-1; no node.kubernetes.io/unreachable taint on it yet.' });
    const tainted = node([{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:50Z' }]);
    expect(observe(observer, stateOf({ nodes: [tainted], pods: [pod()] }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('measures from the taint\'s timeAdded to the DisruptionTarget the eviction controller sets', () => {
    const tainted = node([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:50Z' }]);
    const evicted = pod([{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', lastTransitionTime: '2025-01-01T00:01:50Z' }]);
    expect(observe(observer, stateOf({ nodes: [tainted], pods: [evicted] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 60, detail: 'Evicted 60 s (cluster time) after worker-1 got the node.kubernetes.io/unreachable taint (DeletionByTaintManager).' });
  });
});

describe('the timeline of arrivals and departures', () => {
  it('does not count objects present before the Apply as arrivals', () => {
    const old = obj('old');
    const t = advanceTimeline(baselineOf(stateOf({ pods: [old] })), stateOf({ pods: [old, obj('new')] }));
    expect(t.entries.map((e) => [e.name, e.arrived])).toEqual([['old', undefined], ['new', 0]]);
  });

  it('treats a terminating pod as gone, and a resource still resyncing as unchanged', () => {
    const p = obj('p');
    let t = advanceTimeline(EMPTY_TIMELINE, stateOf({ pods: [p] }));
    const resyncing: ClusterState = { pods: { items: {}, resourceVersion: '', synced: false } };
    expect(advanceTimeline(t, resyncing)).toBe(t);
    t = advanceTimeline(t, stateOf({ pods: [{ ...p, metadata: { ...p.metadata, deletionTimestamp: 'now' } as ObjectLike['metadata'] }] }));
    expect(t.entries[0].departed).toBe(1);
  });

  it('returns the same timeline when nothing changed, so React can skip a render', () => {
    const s = stateOf({ pods: [obj('p')] });
    const t = advanceTimeline(EMPTY_TIMELINE, s);
    expect(advanceTimeline(t, s)).toBe(t);
  });
});
