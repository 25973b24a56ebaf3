import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../deps';
import { printPod } from './pod-printer';

const now = Date.parse('2026-01-01T01:00:00Z');
const created = '2026-01-01T00:55:00Z';

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: created, ...meta },
    spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
    status,
  };
}

const cells = (p: KubeObject) => printPod(p, { now }).cells.slice(0, 5);

describe('printPod STATUS, READY and RESTARTS', () => {
  it('shows a pending pod with no statuses as Pending 0/1', () => {
    expect(cells(pod({}, { phase: 'Pending' }))).toEqual(['p', '0/1', 'Pending', '0', '5m']);
  });

  it('shows a running ready container as Running 1/1', () => {
    const p = pod({}, { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] });
    expect(cells(p)).toEqual(['p', '1/1', 'Running', '0', '5m']);
  });

  it('shows the waiting reason CrashLoopBackOff with restarts and when they happened', () => {
    const p = pod({}, {
      phase: 'Running',
      containerStatuses: [{
        name: 'app', ready: false, restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:58:00Z' } },
      }],
    });
    expect(cells(p)).toEqual(['p', '0/1', 'CrashLoopBackOff', '3 (2m ago)', '5m']);
  });

  it('shows Completed for a succeeded pod and ExitCode:N when a terminated container has no reason', () => {
    const done = pod({}, { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
    expect(cells(done)[2]).toBe('Completed');
    const coded = pod({}, { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2 } } }] });
    expect(cells(coded)[2]).toBe('ExitCode:2');
  });

  it('shows Init:i/N while init containers run and Init:<reason> when one fails', () => {
    const spec = { initContainers: [{ name: 'a' }, { name: 'b' }] };
    const running = pod(spec, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', state: { running: {} } },
      ],
      containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
    });
    expect(cells(running)[2]).toBe('Init:1/2');
    const failed = pod(spec, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'a', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    });
    expect(cells(failed)[2]).toBe('Init:CrashLoopBackOff');
    expect(cells(failed)[3]).toBe('2');
  });

  it('counts a started native sidecar in READY and lets the pod show Running', () => {
    const p = pod({ initContainers: [{ name: 'log', restartPolicy: 'Always' }] }, {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [{ name: 'log', started: true, ready: true, state: { running: {} } }],
      containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
    });
    expect(cells(p)).toEqual(['p', '2/2', 'Running', '0', '5m']);
  });

  it('shows Terminating for a deleted running pod and keeps Completed for a finished one', () => {
    const running = pod({}, { phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:59:00Z' });
    expect(cells(running)[2]).toBe('Terminating');
    const done = pod({}, { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { deletionTimestamp: '2026-01-01T00:59:00Z' });
    expect(cells(done)[2]).toBe('Completed');
  });

  it('shows status.reason such as Evicted and SchedulingGated from the PodScheduled condition', () => {
    expect(cells(pod({}, { phase: 'Failed', reason: 'Evicted' }))[2]).toBe('Evicted');
    expect(cells(pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))[2]).toBe('SchedulingGated');
  });

  it('prints <none> wide cells for an unscheduled pod and the IP and node once bound', () => {
    expect(printPod(pod({}, { phase: 'Pending' }), { now }).cells.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
    const bound = pod({ nodeName: 'worker-1' }, { phase: 'Running', podIPs: [{ ip: '10.244.1.5' }] });
    expect(printPod(bound, { now }).cells.slice(5, 7)).toEqual(['10.244.1.5', 'worker-1']);
  });
});
