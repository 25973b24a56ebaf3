import { describe, expect, it } from 'vitest';
import { whyPending } from './why-pending';

describe('why a pod is pending, in plain words', () => {
  it('explains each part of the scheduler message', () => {
    expect(whyPending('0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.')).toEqual([
      'None of the 4 nodes can take it:',
      '1 node(s) carry the taint node-role.kubernetes.io/control-plane, which the pod does not tolerate',
      '3 node(s) do not have enough free cpu for the pod\'s requests',
    ]);
  });
  it('handles unbound claims, no message and unknown reasons', () => {
    expect(whyPending('pod has unbound immediate PersistentVolumeClaims. preemption: ...')).toEqual(['Its PersistentVolumeClaim is not bound to a volume yet.']);
    expect(whyPending(undefined)).toEqual(['Waiting for the scheduler.']);
    expect(whyPending('0/3 nodes are available: 3 something new.')).toEqual(['None of the 3 nodes can take it:', '3 something new']);
  });
});
