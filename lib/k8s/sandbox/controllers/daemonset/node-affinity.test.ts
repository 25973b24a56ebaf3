import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { matchesRequiredPlacement, type PodPlacementSpec } from './node-affinity';

const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', labels: { 'kubernetes.io/os': 'linux', disk: 'ssd', cores: '8' } } };
const required = (...terms: object[]): PodPlacementSpec => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never } } } });

describe('matchesRequiredPlacement', () => {
  it.each<[string, PodPlacementSpec, boolean]>([
    ['no constraints match every node', {}, true],
    ['a nodeSelector needs every label equal', { nodeSelector: { disk: 'ssd', 'kubernetes.io/os': 'linux' } }, true],
    ['a nodeSelector with another value fails', { nodeSelector: { disk: 'hdd' } }, false],
    ['In on a label', required({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] }), true],
    ['NotIn on a missing label matches', required({ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['yes'] }] }), true],
    ['DoesNotExist on a present label fails', required({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }), false],
    ['Gt compares integers', required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }), true],
    ['Lt compares integers', required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }), false],
    ['terms are ORed', required({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }), true],
    ['an empty term matches nothing', required({}), false],
    ['matchFields on metadata.name pins one node', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }), true],
    ['matchFields on another name fails', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }), false],
  ])('%s', (_name, spec, want) => {
    expect(matchesRequiredPlacement(spec, node)).toBe(want);
  });
});
