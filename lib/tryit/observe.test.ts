import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { watchObject, watchStateOf } from './testing';
import { observe, scheduledMinute } from './observe';
import { advanceTimeline, baselineOf, EMPTY_TIMELINE } from './timeline';

describe('reading a Try-it answer from the cluster', () => {
  it('counts a DaemonSet\'s pods only once the controller has placed every one it wants', () => {
    const ds = (current: number) => watchObject('agent', { status: { desiredNumberScheduled: 3, currentNumberScheduled: current } });
    const pod = (n: string, node: string) => watchObject(`agent-${n}`, { spec: { nodeName: node } }, 'DaemonSet/agent');
    const early = observe({ kind: 'daemonset-pods', name: 'agent' }, watchStateOf({ daemonsets: [ds(1)], pods: [pod('a', 'worker-1')] }), EMPTY_TIMELINE);
    expect(early).toMatchObject({ settled: false, value: 1 });
    const done = observe({ kind: 'daemonset-pods', name: 'agent' }, watchStateOf({ daemonsets: [ds(3)], pods: [pod('a', 'worker-1'), pod('b', 'worker-3'), pod('c', 'worker-2')] }), EMPTY_TIMELINE);
    expect(done).toEqual({ settled: true, value: 3, detail: '3 pods, on worker-1, worker-2, worker-3' });
  });

  it('waits, and says so, while the named object does not exist yet', () => {
    expect(observe({ kind: 'job-outcome', name: 'nope' }, watchStateOf({ jobs: [] }), EMPTY_TIMELINE)).toEqual({ settled: false, detail: 'Waiting for Job nope to appear in your cluster…' });
  });

  it('finds the first StatefulSet pod to go after the Apply, ignoring pods that were never its own', () => {
    const web = (n: number) => watchObject(`web-${n}`, {}, 'StatefulSet/web');
    const pods = [web(0), web(1), web(2)];
    const other = watchObject('other-0', {}, 'StatefulSet/other');
    let t = advanceTimeline(baselineOf(watchStateOf({ pods: [other] })), watchStateOf({ pods: [other, ...pods] }));
    expect(observe({ kind: 'first-pod-removed', statefulset: 'web' }, watchStateOf({ pods }), t).settled).toBe(false);
    t = advanceTimeline(t, watchStateOf({ pods: [pods[0], pods[1]] }));
    t = advanceTimeline(t, watchStateOf({ pods: [pods[0]] }));
    expect(observe({ kind: 'first-pod-removed', statefulset: 'web' }, watchStateOf({ pods: [pods[0]] }), t)).toEqual({ settled: true, value: 'web-2', detail: 'Removed in this order: web-2, web-1' });
  });

  it('counts a Job\'s failed pods once it has failed, with the reason', () => {
    const running = watchObject('flaky', { status: { failed: 2 } });
    expect(observe({ kind: 'job-failed-pods', name: 'flaky' }, watchStateOf({ jobs: [running] }), EMPTY_TIMELINE)).toEqual({ settled: false, detail: 'Still running: 0 succeeded, 2 failed so far.' });
    const failed = watchObject('flaky', { status: { failed: 3, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } });
    expect(observe({ kind: 'job-failed-pods', name: 'flaky' }, watchStateOf({ jobs: [failed] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 3, detail: 'Failed (BackoffLimitExceeded): 0 succeeded, 3 failed.' });
  });

  it('does not take FailureTarget for the end of a Job', () => {
    const target = watchObject('flaky', { status: { failed: 1, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy' }] } });
    expect(observe({ kind: 'job-outcome', name: 'flaky' }, watchStateOf({ jobs: [target] }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('measures a completed Job\'s duration in cluster seconds, and calls a failed one Failed', () => {
    const done = watchObject('batch', { status: { startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:00:31Z', succeeded: 6, conditions: [{ type: 'Complete', status: 'True' }] } });
    expect(observe({ kind: 'job-duration', name: 'batch' }, watchStateOf({ jobs: [done] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 31 });
    const failed = watchObject('batch', { status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }] } });
    expect(observe({ kind: 'job-duration', name: 'batch' }, watchStateOf({ jobs: [failed] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'Failed' });
  });

  it('tells which scheduled run the CronJob\'s second Job stands for, from the minute in its name', () => {
    const cron = watchObject('tick');
    const j1 = watchObject('tick-28928161', { status: {} }, 'CronJob/tick');
    const j2 = watchObject('tick-28928163', { status: {} }, 'CronJob/tick');
    let t = baselineOf(watchStateOf({ cronjobs: [cron], jobs: [] }));
    t = advanceTimeline(t, watchStateOf({ jobs: [j1] }));
    expect(observe({ kind: 'cronjob-second-run', name: 'tick' }, watchStateOf({ cronjobs: [cron], jobs: [j1] }), t).settled).toBe(false);
    t = advanceTimeline(t, watchStateOf({ jobs: [j1, j2] }));
    expect(observe({ kind: 'cronjob-second-run', name: 'tick' }, watchStateOf({ cronjobs: [cron], jobs: [j1, j2] }), t)).toEqual({ settled: true, value: 2, detail: 'tick-28928163 is the run scheduled 2 minutes after tick-28928161.' });
  });

  it('reads no scheduled minute from a Job name that is not <cronjob>-<digits>', () => {
    expect(scheduledMinute('tick', 'tick-28928161')).toBe(28928161);
    expect(scheduledMinute('tick', 'tick-manual-1')).toBeUndefined();
    expect(scheduledMinute('tick', 'other-28928161')).toBeUndefined();
  });

  it('reports the node a pod was bound to, or Pending with the scheduler\'s message', () => {
    const bound = watchObject('p', { spec: { nodeName: 'worker-2' } });
    expect(observe({ kind: 'pod-node', name: 'p' }, watchStateOf({ pods: [bound] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'worker-2' });
    const stuck = watchObject('p', { spec: {}, status: { conditions: [{ type: 'PodScheduled', status: 'False', message: '0/4 nodes are available' }] } });
    expect(observe({ kind: 'pod-node', name: 'p' }, watchStateOf({ pods: [stuck] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 'Pending', detail: 'Pending: 0/4 nodes are available' });
  });

  it('reads kubectl\'s STATUS for a pod stuck in its first init container', () => {
    const pod = watchObject('app', {
      spec: { nodeName: 'worker-1', initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'c' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { running: {} } }, { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }], containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] },
    });
    expect(observe({ kind: 'pod-status', name: 'app' }, watchStateOf({ pods: [pod] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 'Init:0/2', detail: 'STATUS Init:0/2' });
  });

  it('tells how a pod ends up: a final phase, or CrashLoopBackOff once a container waits to be restarted again, and not a passing Completed under restartPolicy Always', () => {
    const pod = (phase: string, state: object, restartCount = 0) => watchObject('once', {
      spec: { nodeName: 'worker-1', containers: [{ name: 'task' }] },
      status: { phase, containerStatuses: [{ name: 'task', ready: false, restartCount, state }] },
    });
    const exited = pod('Running', { terminated: { exitCode: 0, reason: 'Completed' } });
    expect(observe({ kind: 'pod-outcome', name: 'once' }, watchStateOf({ pods: [exited] }), EMPTY_TIMELINE)).toEqual({ settled: false, detail: 'STATUS Completed so far.' });
    const looping = pod('Running', { waiting: { reason: 'CrashLoopBackOff' } }, 2);
    expect(observe({ kind: 'pod-outcome', name: 'once' }, watchStateOf({ pods: [looping] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'CrashLoopBackOff' });
    const done = pod('Succeeded', { terminated: { exitCode: 0, reason: 'Completed' } });
    expect(observe({ kind: 'pod-outcome', name: 'once' }, watchStateOf({ pods: [done] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'Completed' });
    const failed = pod('Failed', { terminated: { exitCode: 1, reason: 'Error' } });
    expect(observe({ kind: 'pod-outcome', name: 'once' }, watchStateOf({ pods: [failed] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'Error' });
  });
});

describe('reading an eviction by a NoExecute taint', () => {
  const observer = { kind: 'evicted-after-taint', name: 'p', taint: 'node.kubernetes.io/unreachable' } as const;
  const node = (taints: object[]) => watchObject('worker-1', { spec: { taints } });
  const pod = (extra: object[] = []) => watchObject('p', { spec: { nodeName: 'worker-1' }, status: { conditions: extra } });

  it('waits while the node has no such taint, then while the pod is still tolerated', () => {
    expect(observe(observer, watchStateOf({ nodes: [node([])], pods: [pod()] }), EMPTY_TIMELINE)).toMatchObject({ settled: false, detail: 'On worker-1; no node.kubernetes.io/unreachable taint on it yet.' });
    const tainted = node([{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:50Z' }]);
    expect(observe(observer, watchStateOf({ nodes: [tainted], pods: [pod()] }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('measures from the taint\'s timeAdded to the DisruptionTarget the eviction controller sets', () => {
    const tainted = node([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:50Z' }]);
    const evicted = pod([{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', lastTransitionTime: '2025-01-01T00:01:50Z' }]);
    expect(observe(observer, watchStateOf({ nodes: [tainted], pods: [evicted] }), EMPTY_TIMELINE)).toEqual({ settled: true, value: 60, detail: 'Evicted 60 s (cluster time) after worker-1 got the node.kubernetes.io/unreachable taint (DeletionByTaintManager).' });
  });
});

describe('the timeline of arrivals and departures', () => {
  it('does not count objects present before the Apply as arrivals', () => {
    const old = watchObject('old');
    const t = advanceTimeline(baselineOf(watchStateOf({ pods: [old] })), watchStateOf({ pods: [old, watchObject('new')] }));
    expect(t.entries.map((e) => [e.name, e.arrived])).toEqual([['old', undefined], ['new', 0]]);
  });

  it('treats a terminating pod as gone, and a resource still resyncing as unchanged', () => {
    const p = watchObject('p');
    let t = advanceTimeline(EMPTY_TIMELINE, watchStateOf({ pods: [p] }));
    const resyncing: ClusterState = { pods: { items: {}, resourceVersion: '', synced: false } };
    expect(advanceTimeline(t, resyncing)).toBe(t);
    t = advanceTimeline(t, watchStateOf({ pods: [{ ...p, metadata: { ...p.metadata, deletionTimestamp: 'now' } as ObjectLike['metadata'] }] }));
    expect(t.entries[0].departed).toBe(1);
  });

  it('returns the same timeline when nothing changed, so React can skip a render', () => {
    const s = watchStateOf({ pods: [watchObject('p')] });
    const t = advanceTimeline(EMPTY_TIMELINE, s);
    expect(advanceTimeline(t, s)).toBe(t);
  });
});
