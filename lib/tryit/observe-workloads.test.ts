import { describe, expect, it } from 'vitest';
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';
import { observe } from './observe';
import { isWorkloadObserver } from './observe-workloads';
import { advanceTimeline, EMPTY_TIMELINE, type Timeline } from './timeline';

let uid = 0;
function obj(name: string, extra: Record<string, unknown> = {}, owner?: string, meta: Record<string, unknown> = {}): ObjectLike {
  const [kind, ownerName] = owner?.split('/') ?? [];
  return {
    metadata: { name, namespace: 'default', uid: `u-${name}-${uid++}`, ...(owner ? { ownerReferences: [{ kind, name: ownerName }] } : {}), ...meta },
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
    const a = obj('web-7c5dd-abcde');
    const b = obj('web-7c5dd-fghij');
    const t = fold(stateOf({ pods: [a] }), stateOf({ pods: [] }), stateOf({ pods: [b] }));
    expect(observe({ kind: 'replacement-pod', prefix: 'web-' }, stateOf({ pods: [b] }), t)).toMatchObject({ settled: true, value: 'new name' });
    const db = obj('db-1');
    const again = obj('db-1');
    const t2 = fold(stateOf({ pods: [db] }), stateOf({ pods: [] }), stateOf({ pods: [again] }));
    expect(observe({ kind: 'replacement-pod', prefix: 'db-' }, stateOf({ pods: [again] }), t2)).toMatchObject({ settled: true, value: 'same name' });
  });

  it('waits for a replacement while the deleted pod is only going', () => {
    const a = obj('web-1');
    const t = fold(stateOf({ pods: [a] }), stateOf({ pods: [] }));
    expect(observe({ kind: 'replacement-pod', prefix: 'web-' }, stateOf({ pods: [] }), t)).toEqual({ settled: false, detail: 'web-1 is going; no replacement yet…' });
  });

  it('names the nodes a DaemonSet runs on once it has placed every pod it wants, and "none" when it wants none', () => {
    const ds = (desired: number, current: number) => obj('agent', { status: { desiredNumberScheduled: desired, currentNumberScheduled: current } });
    const pod = obj('agent-x', { spec: { nodeName: 'worker-3' } }, 'DaemonSet/agent');
    expect(observe({ kind: 'daemonset-nodes', name: 'agent' }, stateOf({ daemonsets: [ds(1, 1)], pods: [pod] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'worker-3' });
    expect(observe({ kind: 'daemonset-nodes', name: 'agent' }, stateOf({ daemonsets: [ds(2, 1)], pods: [pod] }), EMPTY_TIMELINE).settled).toBe(false);
    expect(observe({ kind: 'daemonset-nodes', name: 'agent' }, stateOf({ daemonsets: [ds(0, 0)], pods: [] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'none' });
  });

  it('reads CURRENT and READY once every DaemonSet pod is stuck on its image, not while one is still being created', () => {
    const ds = obj('bad', { status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0 } });
    const stuck = (n: string, reason: string) => obj(n, { status: { containerStatuses: [{ ready: false, state: { waiting: { reason } } }] } }, 'DaemonSet/bad');
    const early = observe({ kind: 'daemonset-current-ready', name: 'bad' }, stateOf({ daemonsets: [ds], pods: [stuck('bad-a', 'ImagePullBackOff'), stuck('bad-b', 'ContainerCreating')] }), EMPTY_TIMELINE);
    expect(early.settled).toBe(false);
    const done = observe({ kind: 'daemonset-current-ready', name: 'bad' }, stateOf({ daemonsets: [ds], pods: [stuck('bad-a', 'ImagePullBackOff'), stuck('bad-b', 'ErrImagePull')] }), EMPTY_TIMELINE);
    expect(done).toMatchObject({ settled: true, value: 'CURRENT 2, READY 0' });
  });

  it('sees a surging rollout start the new pod before the old one goes, and a default one the other way round', () => {
    const ds = obj('agent', { status: { desiredNumberScheduled: 2, currentNumberScheduled: 2 } });
    const [a, b, c] = ['agent-a', 'agent-b', 'agent-c'].map((n) => obj(n, {}, 'DaemonSet/agent'));
    const surge = fold(stateOf({ pods: [a, b] }), stateOf({ pods: [a, b, c] }), stateOf({ pods: [b, c] }));
    expect(observe({ kind: 'daemonset-rollout-order', name: 'agent' }, stateOf({ daemonsets: [ds], pods: [b, c] }), surge)).toMatchObject({ settled: true, value: 'new first' });
    const plain = fold(stateOf({ pods: [a, b] }), stateOf({ pods: [b] }), stateOf({ pods: [b, c] }));
    expect(observe({ kind: 'daemonset-rollout-order', name: 'agent' }, stateOf({ daemonsets: [ds], pods: [b, c] }), plain)).toMatchObject({ settled: true, value: 'old first' });
    const before = fold(stateOf({ pods: [a, b] }));
    expect(observe({ kind: 'daemonset-rollout-order', name: 'agent' }, stateOf({ daemonsets: [ds], pods: [a, b] }), before).settled).toBe(false);
  });

  it('names the first pod a StatefulSet created', () => {
    const t = fold(stateOf({ pods: [obj('ledger-1', {}, 'StatefulSet/ledger')] }));
    expect(observe({ kind: 'first-pod-created', statefulset: 'ledger' }, stateOf({}), t)).toMatchObject({ settled: true, value: 'ledger-1' });
  });

  it('lists the StatefulSet pods on the update revision once every ordinal at or above the partition has it', () => {
    const sts = (ready: number) => obj('canary', {
      spec: { replicas: 3, updateStrategy: { rollingUpdate: { partition: 2 } } },
      status: { observedGeneration: 2, updateRevision: 'canary-new', readyReplicas: ready },
    }, undefined, { generation: 2 });
    const pod = (n: number, rev: string) => obj(`canary-${n}`, {}, 'StatefulSet/canary', { labels: { 'controller-revision-hash': rev } });
    const pods = [pod(0, 'canary-old'), pod(1, 'canary-old'), pod(2, 'canary-new')];
    expect(observe({ kind: 'statefulset-updated-pods', name: 'canary' }, stateOf({ statefulsets: [sts(3)], pods }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'canary-2' });
    expect(observe({ kind: 'statefulset-updated-pods', name: 'canary' }, stateOf({ statefulsets: [sts(2)], pods }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('counts the pods a Job created once it has finished', () => {
    const pods = ['q-a', 'q-b', 'q-c'].map((n) => obj(n, {}, 'Job/q'));
    const t = fold(stateOf({ pods }));
    expect(observe({ kind: 'job-pods-created', name: 'q' }, stateOf({ jobs: [obj('q')], pods }), t).settled).toBe(false);
    expect(observe({ kind: 'job-pods-created', name: 'q' }, stateOf({ jobs: [obj('q', completed)], pods }), t)).toMatchObject({ settled: true, value: 3 });
  });

  it('tells a replacement that overlaps its terminating predecessor from one that waited for it to stop', () => {
    const old = obj('once-a', { status: { phase: 'Running' } }, 'Job/once');
    const terminating = { ...old, metadata: { ...old.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } } as ObjectLike;
    const next = obj('once-b', {}, 'Job/once');
    const t = fold(stateOf({ pods: [old] }), stateOf({ pods: [terminating] }), stateOf({ pods: [terminating, next] }));
    expect(observe({ kind: 'job-replacement-overlap', name: 'once' }, stateOf({ jobs: [obj('once')], pods: [terminating, next] }), t)).toMatchObject({ settled: true, value: 'overlap' });
    const t2 = fold(stateOf({ pods: [old] }), stateOf({ pods: [terminating] }), stateOf({ pods: [next] }));
    expect(observe({ kind: 'job-replacement-overlap', name: 'once' }, stateOf({ jobs: [obj('once')], pods: [next] }), t2)).toMatchObject({ settled: true, value: 'after' });
  });

  it('counts the finished Jobs a CronJob kept when the run after the counted ones starts', () => {
    const job = (n: number, done: boolean) => obj(`rep-${n}`, done ? completed : {}, 'CronJob/rep');
    const cron = obj('rep');
    const kept = [job(3, true), job(4, true), job(5, true)];
    const early = fold(stateOf({ jobs: [job(1, true), job(2, true)] }));
    expect(observe({ kind: 'cronjob-history', name: 'rep', runs: 5 }, stateOf({ cronjobs: [cron], jobs: [job(1, true), job(2, true)] }), early).settled).toBe(false);
    const t = fold(stateOf({ jobs: [job(1, true), job(2, true)] }), stateOf({ jobs: [...kept] }), stateOf({ jobs: [...kept, job(6, false)] }));
    expect(observe({ kind: 'cronjob-history', name: 'rep', runs: 5 }, stateOf({ cronjobs: [cron], jobs: [...kept, job(6, false)] }), t)).toMatchObject({ settled: true, value: 3 });
  });

  it('calls a crashing DaemonSet pod that restarted its container "in place", and one that was swapped "replaced"', () => {
    const ds = obj('crashy');
    const restarted = obj('crashy-a', { spec: { nodeName: 'worker-1' }, status: { containerStatuses: [{ restartCount: 2 }] } }, 'DaemonSet/crashy');
    expect(observe({ kind: 'daemonset-crash-recovery', name: 'crashy' }, stateOf({ daemonsets: [ds], pods: [restarted] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'in place' });
    const [a, b] = ['crashy-b', 'crashy-c'].map((n) => obj(n, { status: { containerStatuses: [{ restartCount: 0 }] } }, 'DaemonSet/crashy'));
    const t = fold(stateOf({ pods: [a] }), stateOf({ pods: [] }), stateOf({ pods: [b] }));
    expect(observe({ kind: 'daemonset-crash-recovery', name: 'crashy' }, stateOf({ daemonsets: [ds], pods: [b] }), t)).toMatchObject({ settled: true, value: 'replaced' });
    expect(observe({ kind: 'daemonset-crash-recovery', name: 'crashy' }, stateOf({ daemonsets: [ds], pods: [a] }), fold(stateOf({ pods: [a] }))).settled).toBe(false);
  });

  it('tells StatefulSet pods created before the first was Ready from pods created one after another', () => {
    const sts = obj('par', { spec: { replicas: 2 } });
    const pod = (n: number, created: string, ready: string) => obj(`par-${n}`, { status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ready }] } }, 'StatefulSet/par', { creationTimestamp: created });
    const together = [pod(0, '2025-01-01T00:00:00Z', '2025-01-01T00:00:05Z'), pod(1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:05Z')];
    expect(observe({ kind: 'statefulset-start-order', name: 'par' }, stateOf({ statefulsets: [sts], pods: together }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'together' });
    const serial = [pod(0, '2025-01-01T00:00:00Z', '2025-01-01T00:00:05Z'), pod(1, '2025-01-01T00:00:05Z', '2025-01-01T00:00:10Z')];
    expect(observe({ kind: 'statefulset-start-order', name: 'par' }, stateOf({ statefulsets: [sts], pods: serial }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 'one by one' });
    expect(observe({ kind: 'statefulset-start-order', name: 'par' }, stateOf({ statefulsets: [sts], pods: serial.slice(0, 1) }), EMPTY_TIMELINE).settled).toBe(false);
  });

  it('reads how many of a suspended Job\'s pods still run, once its status agrees with the pods', () => {
    const job = (active: number, suspended: boolean) => obj('pausable', { status: { active, conditions: suspended ? [{ type: 'Suspended', status: 'True' }] : [] } });
    const running = ['pausable-a', 'pausable-b'].map((n) => obj(n, {}, 'Job/pausable'));
    expect(observe({ kind: 'job-suspended-pods', name: 'pausable' }, stateOf({ jobs: [job(2, false)], pods: running }), EMPTY_TIMELINE).settled).toBe(false);
    expect(observe({ kind: 'job-suspended-pods', name: 'pausable' }, stateOf({ jobs: [job(0, true)], pods: running }), EMPTY_TIMELINE).settled).toBe(false);
    expect(observe({ kind: 'job-suspended-pods', name: 'pausable' }, stateOf({ jobs: [job(0, true)], pods: [] }), EMPTY_TIMELINE)).toMatchObject({ settled: true, value: 0 });
  });

  it('calls a CronJob\'s first Job late when it was created after the time it is scheduled for', () => {
    const job = (created: string) => obj('tick-1', {}, 'CronJob/tick', { creationTimestamp: created, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:03:00Z' } });
    const late = job('2025-01-01T00:03:06Z');
    expect(observe({ kind: 'cronjob-first-run', name: 'tick' }, stateOf({ cronjobs: [obj('tick')], jobs: [late] }), fold(stateOf({ jobs: [late] })))).toMatchObject({ settled: true, value: 'late' });
    const onTime = job('2025-01-01T00:03:00Z');
    expect(observe({ kind: 'cronjob-first-run', name: 'tick' }, stateOf({ cronjobs: [obj('tick')], jobs: [onTime] }), fold(stateOf({ jobs: [onTime] })))).toMatchObject({ settled: true, value: 'on time' });
    expect(observe({ kind: 'cronjob-first-run', name: 'tick' }, stateOf({ cronjobs: [obj('tick')], jobs: [] }), EMPTY_TIMELINE).settled).toBe(false);
  });
});
