import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { reconcileTaints } from './node-taints';

const NOW = '2025-01-01T00:01:00Z';
function node(ready: string, extra: { taints?: object[]; unschedulable?: boolean; conditions?: object[] } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' },
    spec: { ...(extra.taints ? { taints: extra.taints } : {}), ...(extra.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions: [{ type: 'Ready', status: ready }, ...(extra.conditions ?? [])] },
  };
}

describe('reconcileTaints', () => {
  it.each<[string, KubeObject, object[] | undefined]>([
    ['a Ready node needs no change', node('True'), undefined],
    ['Ready=False gives not-ready NoSchedule and NoExecute with timeAdded', node('False'), [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: NOW },
    ]],
    ['Ready=Unknown gives unreachable instead', node('Unknown'), [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: NOW },
    ]],
    ['a cordoned node gets unschedulable NoSchedule', node('True', { unschedulable: true }), [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]],
    ['pressure conditions give NoSchedule taints', node('True', { conditions: [{ type: 'MemoryPressure', status: 'True' }, { type: 'DiskPressure', status: 'False' }] }), [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }]],
    ['a Ready node loses the not-ready taints and keeps the others', node('True', { taints: [
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' },
    ] }), [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]],
    ['an existing NoExecute taint keeps its timeAdded', node('False', { taints: [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' },
    ] }), undefined],
    ['going from NotReady to Unknown swaps not-ready for unreachable', node('Unknown', { taints: [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2025-01-01T00:00:00Z' },
    ] }), [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: NOW },
    ]],
  ])('%s', (_name, n, want) => {
    expect(reconcileTaints(n, NOW)).toEqual(want);
  });
});
