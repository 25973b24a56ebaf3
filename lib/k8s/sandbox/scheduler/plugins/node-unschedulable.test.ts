import { describe, expect, it } from 'vitest';
import { node, pod } from '../fixtures.testing';
import { filterNodeUnschedulable } from './node-unschedulable';

describe('NodeUnschedulable', () => {
  it.each([
    ['a schedulable node fits', node('n'), pod('p'), undefined],
    ['a cordoned node rejects a pod', node('n', { unschedulable: true }), pod('p'), ['node(s) were unschedulable']],
    ['a cordoned node takes a pod tolerating the unschedulable taint', node('n', { unschedulable: true }), pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), undefined],
  ])('%s', (_name, n, p, reasons) => {
    expect(filterNodeUnschedulable(p, n)?.reasons).toEqual(reasons);
  });
});
