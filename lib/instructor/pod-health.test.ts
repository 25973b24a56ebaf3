import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/sandbox/types';
import { podHealth } from './pod-health';

const now = Date.parse('2026-01-01T01:00:00Z');

function pod(name: string, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:55:00Z' },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
    status,
  };
}

const running = (name: string) => pod(name, { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] });
const waiting = (name: string, reason: string) => pod(name, { phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } } }] });

describe('the health of a learner\'s pods', () => {
  it('counts running, completed, starting and merely waiting pods as fine', () => {
    const pods = [
      running('web-0'),
      pod('job-abcde', { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }),
      waiting('web-1', 'ContainerCreating'),
      pod('queued', { phase: 'Pending' }),
    ];
    expect(podHealth(pods, now)).toEqual({ pods: 4, problems: [] });
  });

  it('names pods in trouble with the STATUS kubectl shows, in name order', () => {
    const pods = [
      running('web-0'),
      waiting('web-2', 'ImagePullBackOff'),
      pod('crashy', { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
      pod('nowhere', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
      pod('job-fghij', { phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }),
    ];
    expect(podHealth(pods, now)).toEqual({
      pods: 5,
      problems: ['default/crashy: CrashLoopBackOff', 'default/job-fghij: Error', 'default/nowhere: Pending', 'default/web-2: ImagePullBackOff'],
    });
  });
});
