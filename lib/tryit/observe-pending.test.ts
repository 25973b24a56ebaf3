import { describe, expect, it } from 'vitest';
import { observe } from './observe';
import { observePendingMessage, type PendingMessageObserver } from './observe-pending';
import { watchObject, watchStateOf } from './testing';
import { baselineOf } from './timeline';

const observer: PendingMessageObserver = {
  kind: 'pending-message',
  name: 'tryit-big',
  answers: [
    { value: '4', contains: ' 4 Insufficient cpu' },
    { value: '3', contains: ' 3 Insufficient cpu' },
  ],
};

const MESSAGE = '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';

function pod(extra: Record<string, unknown>) {
  return watchStateOf({ pods: [watchObject('tryit-big', extra)] });
}

describe('the pending-message observer', () => {
  it('waits for the pod, then for the scheduler to refuse it', () => {
    expect(observePendingMessage(observer, {})).toMatchObject({ settled: false, detail: expect.stringContaining('Waiting for pod tryit-big') });
    expect(observePendingMessage(observer, pod({ status: { phase: 'Pending' } }))).toEqual({ settled: false, detail: 'The scheduler has not tried the pod yet…' });
  });

  it('settles on the answer the FailedScheduling message holds and quotes the whole message', () => {
    const refused = pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: MESSAGE }] } });
    expect(observePendingMessage(observer, refused)).toEqual({ settled: true, value: '3', detail: `Unschedulable: ${MESSAGE}` });
  });

  it('does not settle on a message no answer describes, and shows it', () => {
    const other = '0/4 nodes are available: 4 node(s) didn\'t match Pod\'s node affinity/selector.';
    const refused = pod({ status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: other }] } });
    expect(observePendingMessage(observer, refused)).toEqual({ settled: false, detail: `Unschedulable: ${other}` });
  });

  it('answers "scheduled" once the pod is bound after all, and is what observe() answers', () => {
    const bound = pod({ spec: { nodeName: 'worker-2' } });
    expect(observe(observer, bound, baselineOf({}))).toMatchObject({ settled: true, value: 'scheduled', detail: expect.stringContaining('worker-2') });
  });
});
