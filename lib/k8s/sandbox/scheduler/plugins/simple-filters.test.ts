import { describe, expect, it } from 'vitest';
import { node, pod } from '../fixtures.testing';
import { filterNodeUnschedulable } from './node-unschedulable';
import { filterNodeName } from './node-name';
import { countIntolerablePreferNoSchedule, filterTaintToleration } from './taint-toleration';
import { filterNodeAffinity, pinnedNodeNames, preferredAffinityScore } from './node-affinity';
import { filterNodePorts } from './node-ports';
import { normalizeByMax } from './normalize';

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('NodeUnschedulable', () => {
  it.each([
    ['a schedulable node fits', node('n'), pod('p'), undefined],
    ['a cordoned node rejects a pod', node('n', { unschedulable: true }), pod('p'), ['node(s) were unschedulable']],
    ['a cordoned node takes a pod tolerating the unschedulable taint', node('n', { unschedulable: true }), pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), undefined],
  ])('%s', (_name, n, p, reasons) => {
    expect(filterNodeUnschedulable(p, n)?.reasons).toEqual(reasons);
  });
});

describe('NodeName', () => {
  it.each([
    ['a pod without nodeName fits anywhere', pod('p'), undefined],
    ['a pod naming this node fits', pod('p', { nodeName: 'n' }), undefined],
    ['a pod naming another node does not', pod('p', { nodeName: 'm' }), ["node(s) didn't match the requested node name"]],
  ])('%s', (_name, p, reasons) => {
    expect(filterNodeName(p, node('n'))?.reasons).toEqual(reasons);
  });
});

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

describe('NodeAffinity', () => {
  const ssd = node('n', { labels: { disktype: 'ssd', gen: '5' } });
  const term = (key: string, operator: string, values?: string[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }] } } } });
  it.each([
    ['a matching nodeSelector', pod('p', { nodeSelector: { disktype: 'ssd' } }), true],
    ['a nodeSelector with another value', pod('p', { nodeSelector: { disktype: 'hdd' } }), false],
    ['In', pod('p', term('disktype', 'In', ['ssd', 'nvme']) as never), true],
    ['NotIn', pod('p', term('disktype', 'NotIn', ['ssd']) as never), false],
    ['Exists', pod('p', term('disktype', 'Exists') as never), true],
    ['DoesNotExist', pod('p', term('disktype', 'DoesNotExist') as never), false],
    ['Gt', pod('p', term('gen', 'Gt', ['4']) as never), true],
    ['Lt', pod('p', term('gen', 'Lt', ['4']) as never), false],
    ['matchFields metadata.name', pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] } } } }), true],
  ])('%s decides the fit', (_name, p, fits) => {
    expect(filterNodeAffinity(p, ssd)?.reasons).toEqual(fits ? undefined : ["node(s) didn't match Pod's node affinity/selector"]);
  });

  it('pins the nodes a DaemonSet pod names and leaves others open', () => {
    const ds = pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }] } } } });
    expect(pinnedNodeNames(ds)).toEqual(new Set(['worker-2']));
    expect(pinnedNodeNames(pod('p', term('disktype', 'Exists') as never))).toBeUndefined();
  });

  it('adds the weights of matching preferred terms', () => {
    const p = pod('p', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 80, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
      { weight: 20, preference: { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['9'] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: 'gen', operator: 'Exists' }] } },
    ] } } });
    expect(preferredAffinityScore(p, ssd)).toBe(85);
  });
});

describe('NodePorts', () => {
  const web = (hostPort: number, extra: Record<string, unknown> = {}) => pod(`w${hostPort}`, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort, protocol: 'TCP', ...extra }] }] });
  it.each([
    ['a free port fits', web(8080), [web(9090)], undefined],
    ['the same port conflicts', web(8080), [web(8080)], ["node(s) didn't have free ports for the requested pod ports"]],
    ['another protocol does not conflict', web(8080, { protocol: 'UDP' }), [web(8080)], undefined],
    ['distinct host IPs do not conflict', web(8080, { hostIP: '10.0.0.1' }), [web(8080, { hostIP: '10.0.0.2' })], undefined],
    ['0.0.0.0 conflicts with a specific IP', web(8080, { hostIP: '10.0.0.1' }), [web(8080, { hostIP: '0.0.0.0' })], ["node(s) didn't have free ports for the requested pod ports"]],
    ['a pod without host ports always fits', pod('p'), [web(8080)], undefined],
  ])('%s', (_name, p, existing, reasons) => {
    expect(filterNodePorts(p, existing)?.reasons).toEqual(reasons);
  });
});
