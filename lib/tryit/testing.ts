/**
 * Test support for the Try-it observers: watch objects and the bench's watch state made by
 * hand (observe*.test.ts).
 */
import type { ClusterState, ObjectLike } from '../k8s/watch/reducer';

let uid = 0;

/** An object in the default namespace; owner is "Kind/name" for a controller owner reference. */
export function watchObject(name: string, extra: Record<string, unknown> = {}, owner?: string, meta: Record<string, unknown> = {}): ObjectLike {
  const [kind, ownerName] = owner?.split('/') ?? [];
  return {
    metadata: { name, namespace: 'default', uid: `u-${name}-${uid++}`, ...(owner ? { ownerReferences: [{ kind, name: ownerName }] } : {}), ...meta },
    ...extra,
  } as ObjectLike;
}

/** The bench's watch state holding these objects, each list synced. */
export function watchStateOf(resources: Partial<Record<keyof ClusterState, ObjectLike[]>>): ClusterState {
  const state: ClusterState = {};
  for (const [key, items] of Object.entries(resources)) {
    state[key as keyof ClusterState] = { items: Object.fromEntries(items!.map((o) => [`default/${o.metadata!.name}`, o])), resourceVersion: '1', synced: true };
  }
  return state;
}
