/**
 * The browser's view of a learner's cluster, folded from the watch stream by a pure reducer
 * (headlamp's pattern): SNAPSHOT replaces a resource's objects (after a list or a relist),
 * ADDED/MODIFIED upsert unless older than what is held, DELETED removes. Objects are keyed by
 * namespace/name; resourceVersions are compared numerically when both are numeric, which is
 * true for the sandbox and for etcd-backed clusters, and otherwise the later event wins.
 */
import type { WatchKey } from './resources';

export interface ObjectLike {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  [k: string]: unknown;
}

export type ClusterEvent =
  | { type: 'SNAPSHOT'; resource: WatchKey; items: ObjectLike[]; resourceVersion: string }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; resource: WatchKey; object: ObjectLike };

export interface ResourceState {
  items: Record<string, ObjectLike>;
  resourceVersion: string;
  /** True once the first snapshot arrived. */
  synced: boolean;
}

export type ClusterState = Partial<Record<WatchKey, ResourceState>>;

export function objectKey(o: ObjectLike): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

function isOlder(incoming: string | undefined, held: string | undefined): boolean {
  if (!incoming || !held) return false;
  if (/^\d+$/.test(incoming) && /^\d+$/.test(held)) return BigInt(incoming) < BigInt(held);
  return false;
}

export function reduceCluster(state: ClusterState, event: ClusterEvent): ClusterState {
  const current = state[event.resource] ?? { items: {}, resourceVersion: '', synced: false };
  if (event.type === 'SNAPSHOT') {
    const items: Record<string, ObjectLike> = {};
    for (const o of event.items) items[objectKey(o)] = o;
    return { ...state, [event.resource]: { items, resourceVersion: event.resourceVersion, synced: true } };
  }
  const key = objectKey(event.object);
  const held = current.items[key];
  const rv = event.object.metadata?.resourceVersion;
  if (held && isOlder(rv, held.metadata?.resourceVersion)) return state;
  const items = { ...current.items };
  if (event.type === 'DELETED') {
    // A DELETED for another incarnation (same name, other uid) must not remove the new one.
    if (held && held.metadata?.uid && event.object.metadata?.uid && held.metadata.uid !== event.object.metadata.uid) return state;
    delete items[key];
  } else {
    items[key] = event.object;
  }
  const resourceVersion = rv && !isOlder(rv, current.resourceVersion) ? rv : current.resourceVersion;
  return { ...state, [event.resource]: { ...current, items, resourceVersion } };
}

/** Objects of a resource sorted by namespace/name, for stable rendering. */
export function itemsOf<T extends ObjectLike = ObjectLike>(state: ClusterState, resource: WatchKey): T[] {
  const r = state[resource];
  if (!r) return [];
  return Object.keys(r.items).sort().map((k) => r.items[k] as T);
}
