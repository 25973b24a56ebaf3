/**
 * The sandbox's etcd + watch cache: one store per cluster, one monotonic resourceVersion
 * counter, deep copies in and out, selector-filtered watches with a bounded replay history.
 * Stored objects are frozen, so the few readers that only look (peek, peekList) can be given
 * them without a copy: a reader that tries to change one gets a TypeError, not a silently
 * corrupted store.
 *
 * Watch delivery is synchronous and in rv order, inside the write call. A callback must not
 * block: the HTTP layer buffers per connection, so a slow consumer never delays others.
 * A callback that throws is closed (logged on the event, not propagated to the writer).
 */
import type { Clock } from '../clock';
import { errors } from '../errors';
import type { GroupResource, KubeObject, WatchEvent } from '../types';
import { matchesFieldSelector, parseFieldSelector, type FieldSelector } from './field-selector';
import { matchesLabelSelector, parseLabelSelector, type LabelSelector } from './label-selector';
import type { StorePersistence } from './persistence';
import { storedMeta } from './object-meta';
import { uuidV4 } from '../uuid';
import { DeferredManagedFields, equalButManagedFields, type ManagedFieldsCompute } from './deferred-managed-fields';
import { approxJsonBytes, deepFreeze, jsonClone as clone, jsonEqual, jsonSizeBound, jsonSizeBoundFreezing, type FreshBytes } from './json-value';

export interface ListOptions { namespace?: string; labelSelector?: string; fieldSelector?: string; limit?: number; continue?: string; }
export interface ListResult { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number; }
export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  /**
   * The callback only reads what it is given (an in-process informer): it gets the stored
   * object itself, frozen, instead of a copy. Watchers that hand objects on (HTTP) get copies.
   */
  shared?: boolean;
}
export interface WriteOptions {
  dryRun?: boolean;
  /**
   * The caller hands input over: a copy made for this write that nobody else holds or will
   * change (the API server's own write path). The store keeps it instead of copying it again,
   * and returns what it stored, frozen, instead of a copy.
   */
  adopt?: boolean;
  /**
   * The version's managedFields, computed when first read instead of now
   * (deferred-managed-fields.ts): the in-process writers' path. The input's own managedFields
   * are ignored. A no-op check that needs them computes them at once.
   */
  managedFields?: ManagedFieldsCompute;
}
export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  /**
   * Graceful deletion (pods on a node): a positive value only marks the object, with
   * deletionTimestamp = now + grace, for its kubelet to finish; 0 removes it.
   */
  gracePeriodSeconds?: number;
  /** The caller only reads the result: it gets the stored (or removed) object itself, frozen, not a copy. */
  sharedResult?: boolean;
}
/**
 * Which part of the object an update writes:
 * - 'main' (default): everything but status (status kept from the stored object), as PUT on a
 *   kind with a status subresource;
 * - 'status': only status and managedFields (spec and other metadata kept, except
 *   resourceVersion), as PUT .../status;
 * - 'all': the whole object, for kinds without a status subresource (configmaps, secrets...).
 */
export type UpdateScope = 'main' | 'status' | 'all';
export interface UpdateOptions extends WriteOptions { subresource?: UpdateScope; }

export interface ObjectStoreOptions {
  clock: Clock;
  random?: () => number;
  persistence?: StorePersistence;
  maxObjects?: number;
  /** Events kept for watch resume (default 10,000). */
  historySize?: number;
  /**
   * Bytes those events may hold (default DEFAULT_MAX_HISTORY_BYTES): each event is charged the
   * approximate JSON bytes its version added (what it shares with older versions is free).
   * Older events are dropped past it; a watch resuming from before them gets 410.
   */
  maxHistoryBytes?: number;
  /**
   * Approximate JSON bytes all stored objects may hold together (default
   * DEFAULT_MAX_STORED_BYTES): a write that would grow them past it is refused with 403, as
   * maxObjects refuses the count. Shrinking writes and deletes always pass.
   */
  maxStoredBytes?: number;
}

/**
 * Stored objects per cluster: the 5,000 objects the API server allows average 13 KiB in it
 * (a pod is 2–4 KiB), but 5,000 ConfigMaps of 1 MiB would be 5 GiB in the portal's memory.
 */
export const DEFAULT_MAX_STORED_BYTES = 64 * 1024 * 1024;

/**
 * Watch history per cluster: 32 MiB holds the 10,000 events of ordinary work (a pod's status
 * write adds a few hundred bytes) but only ~20 versions of a 1.5 MiB object rewritten in a loop.
 */
export const DEFAULT_MAX_HISTORY_BYTES = 32 * 1024 * 1024;

/** etcd's default request limit. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A stored object: its current version, frozen. An entry loaded from the persistence may hold
 * the version's JSON text instead, parsed (and frozen) when first read: a waking cluster answers
 * once its rows are read, and controllers starting after it parse what they list.
 */
class Entry {
  private version: KubeObject | undefined;
  private json: string | undefined;

  constructor(readonly gr: GroupResource, obj: KubeObject | undefined, json?: string) {
    this.version = obj;
    this.json = json;
  }

  get obj(): KubeObject {
    if (this.version === undefined) {
      this.version = deepFreeze(JSON.parse(this.json!) as KubeObject);
      this.json = undefined;
    }
    return this.version;
  }

  set obj(version: KubeObject) {
    this.version = version;
    this.json = undefined;
  }

  /** The version if it was parsed (or written) already; undefined while it is still JSON text. */
  get parsed(): KubeObject | undefined {
    return this.version;
  }
}
/** A version's approximate JSON bytes: what it adds beside the versions it shares parts with, and in all. */
interface VersionSize { fresh: number; total: number; }
interface HistoryEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  grKey: string;
  obj: KubeObject;
  prev?: KubeObject;
  /** Approximate bytes this version added (FreshBytes), charged to the history budget. */
  bytes: number;
}
interface Watcher {
  grKey: string;
  gr: GroupResource;
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  bookmarks: boolean;
  shared: boolean;
  onEvent: (e: WatchEvent) => void;
  closed: boolean;
}

export class ContinueTokenError extends Error {
  constructor(token: string) {
    super(`invalid continue token ${JSON.stringify(token)}`);
    this.name = 'ContinueTokenError';
  }
}

const grKeyOf = (gr: GroupResource) => `${gr.group}/${gr.resource}`;
const keyOf = (gr: GroupResource, namespace: string | undefined, name: string) => `${grKeyOf(gr)}/${namespace ?? ''}/${name}`;
/**
 * Whether finalizers still hold a deleted object: metadata.finalizers, and for a namespace
 * also spec.finalizers, which the namespace controller clears once the namespace is empty
 * (pkg/registry/core/namespace/storage, ShouldDeleteNamespaceDuringUpdate).
 */
function heldByFinalizers(gr: GroupResource, o: KubeObject): boolean {
  if (o.metadata.finalizers?.length) return true;
  return gr.group === '' && gr.resource === 'namespaces' && Boolean((o.spec as { finalizers?: unknown[] } | undefined)?.finalizers?.length);
}

/**
 * A new version of a stored (frozen) object that differs only in metadata fields the caller
 * sets next: everything else is shared with the stored version, which never changes.
 */
function withNewMetadata(current: KubeObject): KubeObject {
  return { ...current, metadata: { ...current.metadata } };
}

/** JSON equality of everything but metadata and status (what a new generation is about), without copying either. */
function sameButMetaAndStatus(a: KubeObject, b: KubeObject): boolean {
  const ao = a as unknown as Record<string, unknown>;
  const bo = b as unknown as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (k === 'metadata' || k === 'status' || ao[k] === undefined) continue;
    count++;
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (k !== 'metadata' && k !== 'status' && bo[k] !== undefined) count--;
  return count === 0;
}

export class ObjectStore {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly persistence?: StorePersistence;
  private readonly maxObjects: number;
  private readonly historySize: number;
  private readonly maxHistoryBytes: number;
  private historyBytes = 0;
  private readonly maxStoredBytes: number;
  /** Approximate bytes of each stored object's current version, and their sum. */
  private readonly sizes = new Map<string, number>();
  private storedBytes = 0;
  private readonly objects = new Map<string, Entry>();
  /** The same entries per group/resource, so a list or watch touches only its own kind. */
  private readonly byGr = new Map<string, Map<string, Entry>>();
  private readonly history: HistoryEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly deferred = new DeferredManagedFields();
  private rv = 0;
  /** Oldest rv a watch can resume from; raised by history trimming and by a restart. */
  private oldestResumable = 0;
  private closed = false;

  constructor(opts: ObjectStoreOptions) {
    this.clock = opts.clock;
    this.random = opts.random ?? Math.random;
    this.persistence = opts.persistence;
    this.maxObjects = opts.maxObjects ?? Infinity;
    this.historySize = opts.historySize ?? 10_000;
    this.maxHistoryBytes = opts.maxHistoryBytes ?? DEFAULT_MAX_HISTORY_BYTES;
    this.maxStoredBytes = opts.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES;
    if (this.persistence) {
      const encoded = this.persistence.loadEncoded?.();
      if (encoded) {
        for (const p of encoded.objects) {
          this.index(p.key, new Entry({ group: p.group, resource: p.resource }, undefined, p.json));
          // The stored text's length stands for approxJsonBytes until the object is written again.
          this.setSize(p.key, p.json.length);
        }
        this.rv = encoded.resourceVersion;
      } else {
        const loaded = this.persistence.load();
        for (const p of loaded.objects) {
          this.index(p.key, new Entry({ group: p.group, resource: p.resource }, deepFreeze(p.object)));
          this.setSize(p.key, approxJsonBytes(p.object));
        }
        this.rv = loaded.resourceVersion;
      }
      // History does not survive a restart, like an etcd compaction.
      this.oldestResumable = this.rv;
    }
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  /** Capability flag for the API server's ports: writes may defer managedFields. */
  readonly defersManagedFields = true;

  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const e = this.objects.get(keyOf(gr, namespace, name));
    return e ? this.copyOut(e.obj) : undefined;
  }

  /**
   * The stored object itself, frozen: for readers that do not change it (no copy). Its
   * managedFields may be deferred (absent); finished() gives them.
   */
  peek(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(gr, namespace, name))?.obj;
  }

  /** Stored objects (frozen, not copied) of one kind in list order, filtered as list() filters. */
  peekList(gr: GroupResource, opts: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'> = {}): KubeObject[] {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector);
    const byKey = this.byGr.get(grKeyOf(gr));
    if (!byKey) return [];
    const objs: KubeObject[] = [];
    // Key = group/resource/namespace/name, so sorting keys sorts by namespace then name.
    // Objects are mostly created in name order, so the keys often come sorted already: they
    // are only kept (and sorted) when one comes out of order.
    let last = '';
    let keys: string[] | undefined;
    for (const [key, e] of byKey) {
      if (opts.namespace !== undefined && e.obj.metadata.namespace !== opts.namespace) continue;
      if (!matchesLabelSelector(labels, e.obj.metadata.labels) || !matchesFieldSelector(fields, e.obj)) continue;
      if (keys) keys.push(key);
      else if (key < last) {
        keys = [];
        for (const o of objs) keys.push(keyOf(gr, o.metadata.namespace, o.metadata.name!));
        keys.push(key);
      } else {
        objs.push(e.obj);
        last = key;
      }
    }
    if (!keys) return objs;
    keys.sort();
    return keys.map((k) => byKey.get(k)!.obj);
  }

  list(gr: GroupResource, opts: ListOptions = {}): ListResult {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector);
    let after: string | undefined;
    if (opts.continue) after = decodeContinue(opts.continue).key;
    const keys: string[] = [];
    for (const [key, e] of this.byGr.get(grKeyOf(gr)) ?? []) {
      if (opts.namespace !== undefined && e.obj.metadata.namespace !== opts.namespace) continue;
      if (after !== undefined && key <= after) continue;
      if (!matchesLabelSelector(labels, e.obj.metadata.labels) || !matchesFieldSelector(fields, e.obj)) continue;
      keys.push(key);
    }
    // Key = group/resource/namespace/name, so sorting keys sorts by namespace then name.
    keys.sort();
    const limit = opts.limit && opts.limit > 0 ? opts.limit : keys.length;
    const page = keys.slice(0, limit);
    const result: ListResult = { items: page.map((k) => this.copyOut(this.objects.get(k)!.obj)), resourceVersion: this.resourceVersion() };
    if (page.length < keys.length) {
      result.continue = encodeContinue(page[page.length - 1], this.rv);
      result.remainingItemCount = keys.length - page.length;
    }
    return result;
  }

  create(gr: GroupResource, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    this.assertOpen();
    const obj = opts.adopt ? input : clone(input);
    const meta = (obj.metadata ??= {});
    if (!meta.name) {
      if (!meta.generateName) {
        throw errors.invalid(obj.kind ?? gr.resource, gr.group, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
      }
      meta.name = this.generateName(gr, meta.namespace, meta.generateName);
    }
    const key = keyOf(gr, meta.namespace, meta.name);
    if (this.objects.has(key)) throw errors.alreadyExists(gr.resource, gr.group, meta.name);
    if (this.objects.size >= this.maxObjects) throw errors.forbidden(`exceeded quota: sandbox allows at most ${this.maxObjects} objects`);
    // The API server may assign the uid before admission (a Job's generated selector names it);
    // it strips any client-sent uid first, so a uid here is the server's own.
    const stored = storedMeta(meta, {
      namespace: meta.namespace,
      uid: meta.uid ?? uuidV4(this.random),
      resourceVersion: undefined,
      generation: 1,
      creationTimestamp: this.clock.nowISO(),
      deletionTimestamp: undefined,
      deletionGracePeriodSeconds: undefined,
    });
    obj.metadata = stored;
    const compute = opts.managedFields;
    if (compute) delete stored.managedFields;
    if (opts.dryRun) {
      if (compute) stored.managedFields = compute(undefined, obj);
      this.checkSize(obj);
      return obj;
    }
    // Measured without a resourceVersion, as before it was assigned; the walk also freezes the
    // object for storing (all of it but the metadata object, which the resourceVersion still goes into).
    const size = this.checkSize(obj, true);
    this.checkStoredBytes(key, size.total);
    const rv = this.nextRv();
    stored.resourceVersion = String(rv);
    this.commit(key, gr, obj, 'ADDED', undefined, rv, compute, size);
    return opts.adopt ? obj : this.copyOut(obj);
  }

  update(gr: GroupResource, input: KubeObject, opts: UpdateOptions = {}): KubeObject {
    this.assertOpen();
    const name = input.metadata?.name ?? '';
    const key = keyOf(gr, input.metadata?.namespace, name);
    const current = this.objects.get(key)?.obj;
    if (!current) throw errors.notFound(gr.resource, gr.group, name);
    const sentRv = input.metadata?.resourceVersion;
    if (sentRv && sentRv !== current.metadata.resourceVersion) {
      throw errors.conflict(gr.resource, gr.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const scope = opts.subresource ?? 'main';
    let next: KubeObject;
    if (scope === 'status') {
      next = withNewMetadata(current);
      if (input.status === undefined) delete next.status;
      else next.status = opts.adopt ? input.status : clone(input.status);
      // The one metadata change a status write makes: the API server records the status
      // writer's fields (a managedFields entry with subresource "status"), as upstream does.
      if (input.metadata?.managedFields !== undefined) next.metadata.managedFields = opts.adopt ? input.metadata.managedFields : clone(input.metadata.managedFields);
    } else {
      next = opts.adopt ? input : clone(input);
      if (scope === 'main') {
        // The stored status is frozen; the new version may share it.
        if (current.status === undefined) delete next.status;
        else next.status = current.status;
      }
      // Immutable or server-owned metadata; a change outside metadata and status is a new generation.
      const was = current.metadata;
      const deleting = Boolean(was.deletionTimestamp);
      next.metadata = storedMeta(next.metadata ?? {}, {
        namespace: was.namespace,
        uid: was.uid,
        resourceVersion: was.resourceVersion,
        generation: sameButMetaAndStatus(next, current) ? was.generation : (was.generation ?? 0) + 1,
        creationTimestamp: was.creationTimestamp,
        deletionTimestamp: deleting ? was.deletionTimestamp : undefined,
        deletionGracePeriodSeconds: deleting ? was.deletionGracePeriodSeconds : undefined,
      });
    }
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    const compute = opts.managedFields;
    if (compute) delete next.metadata.managedFields;
    // next is this write's own (a copy, an adopted input, or frozen parts of the stored
    // version), so the walk may freeze it for storing, as create's does.
    const size = this.checkSize(next, true);
    // As genericregistry.Store.shouldDeleteDuringUpdate: the last finalizer's removal ends an
    // object only when its deletion has no grace period left (nil or 0). A pod deleted with a
    // grace period stays Terminating until its kubelet deletes it with grace 0.
    const graceLeft = (current.metadata.deletionGracePeriodSeconds ?? 0) > 0;
    const removes = Boolean(next.metadata.deletionTimestamp) && !heldByFinalizers(gr, next) && !graceLeft;
    let deferNext = compute;
    let noop: boolean;
    if (compute) {
      noop = !removes && equalButManagedFields(next, current);
      if (noop || opts.dryRun) {
        // Whether this is a no-op depends on the managedFields too (a write may prune stale
        // ownership), so they are computed now.
        const finished = this.deferred.finish(current);
        next.metadata.managedFields = compute(finished, next);
        deferNext = undefined;
        noop &&= jsonEqual(next.metadata.managedFields, finished.metadata.managedFields);
      }
    } else noop = !removes && this.unchanged(next, current);
    if (opts.dryRun) return clone(next);
    // A no-op update keeps the resourceVersion and sends no event, as the API server does.
    if (noop) return opts.adopt ? current : this.copyOut(current);
    if (!removes) this.checkStoredBytes(key, size.total);
    const rv = this.nextRv();
    next.metadata.resourceVersion = String(rv);
    this.commit(key, gr, next, removes ? 'DELETED' : 'MODIFIED', current, rv, deferNext, size);
    return opts.adopt ? next : this.copyOut(next);
  }

  delete(gr: GroupResource, namespace: string | undefined, name: string, opts: DeleteOptions = {}): { object: KubeObject; removed: boolean } {
    this.assertOpen();
    const key = keyOf(gr, namespace, name);
    const stored = this.objects.get(key)?.obj;
    if (!stored) throw errors.notFound(gr.resource, gr.group, name);
    // A dry run's result is only read outside: it carries the managedFields, even deferred ones.
    const current = opts.dryRun ? this.deferred.finish(stored) : stored;
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) {
      throw errors.conflict(gr.resource, gr.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.conflict(gr.resource, gr.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    const result = (o: KubeObject) => (opts.sharedResult ? o : this.copyOut(o));
    const grace = opts.gracePeriodSeconds;
    if (grace !== undefined && grace > 0) {
      const due = this.clock.now() + grace * 1000;
      const pendingDue = current.metadata.deletionTimestamp ? Date.parse(current.metadata.deletionTimestamp) : Infinity;
      // A second graceful delete may shorten the grace period, never lengthen it.
      if (due >= pendingDue) return { object: result(current), removed: false };
      const next = withNewMetadata(current);
      next.metadata.deletionTimestamp = new Date(Math.floor(due / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      next.metadata.deletionGracePeriodSeconds = grace;
      if (opts.dryRun) return { object: clone(next), removed: false };
      const rv = this.nextRv();
      next.metadata.resourceVersion = String(rv);
      this.commit(key, gr, next, 'MODIFIED', current, rv);
      return { object: result(next), removed: false };
    }
    if (heldByFinalizers(gr, current)) {
      if (current.metadata.deletionTimestamp) {
        if (grace === 0 && current.metadata.deletionGracePeriodSeconds !== 0) {
          const next = withNewMetadata(current);
          next.metadata.deletionGracePeriodSeconds = 0;
          if (opts.dryRun) return { object: clone(next), removed: false };
          const rv = this.nextRv();
          next.metadata.resourceVersion = String(rv);
          this.commit(key, gr, next, 'MODIFIED', current, rv);
          return { object: result(next), removed: false };
        }
        return { object: result(current), removed: false };
      }
      const next = withNewMetadata(current);
      next.metadata.deletionTimestamp = this.clock.nowISO();
      next.metadata.deletionGracePeriodSeconds = 0;
      if (opts.dryRun) return { object: clone(next), removed: false };
      const rv = this.nextRv();
      next.metadata.resourceVersion = String(rv);
      this.commit(key, gr, next, 'MODIFIED', current, rv);
      return { object: result(next), removed: false };
    }
    if (opts.dryRun) return { object: this.copyOut(current), removed: true };
    const gone = withNewMetadata(current);
    const rv = this.nextRv();
    gone.metadata.resourceVersion = String(rv);
    this.commit(key, gr, gone, 'DELETED', current, rv);
    return { object: result(gone), removed: true };
  }

  watch(gr: GroupResource, opts: WatchOptions, onEvent: (e: WatchEvent) => void): { close(): void } {
    this.assertOpen();
    const w: Watcher = {
      grKey: grKeyOf(gr),
      gr,
      namespace: opts.namespace,
      labels: parseLabelSelector(opts.labelSelector),
      fields: parseFieldSelector(opts.fieldSelector),
      bookmarks: Boolean(opts.allowWatchBookmarks),
      shared: Boolean(opts.shared),
      onEvent,
      closed: false,
    };
    const from = opts.resourceVersion;
    if (from === undefined || from === '' || from === '0') {
      if (opts.sendInitialEvents !== false) {
        for (const e of this.byGr.get(w.grKey)?.values() ?? []) {
          if (this.matches(w, e.obj)) this.deliver(w, { type: 'ADDED', object: w.shared ? e.obj : this.copyOut(e.obj) });
        }
      }
    } else {
      const n = Number(from);
      if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`invalid resource version: ${from}`);
      if (n < this.oldestResumable) throw errors.gone(`too old resource version: ${n} (${this.oldestResumable + 1})`);
      for (const ev of this.history) if (ev.rv > n && ev.grKey === w.grKey) this.dispatch(w, ev);
    }
    if (!w.closed) this.watchers.add(w);
    return { close: () => { w.closed = true; this.watchers.delete(w); } };
  }

  /** Sends a BOOKMARK at the current rv to every watcher that allows bookmarks. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const sample = this.kindFor(w.gr);
      this.deliver(w, { type: 'BOOKMARK', object: { ...sample, metadata: { resourceVersion: this.resourceVersion() } } });
    }
  }

  /** Bookmarks every intervalMs of wall time (liveness, not virtual time). Returns stop. */
  startBookmarks(intervalMs = 15_000): () => void {
    const t = setInterval(() => this.bookmark(), intervalMs);
    t.unref?.();
    return () => clearInterval(t);
  }

  /** Objects stored, of one group/resource or in all. */
  count(gr?: GroupResource): number {
    return gr ? (this.byGr.get(grKeyOf(gr))?.size ?? 0) : this.objects.size;
  }

  private index(key: string, e: Entry): void {
    this.objects.set(key, e);
    const grKey = grKeyOf(e.gr);
    let m = this.byGr.get(grKey);
    if (!m) this.byGr.set(grKey, (m = new Map()));
    m.set(key, e);
  }

  private unindex(key: string, gr: GroupResource): void {
    this.objects.delete(key);
    this.byGr.get(grKeyOf(gr))?.delete(key);
  }

  watcherCount(): number {
    return this.watchers.size;
  }

  /** Commits what the persistence still holds (see StorePersistence.sync); throws if it cannot. */
  sync(): void {
    this.persistence?.sync?.();
  }

  /** sync on a later turn, shared with every other caller of this turn (StorePersistence.syncSoon). */
  syncSoon(): Promise<void> {
    if (this.persistence?.syncSoon) return this.persistence.syncSoon();
    try {
      this.sync();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Closes the store and deletes what its persistence keeps: the cluster is gone for good, so
   * its deferred managedFields are not finished and written first, as close() does.
   */
  drop(): void {
    if (this.closed) return;
    this.stop();
    this.persistence?.drop?.();
    this.persistence?.close();
  }

  close(): void {
    if (this.closed) return;
    this.stop();
    if (this.persistence) {
      // What is read back after a restart carries every write's managedFields: a deferred
      // version's row was written without its own (finished since or not).
      for (const [key, e] of this.objects) {
        // An entry still in its stored text was never rewritten: nothing of it is deferred.
        const obj = e.parsed;
        if (obj && this.deferred.isDeferred(obj)) this.persistence.put({ key, group: e.gr.group, resource: e.gr.resource, object: this.deferred.finish(obj) }, this.rv);
      }
      this.persistence.close();
    }
  }

  /** No more writes or watch events. */
  private stop(): void {
    this.closed = true;
    for (const w of this.watchers) w.closed = true;
    this.watchers.clear();
  }

  private kindFor(gr: GroupResource): { kind: string; apiVersion: string } {
    for (const e of this.byGr.get(grKeyOf(gr))?.values() ?? []) return { kind: e.obj.kind, apiVersion: e.obj.apiVersion };
    for (let i = this.history.length - 1; i >= 0; i--) if (this.history[i].grKey === grKeyOf(gr)) return { kind: this.history[i].obj.kind, apiVersion: this.history[i].obj.apiVersion };
    return { kind: '', apiVersion: '' };
  }

  private assertOpen(): void {
    if (this.closed) throw errors.internal('object store is closed');
  }

  private nextRv(): number {
    return this.rv + 1;
  }

  /**
   * size: checkSize's measure of the version (what it adds, its total); without it (deletes'
   * metadata-only versions) the version adds its metadata and keeps the stored size.
   */
  private commit(key: string, gr: GroupResource, obj: KubeObject, type: HistoryEvent['type'], prev: KubeObject | undefined, rv: number, managedFields?: ManagedFieldsCompute, size?: VersionSize): void {
    if (managedFields) this.deferred.defer(obj, prev, managedFields);
    else if (prev !== undefined) this.deferred.inheritIfDeferred(obj, prev);
    // Persist first: a failed write must not be visible in memory or to watchers. Deferred
    // managedFields are not computed for it: the row carries the last finished ones, and
    // close() writes the finished current versions.
    if (this.persistence) {
      if (type === 'DELETED') this.persistence.remove(key, rv);
      else this.persistence.put({ key, group: gr.group, resource: gr.resource, object: this.deferred.persistable(obj) }, rv, type === 'ADDED');
    }
    this.rv = rv;
    deepFreeze(obj);
    const grKey = grKeyOf(gr);
    if (type === 'DELETED') {
      this.unindex(key, gr);
      this.setSize(key, undefined);
    } else {
      if (size) this.setSize(key, size.total);
      // An update replaces the version in the entry both indexes already hold.
      const entry = prev === undefined ? undefined : this.objects.get(key);
      if (entry) entry.obj = obj;
      else this.index(key, new Entry(gr, obj));
    }
    const ev: HistoryEvent = { rv, type, key, grKey, obj, prev, bytes: size?.fresh ?? approxJsonBytes(obj.metadata) + 16 };
    this.history.push(ev);
    this.historyBytes += ev.bytes;
    this.trimHistory();
    // Watchers of a kind that need a copy share one (they serialise it); shared watchers share
    // the event itself, one per type, as they only read it.
    let copied: KubeObject | undefined;
    let sharedByType: Partial<Record<WatchEvent['type'], WatchEvent>> | undefined;
    for (const w of this.watchers) {
      if (w.grKey !== ev.grKey) continue;
      const type = this.transition(w, ev);
      if (!type) continue;
      if (w.shared) this.deliver(w, ((sharedByType ??= {})[type] ??= { type, object: ev.obj }));
      else this.deliver(w, { type, object: (copied ??= this.copyOut(ev.obj)) });
    }
  }

  /**
   * Drops the oldest events past historySize or maxHistoryBytes, in batches (to three quarters
   * of the byte budget, or a quarter of the count past it): shifting the array on every write
   * would cost O(historySize) per write. Like an etcd compaction, a watch resuming from a
   * dropped resourceVersion then gets 410 Expired.
   */
  private trimHistory(): void {
    const overCount = this.history.length > this.historySize + Math.max(1, this.historySize >> 2);
    const overBytes = this.historyBytes > this.maxHistoryBytes;
    if (!overCount && !overBytes) return;
    let drop = Math.max(0, this.history.length - this.historySize);
    let bytes = this.historyBytes;
    for (let i = 0; i < drop; i++) bytes -= this.history[i].bytes;
    const target = overBytes ? Math.floor(this.maxHistoryBytes * 0.75) : this.maxHistoryBytes;
    while (drop < this.history.length && bytes > target) bytes -= this.history[drop++].bytes;
    if (drop === 0) return;
    const dropped = this.history.splice(0, drop);
    this.oldestResumable = dropped[dropped.length - 1].rv;
    this.historyBytes = bytes;
  }

  private setSize(key: string, bytes: number | undefined): void {
    this.storedBytes += (bytes ?? 0) - (this.sizes.get(key) ?? 0);
    if (bytes === undefined) this.sizes.delete(key);
    else this.sizes.set(key, bytes);
  }

  /** 403 when a write would grow the stored objects past maxStoredBytes (a ResourceQuota's wording). */
  private checkStoredBytes(key: string, bytes: number): void {
    const growth = bytes - (this.sizes.get(key) ?? 0);
    if (growth <= 0 || this.storedBytes + growth <= this.maxStoredBytes) return;
    throw errors.forbidden(
      `exceeded quota: sandbox-object-bytes, requested: bytes=${growth}, used: bytes=${this.storedBytes}, limited: bytes=${this.maxStoredBytes}`
      + ` (this sandbox cluster stores at most ${Math.round(this.maxStoredBytes / 1024 / 1024)} MiB of objects: delete big ones you no longer need)`,
    );
  }

  /** Approximate JSON bytes of all stored objects (the maxStoredBytes measure). */
  storedUsage(): { objects: number; bytes: number } {
    return { objects: this.objects.size, bytes: this.storedBytes };
  }

  /** What the watch history holds: events and their approximate bytes (the budget's measure). */
  historyUsage(): { events: number; bytes: number; oldestResumable: number } {
    return { events: this.history.length, bytes: this.historyBytes, oldestResumable: this.oldestResumable };
  }

  /** A history event replayed to one watcher (a watch resuming from a resourceVersion). */
  private dispatch(w: Watcher, ev: HistoryEvent): void {
    const type = this.transition(w, ev);
    if (type) this.deliver(w, { type, object: w.shared ? ev.obj : this.copyOut(ev.obj) });
  }

  /** A stored version with its managedFields, even deferred ones (frozen, not a copy). */
  finished(obj: KubeObject): KubeObject {
    return this.deferred.finish(obj);
  }

  /** A copy for a reader outside the process's own loops: finished, then copied. */
  private copyOut(obj: KubeObject): KubeObject {
    return clone(this.deferred.finish(obj));
  }

  /**
   * The no-op test of an update that computes no managedFields. A version written without
   * them over a deferred one will keep those, so only the rest is compared; otherwise the
   * finished versions are.
   */
  private unchanged(next: KubeObject, current: KubeObject): boolean {
    if (next.metadata.managedFields === undefined && this.deferred.isDeferred(current)) return equalButManagedFields(next, current);
    return jsonEqual(next, this.deferred.finish(current));
  }

  /** Cacher semantics: selector transitions become ADDED/DELETED for this watcher. */
  private transition(w: Watcher, ev: HistoryEvent): WatchEvent['type'] | undefined {
    const now = this.matches(w, ev.obj);
    const before = ev.prev !== undefined && this.matches(w, ev.prev);
    let type: WatchEvent['type'] | undefined;
    if (ev.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else if (ev.type === 'DELETED') type = before || now ? 'DELETED' : undefined;
    else if (now && before) type = 'MODIFIED';
    else if (now) type = 'ADDED';
    else if (before) type = 'DELETED';
    return type;
  }

  private deliver(w: Watcher, e: WatchEvent): void {
    if (w.closed) return;
    try {
      w.onEvent(e);
    } catch {
      w.closed = true;
      this.watchers.delete(w);
    }
  }

  private matches(w: Watcher, obj: KubeObject): boolean {
    if (w.namespace !== undefined && obj.metadata.namespace !== w.namespace) return false;
    return matchesLabelSelector(w.labels, obj.metadata.labels) && matchesFieldSelector(w.fields, obj);
  }

  /**
   * Throws 413 over MAX_OBJECT_BYTES. With freeze, freezes everything it measures but obj and
   * obj.metadata themselves (the resourceVersion is set next), so that commit's deepFreeze has
   * only those two left: one walk instead of two.
   */
  private checkSize(obj: KubeObject, freeze = false): VersionSize {
    // Serialising every object on every write is costly; a cheap upper bound clears almost all.
    // The freezing walk also tallies what the version adds (its unfrozen parts) for the history
    // budget, and its whole size for the stored-bytes budget.
    const fresh: FreshBytes = { bytes: 2, total: 2 };
    let bound = 2;
    for (const k in obj) {
      const v = (obj as Record<string, unknown>)[k];
      bound += 4 + 6 * k.length;
      fresh.bytes += k.length + 3;
      fresh.total! += k.length + 3;
      if (!freeze) bound += jsonSizeBound(v, MAX_OBJECT_BYTES);
      else if (k !== 'metadata' || v === null || typeof v !== 'object' || Object.isFrozen(v)) bound += jsonSizeBoundFreezing(v, MAX_OBJECT_BYTES, fresh);
      else {
        bound += 2;
        fresh.bytes += 2;
        fresh.total! += 2;
        for (const mk in v) {
          bound += 4 + 6 * mk.length + jsonSizeBoundFreezing((v as Record<string, unknown>)[mk], MAX_OBJECT_BYTES, fresh);
          fresh.bytes += mk.length + 3;
          fresh.total! += mk.length + 3;
          if (bound > MAX_OBJECT_BYTES) break;
        }
      }
      if (bound > MAX_OBJECT_BYTES) break;
    }
    if (bound <= MAX_OBJECT_BYTES) return { fresh: fresh.bytes, total: fresh.total! };
    // The walk stopped early, so the tally is partial: the exact size stands for it (it counts
    // shared parts too, which only makes the history budget stricter for such big objects).
    const exact = Buffer.byteLength(JSON.stringify(obj));
    if (exact > MAX_OBJECT_BYTES) throw errors.tooLarge(MAX_OBJECT_BYTES);
    return { fresh: exact, total: exact };
  }

  private generateName(gr: GroupResource, namespace: string | undefined, prefix: string): string {
    const base = prefix.slice(0, 58);
    for (let attempt = 0; attempt < 100; attempt++) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += NAME_CHARS[Math.floor(this.random() * NAME_CHARS.length) % NAME_CHARS.length];
      const name = base + suffix;
      if (!this.objects.has(keyOf(gr, namespace, name))) return name;
    }
    throw errors.alreadyExists(gr.resource, gr.group, `${base}*`);
  }

}

function encodeContinue(key: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: 1, key, rv })).toString('base64url');
}

function decodeContinue(token: string): { key: string; rv: number } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { key?: unknown; rv?: unknown };
    if (typeof v.key === 'string' && typeof v.rv === 'number') return { key: v.key, rv: v.rv };
  } catch {
    // fall through to the typed error below
  }
  throw errors.badRequest(new ContinueTokenError(token).message);
}


