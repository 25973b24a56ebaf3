import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { computePdbStatus, DISRUPTED_POD_TIMEOUT_MS, type ScaleLookup } from './pdb-status';

const NOW = Date.parse('2026-12-07T06:00:00Z');
const ISO = '2026-12-07T06:00:00Z';

function pod(name: string, opts: { ready?: boolean; app?: string; deleting?: boolean; rs?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: opts.app ?? 'web' },
      ...(opts.deleting ? { deletionTimestamp: ISO } : {}),
      ...(opts.rs ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: opts.rs, uid: `uid-${opts.rs}`, controller: true }] } : {}),
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  } as KubeObject;
}

function pdb(spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default', generation: 1 }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec }, ...(status ? { status } : {}) } as KubeObject;
}

const scales = (replicas: number): ScaleLookup => ({ controllerOf: (p) => (p.metadata.ownerReferences?.[0] ? { uid: p.metadata.ownerReferences[0].uid, replicas } : undefined) });

describe('computePdbStatus', () => {
  it('allows no disruption when minAvailable equals the ready pods, with InsufficientPods', () => {
    const { status } = computePdbStatus(pdb({ minAvailable: 2 }), [pod('a'), pod('b'), pod('other', { app: 'db' })], scales(2), NOW, ISO);
    expect(status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 0,
      currentHealthy: 2,
      desiredHealthy: 2,
      expectedPods: 2,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: ISO }],
    });
  });

  it('counts only ready pods that are neither deleting nor just evicted as healthy', () => {
    const pods = [pod('a'), pod('b', { ready: false }), pod('c', { deleting: true }), pod('d')];
    const { status, recheckAt } = computePdbStatus(pdb({ minAvailable: 1 }, { disruptedPods: { d: '2026-12-07T05:59:00Z' } }), pods, scales(4), NOW, ISO);
    expect(status.currentHealthy).toBe(1);
    expect(status.disruptionsAllowed).toBe(0);
    expect(status.disruptedPods).toEqual({ d: '2026-12-07T05:59:00Z' });
    expect(recheckAt).toBe(Date.parse('2026-12-07T05:59:00Z') + DISRUPTED_POD_TIMEOUT_MS);
  });

  it('forgets an eviction the pod outlived by more than two minutes', () => {
    const { status } = computePdbStatus(pdb({ minAvailable: 1 }, { disruptedPods: { a: '2026-12-07T05:50:00Z' } }), [pod('a'), pod('b')], scales(2), NOW, ISO);
    expect(status.disruptedPods).toBeUndefined();
    expect(status.currentHealthy).toBe(2);
    expect(status.disruptionsAllowed).toBe(1);
    expect(status.conditions[0]).toMatchObject({ status: 'True', reason: 'SufficientPods' });
  });

  it('takes expected pods from the controller\'s replicas for maxUnavailable and percentages', () => {
    const pods = [pod('a', { rs: 'web-1' }), pod('b', { rs: 'web-1' })];
    const max = computePdbStatus(pdb({ maxUnavailable: 1 }), pods, scales(3), NOW, ISO).status;
    expect(max).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
    const pct = computePdbStatus(pdb({ minAvailable: '50%' }), pods, scales(3), NOW, ISO).status;
    expect(pct).toMatchObject({ expectedPods: 3, desiredHealthy: 2, disruptionsAllowed: 0 });
  });

  it('selects nothing without a selector and allows nothing without expected pods', () => {
    const none = pdb({ minAvailable: 0 });
    delete (none.spec as Record<string, unknown>).selector;
    const { status } = computePdbStatus(none, [pod('a')], scales(1), NOW, ISO);
    expect(status).toMatchObject({ expectedPods: 0, currentHealthy: 0, disruptionsAllowed: 0 });
  });

  it('keeps the condition\'s transition time while its status stays the same', () => {
    const first = computePdbStatus(pdb({ minAvailable: 2 }), [pod('a'), pod('b')], scales(2), NOW, ISO).status;
    const later = computePdbStatus(pdb({ minAvailable: 2 }, first as unknown as Record<string, unknown>), [pod('a'), pod('b')], scales(2), NOW + 60_000, '2026-12-07T06:01:00Z').status;
    expect(later.conditions[0].lastTransitionTime).toBe(ISO);
  });
});
