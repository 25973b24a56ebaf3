import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { watchObject, watchStateOf } from './testing';
import { observe } from './observe';
import { isWorkloadObserver } from './observe-workloads';
import { advanceTimeline, EMPTY_TIMELINE, type Timeline } from './timeline';

/** Folds snapshots into a timeline, as the bench does from its watch. */
function fold(...snapshots: ClusterState[]): Timeline {
  return snapshots.reduce((t, s) => advanceTimeline(t, s), EMPTY_TIMELINE);
}

const completed = { status: { conditions: [{ type: 'Complete', status: 'True' }] } };

describe('reading the workload lessons\' Try-it answers', () => {
  it('tells these observers from the other families by kind', () => {
    expect(isWorkloadObserver({ kind: 'daemonset-rollout-order' })).toBe(true);
    expect(isWorkloadObserver({ kind: 'pod-node' })).toBe(false);
  });

  it('says a deleted Deployment pod comes back under a new name, and a StatefulSet pod under its own', () => {
    const a = watchObject('web-7c5dd-abcde');
    const b = watchObject('web-7c5dd-fghij');
    const t = fold(watchStateOf({ pods: [a] }), watchStateOf({ pods: [] }), watchStateOf({ pods: [b] }));
    expect(observe({ kind: 'replacement-pod', prefix: 'web-' }, watchStateOf({ pods: [b] }), t)).toMatchObject({ settled: true, value: 'new name' });
    const db = watchObject('db-1');
    const again = watchObject('db-1');
    const t2 = fold(watchStateOf({ pods: [db] }), watchStateOf({ pods: [] }), watchStateOf({ pods: [again] }));
    expect(observe({ kind: 'replacement-pod', prefix: 'db-' }, watchStateOf({ pods: [again] }), t2)).toMatchObject({ settled: true, value: 'same name' });
  });

  it('waits for a replacement while the deleted pod is only going', () => {
    const a = watchObject('web-1');
    const t = fold(watchStateOf({ pods: [a] }), watchStateOf({ pods: [] }));
    expect(observe({ kind: 'replacement-pod', prefix: 'web-' }, watchStateOf({ pods: [] }), t)).toEqual({ settled: false, detail: 'web-1 is going; no replacement yet…' });
  });

  it('names the nodes a DaemonSet runs on once it has placed every pod it wants, and "none" when it wants none', () => {
    const ds = (desired: number, current: number) => watchObject('agent', { status: { desiredNumberScheduled: desired, currentNumberScheduled: current } });
    const pod = watchObject('agent-x', { spec: { nodeName: 'worker-3' } }, 'DaemonSet/agent');
    expect(observe({ kind: 'daemonset-nodes', name: 'agent' }, watchStateOf({ daemonsets: [ds(1, 1)], pods: [pod] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'worker-3' });
    expect(observe({ kind: 'daemonset-nodes', name: 'agent' }, watchStateOf({ daemonsets: [ds(2, 1)], pods: [pod] }), EMPTY_TIMELINE).settled).toBe(false);
    expect(observe({ kind: 'daemonset-nodes', name: 'agent' }, watchStateOf({ daemonsets: [ds(0, 0)], pods: [] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'none' });
  });

  it('reads CURRENT and READY once every DaemonSet pod is stuck on its image, not while one is still being created', () => {
    const ds = watchObject('bad', { status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0 } });
    const stuck = (n: string, reason: string) => watchObject(n, { status: { containerStatuses: [{ ready: false, state: { waiting: { reason } } }] } }, 'DaemonSet/bad');
    const early = observe({ kind: 'daemonset-current-ready', name: 'bad' }, watchStateOf({ daemonsets: [ds], pods: [stuck('bad-a', 'ImagePullBackOff'), stuck('bad-b', 'ContainerCreating')] }), EMPTY_TIMELINE);
    expect(early.settled).toBe(false);
    const done = observe({ kind: 'daemonset-current-ready', name: 'bad' }, watchStateOf({ daemonsets: [ds], pods: [stuck('bad-a', 'ImagePullBackOff'), stuck('bad-b', 'ErrImagePull')] }), EMPTY_TIMELINE);
    expect(done).toMatchObject({ settled: true, value: 'CURRENT 2, READY 0' });
  });

  it('sees a surging rollout start the new pod before the old one goes, and a default one the other way round', () => {
    const ds = watchObject('agent', { status: { desiredNumberScheduled: 2, currentNumberScheduled: 2 } });
    const [a, b, c] = ['agent-a', 'agent-b', 'agent-c'].map((n) => watchObject(n, {}, 'DaemonSet/agent'));
    const surge = fold(watchStateOf({ pods: [a, b] }), watchStateOf({ pods: [a, b, c] }), watchStateOf({ pods: [b, c] }));
    expect(observe({ kind: 'daemonset-rollout-order', name: 'agent' }, watchStateOf({ daemonsets: [ds], pods: [b, c] }), surge)).toMatchObject({ settled: true, value: 'new first' });
    const plain = fold(watchStateOf({ pods: [a, b] }), watchStateOf({ pods: [b] }), watchStateOf({ pods: [b, c] }));
    expect(observe({ kind: 'daemonset-rollout-order', name: 'agent' }, watchStateOf({ daemonsets: [ds], pods: [b, c] }), plain)).toMatchObject({ settled: true, value: 'old first' });
    const before = fold(watchStateOf({ pods: [a, b] }));
    expect(observe({ kind: 'daemonset-rollout-order', name: 'agent' }, watchStateOf({ daemonsets: [ds], pods: [a, b] }), before).settled).toBe(false);
  });

  it('names the first pod a StatefulSet created', () => {
    const t = fold(watchStateOf({ pods: [watchObject('ledger-1', {}, 'StatefulSet/ledger')] }));
    expect(observe({ kind: 'first-pod-created', statefulset: 'ledger' }, watchStateOf({}), t)).toMatchObject({ settled: true, value: 'ledger-1' });
  });

  it('lists the StatefulSet pods on the update revision once every ordinal at or above the partition has it', () => {
    const sts = (ready: number) => watchObject('canary', {
      spec: { replicas: 3, updateStrategy: { rollingUpdate: { partition: 2 } } },
      status: { observedGeneration: 2, updateRevision: 'canary-new', readyReplicas: ready },
    }, undefined, { generation: 2 });
    const pod = (n: number, rev: string) => watchObject(`canary-${n}`, {}, 'StatefulSet/canary', { labels: { 'controller-revision-hash': rev } });
    const pods = [pod(0, 'canary-old'), pod(1, 'canary-old'), pod(2, 'canary-new')];
    expect(observe({ kind: 'statefulset-updated-pods', name: 'canary' }, watchStateOf({ statefulsets: [sts(3)], pods }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'canary-2' });
    expect(observe({ kind: 'statefulset-updated-pods', name: 'canary' }, watchStateOf({ statefulsets: [sts(2)], pods }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('counts the pods a Job created once it has finished', () => {
    const pods = ['q-a', 'q-b', 'q-c'].map((n) => watchObject(n, {}, 'Job/q'));
    const t = fold(watchStateOf({ pods }));
    expect(observe({ kind: 'job-pods-created', name: 'q' }, watchStateOf({ jobs: [watchObject('q')], pods }), t).settled).toBe(false);
    expect(observe({ kind: 'job-pods-created', name: 'q' }, watchStateOf({ jobs: [watchObject('q', completed)], pods }), t)).toMatchObject({ settled: true, value: 3 });
  });

  it('tells a replacement that overlaps its terminating predecessor from one that waited for it to stop', () => {
    const old = watchObject('once-a', { status: { phase: 'Running' } }, 'Job/once');
    const terminating = { ...old, metadata: { ...old.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } } as ObjectLike;
    const next = watchObject('once-b', {}, 'Job/once');
    const t = fold(watchStateOf({ pods: [old] }), watchStateOf({ pods: [terminating] }), watchStateOf({ pods: [terminating, next] }));
    expect(observe({ kind: 'job-replacement-overlap', name: 'once' }, watchStateOf({ jobs: [watchObject('once')], pods: [terminating, next] }), t)).toMatchObject({ settled: true, value: 'overlap' });
    const t2 = fold(watchStateOf({ pods: [old] }), watchStateOf({ pods: [terminating] }), watchStateOf({ pods: [next] }));
    expect(observe({ kind: 'job-replacement-overlap', name: 'once' }, watchStateOf({ jobs: [watchObject('once')], pods: [next] }), t2)).toMatchObject({ settled: true, value: 'after' });
  });

  it('counts the finished Jobs a CronJob kept when the run after the counted ones starts', () => {
    const job = (n: number, done: boolean) => watchObject(`rep-${n}`, done ? completed : {}, 'CronJob/rep');
    const cron = watchObject('rep');
    const kept = [job(3, true), job(4, true), job(5, true)];
    const early = fold(watchStateOf({ jobs: [job(1, true), job(2, true)] }));
    expect(observe({ kind: 'cronjob-history', name: 'rep', runs: 5 }, watchStateOf({ cronjobs: [cron], jobs: [job(1, true), job(2, true)] }), early).settled).toBe(false);
    const t = fold(watchStateOf({ jobs: [job(1, true), job(2, true)] }), watchStateOf({ jobs: [...kept] }), watchStateOf({ jobs: [...kept, job(6, false)] }));
    expect(observe({ kind: 'cronjob-history', name: 'rep', runs: 5 }, watchStateOf({ cronjobs: [cron], jobs: [...kept, job(6, false)] }), t)).toMatchObject({ settled: true, value: 3 });
  });

  it('calls a crashing DaemonSet pod that restarted its container "in place", and one that was swapped "replaced"', () => {
    const ds = watchObject('crashy');
    const restarted = watchObject('crashy-a', { spec: { nodeName: 'worker-1' }, status: { containerStatuses: [{ restartCount: 2 }] } }, 'DaemonSet/crashy');
    expect(observe({ kind: 'daemonset-crash-recovery', name: 'crashy' }, watchStateOf({ daemonsets: [ds], pods: [restarted] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'in place' });
    const [a, b] = ['crashy-b', 'crashy-c'].map((n) => watchObject(n, { status: { containerStatuses: [{ restartCount: 0 }] } }, 'DaemonSet/crashy'));
    const t = fold(watchStateOf({ pods: [a] }), watchStateOf({ pods: [] }), watchStateOf({ pods: [b] }));
    expect(observe({ kind: 'daemonset-crash-recovery', name: 'crashy' }, watchStateOf({ daemonsets: [ds], pods: [b] }), t)).toMatchObject({ settled: true, value: 'replaced' });
    expect(observe({ kind: 'daemonset-crash-recovery', name: 'crashy' }, watchStateOf({ daemonsets: [ds], pods: [a] }), fold(watchStateOf({ pods: [a] }))).settled).toBe(false);
  });

  it('tells StatefulSet pods created before the first was Ready from pods created one after another', () => {
    const sts = watchObject('par', { spec: { replicas: 2 } });
    const pod = (n: number, created: string, ready: string) => watchObject(`par-${n}`, { status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ready }] } }, 'StatefulSet/par', { creationTimestamp: created });
    const together = [pod(0, '2025-01-01T00:00:00Z', '2025-01-01T00:00:05Z'), pod(1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:05Z')];
    expect(observe({ kind: 'statefulset-start-order', name: 'par' }, watchStateOf({ statefulsets: [sts], pods: together }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'together' });
    const serial = [pod(0, '2025-01-01T00:00:00Z', '2025-01-01T00:00:05Z'), pod(1, '2025-01-01T00:00:05Z', '2025-01-01T00:00:10Z')];
    expect(observe({ kind: 'statefulset-start-order', name: 'par' }, watchStateOf({ statefulsets: [sts], pods: serial }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'one by one' });
    expect(observe({ kind: 'statefulset-start-order', name: 'par' }, watchStateOf({ statefulsets: [sts], pods: serial.slice(0, 1) }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('reads how many of a suspended Job\'s pods still run, once its status agrees with the pods', () => {
    const job = (active: number, suspended: boolean) => watchObject('pausable', { status: { active, conditions: suspended ? [{ type: 'Suspended', status: 'True' }] : [] } });
    const running = ['pausable-a', 'pausable-b'].map((n) => watchObject(n, {}, 'Job/pausable'));
    expect(observe({ kind: 'job-suspended-pods', name: 'pausable' }, watchStateOf({ jobs: [job(2, false)], pods: running }), EMPTY_TIMELINE).settled).toBe(false);
    expect(observe({ kind: 'job-suspended-pods', name: 'pausable' }, watchStateOf({ jobs: [job(0, true)], pods: running }), EMPTY_TIMELINE).settled).toBe(false);
    expect(observe({ kind: 'job-suspended-pods', name: 'pausable' }, watchStateOf({ jobs: [job(0, true)], pods: [] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 0 });
  });

  it('calls a CronJob\'s first Job late when it was created after the time it is scheduled for', () => {
    const job = (created: string) => watchObject('tick-1', {}, 'CronJob/tick', { creationTimestamp: created, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:03:00Z' } });
    const late = job('2025-01-01T00:03:06Z');
    expect(observe({ kind: 'cronjob-first-run', name: 'tick' }, watchStateOf({ cronjobs: [watchObject('tick')], jobs: [late] }), fold(watchStateOf({ jobs: [late] })))).toMatchObject({ settled: true, value: 'late' });
    const onTime = job('2025-01-01T00:03:00Z');
    expect(observe({ kind: 'cronjob-first-run', name: 'tick' }, watchStateOf({ cronjobs: [watchObject('tick')], jobs: [onTime] }), fold(watchStateOf({ jobs: [onTime] })))).toMatchObject({ settled: true, value: 'on time' });
    expect(observe({ kind: 'cronjob-first-run', name: 'tick' }, watchStateOf({ cronjobs: [watchObject('tick')], jobs: [] }), EMPTY_TIMELINE).settled).toBe(false);
  });
});
