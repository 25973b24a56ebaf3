/**
 * What happened in the learner's cluster since a Try-it's first Apply, folded from successive
 * snapshots of the bench's watch state. The state only says what exists now; the order in which
 * pods and Jobs appeared and went is what several predictions are about (which ordinal goes
 * first, how many Jobs a CronJob made), so it is recorded here, one snapshot at a time.
 */
import type { ClusterState, ObjectLike } from '@/lib/k8s/watch/reducer';

/** The kinds whose comings and goings a Try-it can ask about. */
export const TRACKED = ['pods', 'jobs'] as const;
export type TrackedResource = (typeof TRACKED)[number];

export interface TimelineEntry {
  resource: TrackedResource;
  name: string;
  uid: string;
  /** `Kind/name` of the first owner reference, if any. */
  owner?: string;
  /** Position in the order of arrival (0, 1, …); objects present before the Apply have none. */
  arrived?: number;
  /** Position in the order of departure, once gone. */
  departed?: number;
}

export interface Timeline {
  entries: TimelineEntry[];
  /** The next position handed out; arrivals and departures share one counter. */
  next: number;
}

export const EMPTY_TIMELINE: Timeline = { entries: [], next: 0 };

function ownerOf(o: ObjectLike): string | undefined {
  const ref = (o.metadata as { ownerReferences?: { kind: string; name: string }[] } | undefined)?.ownerReferences?.[0];
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

function present(state: ClusterState, resource: TrackedResource): ObjectLike[] {
  return Object.values(state[resource]?.items ?? {}).filter((o) => o.metadata?.uid);
}

/** The objects already there when the learner applied: they are known but never "arrived". */
export function baselineOf(state: ClusterState): Timeline {
  const entries: TimelineEntry[] = [];
  for (const resource of TRACKED) {
    for (const o of present(state, resource)) entries.push({ resource, name: o.metadata!.name ?? '', uid: o.metadata!.uid!, owner: ownerOf(o) });
  }
  return { entries, next: 0 };
}

/**
 * Records objects that appeared and ones that went since the last snapshot. A resource that is
 * not synced yet (reconnecting) is skipped, so a relist does not look like everything vanished.
 * A pod marked for deletion counts as gone: that is when kubectl shows it Terminating.
 */
export function advanceTimeline(timeline: Timeline, state: ClusterState): Timeline {
  let next = timeline.next;
  let changed = false;
  const entries = [...timeline.entries];
  const byUid = new Map(entries.map((e, i) => [e.uid, i]));
  for (const resource of TRACKED) {
    if (!state[resource]?.synced) continue;
    const live = new Set<string>();
    for (const o of present(state, resource)) {
      const uid = o.metadata!.uid!;
      const terminating = Boolean((o.metadata as { deletionTimestamp?: string }).deletionTimestamp);
      if (!terminating) live.add(uid);
      if (!byUid.has(uid)) {
        byUid.set(uid, entries.length);
        entries.push({ resource, name: o.metadata!.name ?? '', uid, owner: ownerOf(o), arrived: next++ });
        changed = true;
      }
    }
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.resource !== resource || e.departed !== undefined || live.has(e.uid)) continue;
      entries[i] = { ...e, departed: next++ };
      changed = true;
    }
  }
  return changed ? { entries, next } : timeline;
}

/** Entries owned by `Kind/name`, in order of arrival (those present before the Apply first). */
export function ownedBy(timeline: Timeline, owner: string, resource: TrackedResource): TimelineEntry[] {
  return timeline.entries
    .filter((e) => e.resource === resource && e.owner === owner)
    .sort((a, b) => (a.arrived ?? -1) - (b.arrived ?? -1));
}
