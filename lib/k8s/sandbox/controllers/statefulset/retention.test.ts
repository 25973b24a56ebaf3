import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../types';
import { claimOwnerRefsFor, claimOwnerUpToDate } from './retention';
import type { RetentionPolicyType } from './set-types';

const setOf = (whenDeleted: RetentionPolicyType, whenScaled: RetentionPolicyType): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', uid: 'set-uid' },
  spec: { replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } },
});
const pod = (ordinal: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${ordinal}`, uid: `pod-${ordinal}` } });
const claim = (refs?: OwnerReference[]): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-0', ...(refs ? { ownerReferences: refs } : {}) } });

const SET_REF = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'set-uid', controller: true, blockOwnerDeletion: true };
const podRef = (o: number) => ({ apiVersion: 'v1', kind: 'Pod', name: `web-${o}`, uid: `pod-${o}`, controller: true, blockOwnerDeletion: true });

describe('PVC retention policy as claim owners', () => {
  it.each([
    ['Retain', 'Retain', 1, []],
    ['Retain', 'Retain', 5, []],
    ['Delete', 'Retain', 1, [SET_REF]],
    ['Delete', 'Retain', 5, [SET_REF]],
    ['Retain', 'Delete', 1, []],
    ['Retain', 'Delete', 5, [podRef(5)]],
    ['Delete', 'Delete', 1, [SET_REF]],
    ['Delete', 'Delete', 5, [podRef(5)]],
  ] as const)('whenDeleted %s, whenScaled %s, pod ordinal %i: owners %j', (whenDeleted, whenScaled, ordinal, want) => {
    const set = setOf(whenDeleted, whenScaled);
    const refs = claimOwnerRefsFor(claim(), set, pod(ordinal));
    expect(refs).toEqual(want);
    expect(claimOwnerUpToDate(claim(refs), set, pod(ordinal))).toBe(true);
    expect(claimOwnerUpToDate(claim(want.length ? [] : [SET_REF]), set, pod(ordinal))).toBe(false);
  });

  it('leaves a claim managed by another controller alone under a Delete policy', () => {
    const other = { apiVersion: 'example.com/v1', kind: 'Backup', name: 'b', uid: 'b-uid', controller: true };
    expect(claimOwnerUpToDate(claim([other]), setOf('Delete', 'Retain'), pod(0))).toBe(true);
    expect(claimOwnerRefsFor(claim([other]), setOf('Delete', 'Retain'), pod(0))).toEqual([other]);
  });
});
