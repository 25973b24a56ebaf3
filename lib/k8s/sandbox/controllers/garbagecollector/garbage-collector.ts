/**
 * The garbage collector: finishes what DELETE's propagationPolicy started
 * (pkg/controller/garbagecollector). It is level-triggered: store events only schedule a
 * sweep; one sweep reads every object and
 *  - orphan finalizer: strips ownerReferences to the owner from its dependents, then drops the finalizer;
 *  - foregroundDeletion finalizer: deletes the dependents, drops the finalizer once none block;
 *  - background: deletes objects whose owners are all gone, and drops dangling references
 *    when some owner remains.
 */
import { ALL_KINDS } from '../../registry';
import type { GroupResource, KubeObject } from '../../types';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, podGracePeriod } from '../../apiserver/deletion';
import type { StorePort } from '../../apiserver/ports';

interface Entry {
  gr: GroupResource;
  obj: KubeObject;
}

const GRS: GroupResource[] = [...new Map(ALL_KINDS.map((d) => [`${d.group}/${d.plural}`, { group: d.group, resource: d.plural }])).values()];

export class GarbageCollector {
  private readonly watches: { close(): void }[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly store: StorePort,
    /** How a sweep is deferred; tests pass a synchronous or manual scheduler. */
    private readonly schedule: (fn: () => void) => void = (fn) => setImmediate(fn),
  ) {}

  start(): void {
    const rv = this.store.resourceVersion();
    for (const gr of GRS) {
      this.watches.push(this.store.watch(gr, { resourceVersion: rv }, (e) => {
        if (e.type === 'DELETED' || e.object.metadata.deletionTimestamp || e.object.metadata.ownerReferences?.length) this.requestSweep();
      }));
    }
    this.requestSweep();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watches.splice(0)) w.close();
  }

  requestSweep(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (!this.stopped) this.sweep();
    });
  }

  /** One pass over the cluster; repeats until nothing changes so cascades finish in one call. */
  sweep(): void {
    for (let round = 0; round < 20; round++) {
      if (!this.sweepOnce()) return;
    }
  }

  private sweepOnce(): boolean {
    const all: Entry[] = [];
    for (const gr of GRS) for (const obj of this.store.list(gr).items) all.push({ gr, obj });
    const byUid = new Map<string, Entry>();
    for (const e of all) if (e.obj.metadata.uid) byUid.set(e.obj.metadata.uid, e);
    const dependentsOf = new Map<string, Entry[]>();
    for (const e of all) {
      for (const ref of e.obj.metadata.ownerReferences ?? []) {
        if (!dependentsOf.has(ref.uid)) dependentsOf.set(ref.uid, []);
        dependentsOf.get(ref.uid)!.push(e);
      }
    }
    let changed = false;
    for (const owner of all) {
      const meta = owner.obj.metadata;
      if (!meta.deletionTimestamp) continue;
      const deps = dependentsOf.get(meta.uid ?? '') ?? [];
      if (meta.finalizers?.includes(ORPHAN_FINALIZER)) {
        for (const d of deps) changed = this.removeOwnerRefs(d, new Set([meta.uid!])) || changed;
        changed = this.removeFinalizer(owner, ORPHAN_FINALIZER) || changed;
      } else if (meta.finalizers?.includes(FOREGROUND_FINALIZER)) {
        const remaining = deps.filter((d) => this.store.get(d.gr, d.obj.metadata.namespace, d.obj.metadata.name!));
        for (const d of remaining) if (!d.obj.metadata.deletionTimestamp) changed = this.tryDelete(d) || changed;
        const blocking = remaining.filter((d) => this.store.get(d.gr, d.obj.metadata.namespace, d.obj.metadata.name!));
        if (blocking.length === 0) changed = this.removeFinalizer(owner, FOREGROUND_FINALIZER) || changed;
      }
    }
    for (const dep of all) {
      const refs = dep.obj.metadata.ownerReferences ?? [];
      if (refs.length === 0) continue;
      const dangling = refs.filter((r) => !byUid.has(r.uid));
      if (dangling.length === 0) continue;
      if (dangling.length === refs.length) changed = this.tryDelete(dep) || changed;
      else changed = this.removeOwnerRefs(dep, new Set(dangling.map((r) => r.uid))) || changed;
    }
    return changed;
  }

  private tryDelete(e: Entry): boolean {
    try {
      const live = this.store.get(e.gr, e.obj.metadata.namespace, e.obj.metadata.name!);
      if (!live || live.metadata.deletionTimestamp) return false;
      // Pods on a node terminate gracefully, as when the garbage collector deletes through the API.
      const grace = e.gr.group === '' && e.gr.resource === 'pods' ? podGracePeriod(live, undefined) : 0;
      this.store.delete(e.gr, e.obj.metadata.namespace, e.obj.metadata.name!, grace > 0 ? { gracePeriodSeconds: grace } : undefined);
      return true;
    } catch {
      // Raced with another delete: the object is gone, which is what we wanted.
      return false;
    }
  }

  private removeOwnerRefs(e: Entry, uids: Set<string>): boolean {
    const live = this.store.get(e.gr, e.obj.metadata.namespace, e.obj.metadata.name!);
    if (!live?.metadata.ownerReferences?.some((r) => uids.has(r.uid))) return false;
    const refs = live.metadata.ownerReferences.filter((r) => !uids.has(r.uid));
    if (refs.length) live.metadata.ownerReferences = refs;
    else delete live.metadata.ownerReferences;
    try {
      this.store.update(e.gr, live);
      return true;
    } catch {
      return false;
    }
  }

  private removeFinalizer(e: Entry, finalizer: string): boolean {
    const live = this.store.get(e.gr, e.obj.metadata.namespace, e.obj.metadata.name!);
    if (!live?.metadata.finalizers?.includes(finalizer)) return false;
    live.metadata.finalizers = live.metadata.finalizers.filter((f) => f !== finalizer);
    try {
      this.store.update(e.gr, live);
      return true;
    } catch {
      return false;
    }
  }
}
