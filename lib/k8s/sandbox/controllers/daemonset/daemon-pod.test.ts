import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types';
import { daemonPodFor, targetNodeName, withDaemonTolerations } from './daemon-pod';

const ds: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'fluentd', namespace: 'kube-system', uid: 'u1', generation: 2, annotations: { 'deprecated.daemonset.template.generation': '2' } },
  spec: {
    selector: { matchLabels: { app: 'fluentd' } },
    template: {
      metadata: { labels: { app: 'fluentd' } },
      spec: {
        containers: [{ name: 'f', image: 'fluentd' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }] },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }],
          },
        },
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }],
      },
    },
  },
};

describe('daemonPodFor', () => {
  const pod = daemonPodFor(ds, 'worker-2', 'abc123');
  const spec = pod.spec as Record<string, unknown>;

  it('names, labels and owns the pod as the DaemonSet controller does', () => {
    expect(pod.metadata).toMatchObject({
      generateName: 'fluentd-',
      namespace: 'kube-system',
      labels: { app: 'fluentd', 'controller-revision-hash': 'abc123', 'pod-template-generation': '2' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    });
  });

  it('replaces the required node affinity with the node name and keeps the preferred one', () => {
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-2'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }],
      },
    });
    expect(spec.nodeName).toBeUndefined();
    expect(targetNodeName(pod)).toBe('worker-2');
  });

  it('adds the daemon tolerations, keeping a user toleration that differs in seconds only once', () => {
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('adds network-unavailable only for hostNetwork pods', () => {
    expect(withDaemonTolerations([], true).map((t) => t.key)).toContain('node.kubernetes.io/network-unavailable');
    expect(withDaemonTolerations([], false).map((t) => t.key)).not.toContain('node.kubernetes.io/network-unavailable');
  });
});
