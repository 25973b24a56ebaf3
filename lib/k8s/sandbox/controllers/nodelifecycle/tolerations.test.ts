import { describe, expect, it } from 'vitest';
import { findUntoleratedTaint, matchingTolerations, minTolerationSeconds, toleratesTaint, type Taint, type Toleration } from './tolerations';

const cp: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const dedicated: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoExecute' };

describe('toleratesTaint', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    ['Exists on the key tolerates the taint whatever its value', { key: 'dedicated', operator: 'Exists' }, dedicated, true],
    ['Equal needs the same value', { key: 'dedicated', operator: 'Equal', value: 'gpu' }, dedicated, true],
    ['Equal with another value does not tolerate', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, dedicated, false],
    ['the default operator is Equal', { key: 'dedicated', value: 'gpu' }, dedicated, true],
    ['an effect must match when given', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, dedicated, false],
    ['an empty effect matches every effect', { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }, cp, true],
    ['an empty key with Exists tolerates everything', { operator: 'Exists' }, dedicated, true],
    ['an empty key with Equal tolerates nothing', { operator: 'Equal' }, cp, false],
    ['Equal with no value matches a taint with no value', { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, cp, true],
  ])('%s', (_name, t, taint, want) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });
});

describe('eviction helpers', () => {
  it('finds the first untolerated taint of the filtered effects', () => {
    expect(findUntoleratedTaint([cp, dedicated], [], (t) => t.effect === 'NoExecute')).toBe(dedicated);
    expect(findUntoleratedTaint([cp], [{ operator: 'Exists' }])).toBeUndefined();
  });

  it('reports an untolerated NoExecute taint as not all tolerated', () => {
    expect(matchingTolerations([dedicated], [{ key: 'other', operator: 'Exists' }]).allTolerated).toBe(false);
  });

  it.each<[string, Toleration[], number]>([
    ['the smallest tolerationSeconds wins', [{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }], 60],
    ['a toleration without seconds tolerates forever', [{ tolerationSeconds: 300 }, {}], -1],
    ['negative seconds evict at once', [{ tolerationSeconds: -5 }], 0],
    ['no tolerations used means forever', [], -1],
  ])('minTolerationSeconds: %s', (_name, used, want) => {
    expect(minTolerationSeconds(used)).toBe(want);
  });
});
