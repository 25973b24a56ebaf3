import { describe, expect, it } from 'vitest';
import { node, pod } from '../fixtures.testing';
import { countIntolerablePreferNoSchedule, filterTaintToleration } from './taint-toleration';
import { normalizeByMax } from './normalize';

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('TaintToleration', () => {
  it.each([
    ['the control-plane taint shows its empty value', node('cp', { taints: [cp] }), pod('p'), ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']],
    ['a tolerated NoSchedule taint passes', node('cp', { taints: [cp] }), pod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }), undefined],
    ['a NoExecute taint with a value needs the value', node('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] }), pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] }), ['node(s) had untolerated taint {dedicated: gpu}']],
    ['an Equal toleration with the value passes', node('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] }), undefined],
    ['PreferNoSchedule never filters', node('n', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), pod('p'), undefined],
    ['an empty key with Exists tolerates everything', node('n', { taints: [cp] }), pod('p', { tolerations: [{ operator: 'Exists' }] }), undefined],
  ])('%s', (_name, n, p, reasons) => {
    const r = filterTaintToleration(p, n);
    expect(r?.reasons).toEqual(reasons);
    if (r) expect(r.code).toBe('UnschedulableAndUnresolvable');
  });

  it('counts untolerated PreferNoSchedule taints and scores fewer higher', () => {
    const soft = node('soft', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] });
    expect(countIntolerablePreferNoSchedule(pod('p'), soft)).toBe(2);
    expect(countIntolerablePreferNoSchedule(pod('p', { tolerations: [{ key: 'a', operator: 'Exists' }] }), soft)).toBe(1);
    expect(normalizeByMax([2, 1, 0], true)).toEqual([0, 50, 100]);
  });
});
