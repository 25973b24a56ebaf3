import { describe, expect, it } from 'vitest';
import { node, pod, sized } from '../fixtures.testing';
import { balancedAllocationScore, filterNodeResourcesFit, leastAllocatedScore } from './node-resources-fit';

const bound = (p: ReturnType<typeof pod>) => ({ ...p, spec: { ...(p.spec as object), nodeName: 'n' } });

describe('NodeResourcesFit', () => {
  it.each([
    ['fits on an empty node', sized('p', '1'), [], undefined, undefined],
    ['counts what is already requested', sized('p', '1'), [bound(sized('a', '3500m'))], ['Insufficient cpu'], 'Unschedulable'],
    ['reports cpu and memory together', sized('p', '1', '6Gi'), [bound(sized('a', '3500m', '4Gi'))], ['Insufficient cpu', 'Insufficient memory'], 'Unschedulable'],
    ['more than the node has is unresolvable', sized('p', '5'), [], ['Insufficient cpu'], 'UnschedulableAndUnresolvable'],
    ['a full node has too many pods even for a pod requesting nothing', pod('p'), [bound(pod('a')), bound(pod('b'))], ['Too many pods'], 'Unschedulable'],
  ])('%s', (_name, p, existing, reasons, code) => {
    const r = filterNodeResourcesFit(p, { node: node('n', { pods: '2' }), pods: existing });
    expect(r?.reasons).toEqual(reasons);
    expect(r?.code).toBe(code);
  });

  it('scores the emptier node higher with LeastAllocated', () => {
    const empty = { node: node('a'), pods: [] };
    const busy = { node: node('b'), pods: [bound(sized('x', '2', '4Gi'))] };
    const p = sized('p', '1', '1Gi');
    expect(leastAllocatedScore(p, empty)).toBe(81);
    expect(leastAllocatedScore(p, busy)).toBe(31);
  });

  it('scores balanced cpu and memory use higher, and skips a pod requesting nothing', () => {
    const n = { node: node('a'), pods: [] };
    expect(balancedAllocationScore(sized('p', '2', '4Gi'), n)).toBe(100);
    expect(balancedAllocationScore(sized('p', '2'), n)).toBe(75);
    expect(balancedAllocationScore(pod('p'), n)).toBe(0);
  });
});
