/**
 * The garbage collector: finishes what DELETE's propagationPolicy started
 * (pkg/controller/garbagecollector). Like upstream it keeps a graph of owners and dependents
 * (fed by watches on every kind) and only looks at the objects an event made interesting:
 *  - an owner with the orphan finalizer: strips its ownerReferences from the dependents,
 *    then drops the finalizer;
 *  - an owner with the foregroundDeletion finalizer: deletes the dependents, drops the
 *    finalizer once none block;
 *  - a dependent whose owners are all gone is deleted (background); one that still has an
 *    owner loses only the dangling references.
 * Event handlers mark objects dirty; a sweep (deferred, so writes never re-enter it)
 * processes only those.
 */
import { SERVED_GROUP_RESOURCES } from '../../registry/group-resources';
import type { GroupResource, KubeObject, OwnerReference } from '../../types';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, podGracePeriod } from '../../core/deletion-policy';
import type { StorePort } from '../../apiserver/ports';

interface Node {
  uid: string;
  gr: GroupResource;
  namespace: string | undefined;
  name: string;
  owners: OwnerReference[];
  deleting: boolean;
  finalizers: string[];
  /** The arrays as the object held them (undefined when absent): an update that keeps both keeps the node. */
  ownersRef: OwnerReference[] | undefined;
  finalizersRef: string[] | undefined;
}

/**
 * Events are left out of the graph, as upstream's garbage collector leaves them
 * (garbagecollector.DefaultIgnoredResources: core and events.k8s.io Events): an Event names the
 * object it is about, it is not owned, and the event TTL controller removes it. They are most of
 * a cluster's objects and writes (115 of Exercise 5.3's 164 objects two minutes on), each a node
 * of the graph until now. (A wake's CPU did not change measurably, scripts/bench/cluster-start.ts:
 * the event TTL controller still reads every Event as it starts.)
 */
const IGNORED = new Set(['/events', 'events.k8s.io/events']);
const GRS = SERVED_GROUP_RESOURCES.filter((gr) => !IGNORED.has(`${gr.group}/${gr.resource}`));

/** A sweep handles at most this many objects before yielding (cascades continue next turn). */
const MAX_PER_SWEEP = 5000;

export class GarbageCollector {
  private readonly watches: { close(): void }[] = [];
  private readonly nodes = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
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
      for (const obj of this.store.peekList?.(gr) ?? this.store.list(gr).items) this.observe(gr, obj);
      this.watches.push(this.store.watch(gr, { resourceVersion: rv, shared: true }, (e) => {
        if (e.type === 'DELETED') this.forget(e.object);
        else if (e.type === 'ADDED' || e.type === 'MODIFIED') this.observe(gr, e.object);
      }));
    }
    this.requestSweep();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watches.splice(0)) w.close();
  }

  requestSweep(): void {
    if (this.scheduled || this.stopped || this.dirty.size === 0) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (!this.stopped) this.sweep();
    });
  }

  private observe(gr: GroupResource, obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const prev = this.nodes.get(uid);
    const meta = obj.metadata;
    // Most updates are status writes, which leave the references and the deletion state as
    // they were (a shared watch hands over stored versions, which keep unchanged parts). As in
    // upstream's graph builder, such an update changes nothing in the graph.
    if (prev && prev.ownersRef === meta.ownerReferences && prev.finalizersRef === meta.finalizers && prev.deleting === Boolean(meta.deletionTimestamp)) return;
    const node: Node = {
      uid,
      gr,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name!,
      owners: obj.metadata.ownerReferences ?? [],
      deleting: Boolean(obj.metadata.deletionTimestamp),
      finalizers: obj.metadata.finalizers ?? [],
      ownersRef: meta.ownerReferences,
      finalizersRef: meta.finalizers,
    };
    for (const o of prev?.owners ?? []) this.unlink(o.uid, uid);
    for (const o of node.owners) {
      let set = this.dependents.get(o.uid);
      if (!set) this.dependents.set(o.uid, (set = new Set()));
      set.add(uid);
    }
    this.nodes.set(uid, node);
    const interesting = (node.deleting && (node.finalizers.includes(ORPHAN_FINALIZER) || node.finalizers.includes(FOREGROUND_FINALIZER))) || node.owners.some((o) => !this.nodes.has(o.uid));
    if (interesting) this.markDirty(uid);
  }

  private forget(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const node = this.nodes.get(uid);
    this.nodes.delete(uid);
    // Its dependents may now be dangling; its owners may be waiting for it (foreground).
    for (const dep of this.dependents.get(uid) ?? []) this.markDirty(dep);
    for (const o of node?.owners ?? []) {
      this.unlink(o.uid, uid);
      if (this.nodes.get(o.uid)?.deleting) this.markDirty(o.uid);
    }
  }

  /** Drops one owner → dependent link, and the owner's set once empty (else every owner ever seen stays). */
  private unlink(owner: string, dependent: string): void {
    const set = this.dependents.get(owner);
    if (!set) return;
    set.delete(dependent);
    if (set.size === 0) this.dependents.delete(owner);
  }

  /** How many objects and owners the graph holds: a finished cascade leaves nothing behind. */
  graphSize(): { objects: number; owners: number } {
    return { objects: this.nodes.size, owners: this.dependents.size };
  }

  private markDirty(uid: string): void {
    this.dirty.add(uid);
    this.requestSweep();
  }

  /** Processes the dirty objects, including those its own writes make dirty. */
  sweep(): void {
    let handled = 0;
    while (this.dirty.size > 0 && handled < MAX_PER_SWEEP) {
      const uid = this.dirty.values().next().value!;
      this.dirty.delete(uid);
      handled++;
      const node = this.nodes.get(uid);
      if (node) this.process(node);
    }
    this.requestSweep();
  }

  private process(node: Node): void {
    if (node.deleting && node.finalizers.includes(ORPHAN_FINALIZER)) {
      for (const dep of [...(this.dependents.get(node.uid) ?? [])]) {
        const d = this.nodes.get(dep);
        if (d) this.removeOwnerRefs(d, new Set([node.uid]));
      }
      this.removeFinalizer(node, ORPHAN_FINALIZER);
    } else if (node.deleting && node.finalizers.includes(FOREGROUND_FINALIZER)) {
      const deps = [...(this.dependents.get(node.uid) ?? [])].map((d) => this.nodes.get(d)).filter((d): d is Node => Boolean(d));
      for (const d of deps) if (!d.deleting) this.tryDelete(d);
      const blocking = [...(this.dependents.get(node.uid) ?? [])].filter((d) => this.nodes.has(d));
      if (blocking.length === 0) this.removeFinalizer(node, FOREGROUND_FINALIZER);
    }
    const current = this.nodes.get(node.uid);
    if (!current || current.owners.length === 0) return;
    const dangling = current.owners.filter((o) => !this.nodes.has(o.uid));
    if (dangling.length === 0) return;
    if (dangling.length === current.owners.length) this.tryDelete(current);
    else this.removeOwnerRefs(current, new Set(dangling.map((o) => o.uid)));
  }

  private tryDelete(n: Node): void {
    try {
      // Only read: the stored object itself will do where the store offers it.
      const live = this.store.peek ? this.store.peek(n.gr, n.namespace, n.name) : this.store.get(n.gr, n.namespace, n.name);
      if (!live || live.metadata.uid !== n.uid || live.metadata.deletionTimestamp) return;
      // Pods on a node terminate gracefully, as when the garbage collector deletes through the API.
      const grace = n.gr.group === '' && n.gr.resource === 'pods' ? podGracePeriod(live, undefined) : 0;
      this.store.delete(n.gr, n.namespace, n.name, { preconditions: { uid: n.uid }, sharedResult: true, ...(grace > 0 ? { gracePeriodSeconds: grace } : {}) });
    } catch {
      // Raced with another delete: the object is gone, which is what we wanted.
    }
  }

  private removeOwnerRefs(n: Node, uids: Set<string>): void {
    const live = this.store.get(n.gr, n.namespace, n.name);
    if (!live || live.metadata.uid !== n.uid || !live.metadata.ownerReferences?.some((r) => uids.has(r.uid))) return;
    const refs = live.metadata.ownerReferences.filter((r) => !uids.has(r.uid));
    if (refs.length) live.metadata.ownerReferences = refs;
    else delete live.metadata.ownerReferences;
    try {
      this.store.update(n.gr, live);
    } catch {
      this.markDirty(n.uid);
    }
  }

  private removeFinalizer(n: Node, finalizer: string): void {
    const live = this.store.get(n.gr, n.namespace, n.name);
    if (!live || live.metadata.uid !== n.uid || !live.metadata.finalizers?.includes(finalizer)) return;
    live.metadata.finalizers = live.metadata.finalizers.filter((f) => f !== finalizer);
    try {
      this.store.update(n.gr, live);
    } catch {
      this.markDirty(n.uid);
    }
  }
}
