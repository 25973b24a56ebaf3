import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { claimsFor, identityMatches, inOrdinalRange, newStatefulSetPod, parentAndOrdinal, storageMatches } from './identity';

const set: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'set-uid' },
  spec: {
    replicas: 2,
    serviceName: 'nginx',
    selector: { matchLabels: { app: 'nginx' } },
    volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'data', app: 'other' } }, spec: { accessModes: ['ReadWriteOnce'] } }],
  },
};

describe('StatefulSet pod identity', () => {
  it.each([
    ['web-0', 'web', 0],
    ['my-web-12', 'my-web', 12],
    ['web', '', -1],
    ['web-x', '', -1],
    ['web-99999999999', 'web', -1],
  ])('parses %s as parent %s ordinal %i', (name, parent, ordinal) => {
    expect(parentAndOrdinal(name)).toEqual({ parent, ordinal });
  });

  it('names claims <template>-<set>-<ordinal> and lays the selector over the template labels', () => {
    expect(claimsFor(set, 3)).toEqual([{
      template: 'www',
      claim: {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: { name: 'www-web-3', namespace: 'default', labels: { tier: 'data', app: 'nginx' } },
        spec: { accessModes: ['ReadWriteOnce'] },
      },
    }]);
  });

  it('builds a pod with hostname, subdomain, identity labels, claim volumes first and the revision', () => {
    const pod = newStatefulSetPod(set, { metadata: { labels: { app: 'nginx' } }, spec: { volumes: [{ name: 'www', emptyDir: {} }, { name: 'conf', emptyDir: {} }] } }, 'web-abc', 1);
    expect(pod.metadata.labels).toEqual({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-abc' });
    expect(pod.spec).toEqual({
      hostname: 'web-1',
      subdomain: 'nginx',
      volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }, { name: 'conf', emptyDir: {} }],
    });
    expect(identityMatches(set, { ...pod, metadata: { ...pod.metadata } })).toBe(true);
    expect(storageMatches(set, pod)).toBe(true);
  });

  it('does not match a pod whose pod-name label or claim volume was changed', () => {
    const pod = newStatefulSetPod(set, { spec: {} }, 'web-abc', 0);
    expect(identityMatches(set, { ...pod, metadata: { ...pod.metadata, labels: {} } })).toBe(false);
    expect(storageMatches(set, { ...pod, spec: { volumes: [{ name: 'www', emptyDir: {} }] } })).toBe(false);
  });

  it.each([[0, true], [1, true], [2, false]])('ordinal %i in range of 2 replicas: %s', (ordinal, inRange) => {
    expect(inOrdinalRange({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${ordinal}` } }, set)).toBe(inRange);
  });
});
