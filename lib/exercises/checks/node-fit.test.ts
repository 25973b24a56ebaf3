import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../k8s/sandbox/types';
import { daemonNodeFit, tolerates } from './node-fit';

const node = (labels: Record<string, string>, taints: object[] = []): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels }, spec: { taints } });
const cpTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('daemonNodeFit', () => {
  it.each([
    ['an Exists toleration with the key tolerates the taint', { key: cpTaint.key, operator: 'Exists', effect: 'NoSchedule' }, true],
    ['an Exists toleration without a key tolerates every taint', { operator: 'Exists' }, true],
    ['an Equal toleration needs the same value', { key: cpTaint.key, value: 'x' }, false],
    ['a toleration for another effect does not tolerate', { key: cpTaint.key, operator: 'Exists', effect: 'NoExecute' }, false],
  ])('%s', (_name, toleration, expected) => {
    expect(tolerates(toleration, cpTaint)).toBe(expected);
  });

  it('names the untolerated taint and the tolerations field', () => {
    expect(daemonNodeFit(node({}, [cpTaint]), {})).toEqual({ fits: false, reason: 'its taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated', field: 'spec.template.spec.tolerations' });
  });

  it('lets a cordoned node keep its daemon pod (the unschedulable taint is tolerated by every daemon pod)', () => {
    expect(daemonNodeFit(node({}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), {}).fits).toBe(true);
  });

  it('names the missing label of a nodeSelector', () => {
    expect(daemonNodeFit(node({ environment: 'staging' }), { nodeSelector: { environment: 'production' } })).toMatchObject({ fits: false, reason: 'it is not labelled environment=production', field: 'spec.template.spec.nodeSelector' });
  });

  it('applies required node affinity terms', () => {
    const spec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] }] } } } };
    expect(daemonNodeFit(node({ disk: 'ssd' }), spec).fits).toBe(true);
    expect(daemonNodeFit(node({ disk: 'hdd' }), spec).fits).toBe(false);
  });
});
