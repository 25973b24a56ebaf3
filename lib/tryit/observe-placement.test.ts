import { describe, expect, it } from 'vitest';
import type { ObjectLike } from '@/lib/k8s/watch/reducer';
import { watchStateOf } from './testing';
import { isPlacementObserver, observePlacement } from './observe-placement';

function obj(name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): ObjectLike {
  return { metadata: { name, namespace: 'default', uid: `u-${name}`, labels }, ...extra } as ObjectLike;
}

const done = (at: string) => ({ state: { terminated: { exitCode: 0, finishedAt: at } } });

describe('the order init containers finished in', () => {
  const spec = { initContainers: [{ name: 'download' }, { name: 'render' }] };

  it('is not known while one of them has not finished', () => {
    const pod = obj('prep', { spec, status: { initContainerStatuses: [{ name: 'download', ...done('2025-01-01T00:00:04Z') }, { name: 'render', state: { running: {} } }] } });
    expect(observePlacement({ kind: 'init-order', name: 'prep' }, watchStateOf({ pods: [pod] }))).toEqual({ settled: false, detail: 'Finished so far: download.' });
  });

  it('follows the finish times, with the spec order breaking a tie within one second', () => {
    const pod = obj('prep', { spec, status: { initContainerStatuses: [{ name: 'render', ...done('2025-01-01T00:00:04Z') }, { name: 'download', ...done('2025-01-01T00:00:04Z') }] } });
    expect(observePlacement({ kind: 'init-order', name: 'prep' }, watchStateOf({ pods: [pod] }))).toMatchObject({ settled: true, value: 'download, render' });
  });

  it('counts a native sidecar as done once it runs, and a failed step as not done', () => {
    const withSidecar = { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }, { name: 'migrate' }] };
    const running = obj('p', { spec: withSidecar, status: { initContainerStatuses: [{ name: 'proxy', state: { running: { startedAt: '2025-01-01T00:00:01Z' } } }, { name: 'migrate', ...done('2025-01-01T00:00:03Z') }] } });
    expect(observePlacement({ kind: 'init-order', name: 'p' }, watchStateOf({ pods: [running] }))).toMatchObject({ settled: true, value: 'proxy, migrate' });
    const failed = obj('p', { spec: withSidecar, status: { initContainerStatuses: [{ name: 'proxy', state: { running: { startedAt: '2025-01-01T00:00:01Z' } } }, { name: 'migrate', state: { terminated: { exitCode: 1 } } }] } });
    expect(observePlacement({ kind: 'init-order', name: 'p' }, watchStateOf({ pods: [failed] })).settled).toBe(false);
  });
});

const deployment = (replicas: number) => obj('web', { spec: { replicas, selector: { matchLabels: { app: 'web' } } } });
const running = (name: string, node: string) => obj(name, { spec: { nodeName: node }, status: { phase: 'Running' } }, { app: 'web' });
const refused = (name: string) => obj(name, { spec: {}, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/4 nodes are available' }] } }, { app: 'web' });
const unscheduled = (name: string) => obj(name, { spec: {}, status: { phase: 'Pending' } }, { app: 'web' });

describe('the Pending replicas of a Deployment', () => {
  it('are counted once every replica is either running or refused by the scheduler', () => {
    const state = watchStateOf({ deployments: [deployment(3)], pods: [running('a', 'worker-1'), running('b', 'worker-2'), refused('c')] });
    expect(observePlacement({ kind: 'pods-pending', deployment: 'web' }, state)).toEqual({ settled: true, value: 1, detail: '3 replicas: 2 running (on worker-1, worker-2), 1 Pending: 0/4 nodes are available.' });
  });

  it('are not counted while a pod has not been through the scheduler yet, or pods are still missing', () => {
    expect(observePlacement({ kind: 'pods-pending', deployment: 'web' }, watchStateOf({ deployments: [deployment(2)], pods: [running('a', 'worker-1'), unscheduled('b')] })).settled).toBe(false);
    expect(observePlacement({ kind: 'pods-pending', deployment: 'web' }, watchStateOf({ deployments: [deployment(2)], pods: [running('a', 'worker-1')] })).settled).toBe(false);
  });

  it('ignore pods of other apps and pods being deleted', () => {
    const other = obj('x', { spec: {}, status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } }, { app: 'other' });
    const going = { ...refused('gone'), metadata: { ...refused('gone').metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } } as ObjectLike;
    expect(observePlacement({ kind: 'pods-pending', deployment: 'web' }, watchStateOf({ deployments: [deployment(1)], pods: [running('a', 'worker-1'), other, going] }))).toMatchObject({ settled: true, value: 0 });
  });
});

describe('the replicas left running after a drain', () => {
  const cordoned = (node: string, yes: boolean) => obj(node, { spec: yes ? { unschedulable: true } : {} });

  it('waits for the node to be cordoned, then for it to hold none of the replicas', () => {
    const before = watchStateOf({ deployments: [deployment(2)], nodes: [cordoned('worker-2', false)], pods: [running('a', 'worker-1'), running('b', 'worker-2')] });
    expect(observePlacement({ kind: 'replicas-after-drain', deployment: 'web', node: 'worker-2' }, before)).toMatchObject({ settled: false, detail: expect.stringContaining('Now drain worker-2') });
    const during = watchStateOf({ deployments: [deployment(2)], nodes: [cordoned('worker-2', true)], pods: [running('a', 'worker-1'), running('b', 'worker-2')] });
    expect(observePlacement({ kind: 'replicas-after-drain', deployment: 'web', node: 'worker-2' }, during)).toMatchObject({ settled: false, detail: 'worker-2 is cordoned; 1 replica is still on it.' });
  });

  it('counts the running replicas once the replacement is placed or refused', () => {
    const after = watchStateOf({ deployments: [deployment(2)], nodes: [cordoned('worker-2', true)], pods: [running('a', 'worker-1'), refused('c')] });
    expect(observePlacement({ kind: 'replicas-after-drain', deployment: 'web', node: 'worker-2' }, after)).toMatchObject({ settled: true, value: 1 });
  });
});

describe('the succeeded pods of a Job', () => {
  it('are counted once the Job is Complete or Failed, not before', () => {
    const job = (conditions: unknown[]) => obj('q', { status: { succeeded: 3, conditions } });
    expect(observePlacement({ kind: 'job-succeeded-pods', name: 'q' }, watchStateOf({ jobs: [job([])] })).settled).toBe(false);
    expect(observePlacement({ kind: 'job-succeeded-pods', name: 'q' }, watchStateOf({ jobs: [job([{ type: 'Complete', status: 'True' }])] }))).toEqual({ settled: true, value: 3, detail: 'Complete: 3 succeeded, 0 failed.' });
  });
});

describe('who is left Pending when a higher priority arrives', () => {
  const dep = (name: string, replicas: number) => obj(name, { spec: { replicas, selector: { matchLabels: { app: name } } } });
  const pod = (name: string, app: string, status: Record<string, unknown>, node?: string) => obj(name, { spec: node ? { nodeName: node } : {}, status }, { app });
  const unschedulable = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] };
  const fillers = [pod('f1', 'low', { phase: 'Running' }, 'worker-1'), pod('f2', 'low', { phase: 'Running' }, 'worker-2')];

  it('waits for the scale-up, and for the victims to go while the preemptor is nominated', () => {
    const o = { kind: 'preemption', preemptor: 'high', victim: 'low' } as const;
    expect(observePlacement(o, watchStateOf({ deployments: [dep('high', 0), dep('low', 2)], pods: fillers })).detail).toContain('Now scale high up');
    const nominated = pod('h1', 'high', { ...unschedulable, nominatedNodeName: 'worker-1' });
    expect(observePlacement(o, watchStateOf({ deployments: [dep('high', 1), dep('low', 2)], pods: [...fillers, nominated] }))).toEqual({ settled: false, detail: 'high is nominated for worker-1; waiting for room there.' });
  });

  it('names the victim once the preemptor runs and the victim\'s replacement is refused', () => {
    const o = { kind: 'preemption', preemptor: 'high', victim: 'low' } as const;
    const state = watchStateOf({ deployments: [dep('high', 1), dep('low', 2)], pods: [fillers[1], pod('f3', 'low', unschedulable), pod('h1', 'high', { phase: 'Running' }, 'worker-1')] });
    expect(observePlacement(o, state)).toMatchObject({ settled: true, value: 'low' });
  });

  it('names the preemptor when it is refused with no node nominated (preemptionPolicy Never)', () => {
    const o = { kind: 'preemption', preemptor: 'high', victim: 'low' } as const;
    const state = watchStateOf({ deployments: [dep('high', 1), dep('low', 2)], pods: [...fillers, pod('h1', 'high', unschedulable)] });
    expect(observePlacement(o, state)).toMatchObject({ settled: true, value: 'high' });
  });
});

it('tells its own observers from the others', () => {
  expect([isPlacementObserver({ kind: 'pods-pending' }), isPlacementObserver({ kind: 'pod-node' })]).toEqual([true, false]);
});
