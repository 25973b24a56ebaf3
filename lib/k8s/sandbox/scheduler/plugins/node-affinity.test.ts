import { describe, expect, it } from 'vitest';
import { node, pod } from '../fixtures.testing';
import { filterNodeAffinity, pinnedNodeNames, preferredAffinityScore } from './node-affinity';

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
