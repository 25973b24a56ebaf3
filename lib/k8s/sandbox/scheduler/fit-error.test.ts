import { describe, expect, it } from 'vitest';
import { fitErrorMessage, type NodeRejection } from './fit-error';

const cpTaint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const rej = (node: string, ...reasons: string[]): NodeRejection => ({ node, plugin: 'X', code: 'Unschedulable', reasons });

describe('FailedScheduling message', () => {
  it.each([
    [
      'sorts the histogram by string and appends the preemption result',
      { numAllNodes: 4, nodes: [rej('control-plane', cpTaint), rej('worker-1', 'Insufficient cpu'), rej('worker-2', 'Insufficient cpu'), rej('worker-3', 'Insufficient cpu')], postFilterMsg: 'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.' },
      `0/4 nodes are available: 1 ${cpTaint}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`,
    ],
    [
      'counts each reason of a node with several',
      { numAllNodes: 2, nodes: [rej('a', 'Insufficient cpu', 'Insufficient memory'), rej('b', 'Insufficient memory')] },
      '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
    ],
    [
      'lets a PreFilter rejection replace the histogram',
      { numAllNodes: 4, nodes: [], preFilter: { plugin: 'VolumeBinding', code: 'UnschedulableAndUnresolvable' as const, message: 'pod has unbound immediate PersistentVolumeClaims' }, postFilterMsg: 'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.' },
      '0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    ],
    [
      'keeps the single period of a preemption refusal',
      { numAllNodes: 1, nodes: [rej('a', 'Insufficient cpu')], postFilterMsg: 'preemption: not eligible due to preemptionPolicy=Never.' },
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    ],
  ])('%s', (_name, d, want) => {
    expect(fitErrorMessage(d)).toBe(want);
  });
});
