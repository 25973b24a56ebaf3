import { describe, expect, it } from 'vitest';
import { failureConditions, mergeConditions } from './conditions';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:00:16Z';

describe('namespace deletion conditions', () => {
  it('reports remaining resources and finalizers sorted, as upstream words them', () => {
    const failures = failureConditions({
      remaining: new Map([['pods.', 2], ['deployments.apps', 1], ['configmaps.', 0]]),
      finalizers: new Map([['kubernetes.io/pvc-protection', 1]]),
      deleteErrors: [],
    }, T0);
    expect(failures).toEqual([
      { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: T0, reason: 'SomeResourcesRemain', message: 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances' },
      { type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: T0, reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: kubernetes.io/pvc-protection in 1 resource instances' },
    ]);
  });

  it('reports failed deletes as ContentDeletionFailed', () => {
    expect(failureConditions({ remaining: new Map(), finalizers: new Map(), deleteErrors: ['b failed', 'a failed'] }, T0)).toEqual([
      { type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: T0, reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 2 remaining: a failed, b failed' },
    ]);
  });

  it('writes the ok variant of every owned type when nothing failed', () => {
    expect(mergeConditions([], [], T0)).toEqual([
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: T0, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: T0, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: T0, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: T0, reason: 'ContentRemoved', message: 'All content successfully removed' },
      { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: T0, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ]);
  });

  it('moves lastTransitionTime only when the status flips and reports no change when equal', () => {
    const first = mergeConditions([], failureConditions({ remaining: new Map([['pods.', 2]]), finalizers: new Map(), deleteErrors: [] }, T0), T0)!;
    const fewer = mergeConditions(first, failureConditions({ remaining: new Map([['pods.', 1]]), finalizers: new Map(), deleteErrors: [] }, T1), T1)!;
    expect(fewer.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ lastTransitionTime: T0, message: 'Some resources are remaining: pods. has 1 resource instances' });
    const done = mergeConditions(fewer, [], T1)!;
    expect(done.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'False', lastTransitionTime: T1, reason: 'ContentRemoved' });
    expect(mergeConditions(done, [], T1)).toBeUndefined();
  });
});
