/**
 * managedFields computed when someone first reads them, not on every write.
 *
 * The in-process writers (controllers, the scheduler, kubelets) write far more often than
 * anyone reads what they wrote over the API: a CronJob's Job, its pod and their Events are
 * written some twenty times and deleted without a single `kubectl get`. Computing each
 * version's managedFields (a field-by-field diff and an edit of every owner's FieldsV1 tree)
 * was 40% of the CPU of a day of such Jobs. A deferred version is stored without
 * managedFields, beside what computes them: the previous version and the write's own
 * function of (previous version's finished form, this version). Reads that leave the process
 * (get, list, HTTP watches, write results) get the finished version, which is the very object
 * an eager computation would have stored; in-process readers (peek, shared watches) may see it
 * without managedFields, which none of them reads. Persistence does not compute them either:
 * each row carries the last finished ones (persistable), and the store writes the finished
 * current versions when it closes.
 *
 * A version whose write set no managedFields and computed none (a binding, a deletion mark)
 * keeps its previous version's, as upstream's registries do: it is deferred with "inherit".
 * A chain of deferred versions is finished once it is MAX_CHAIN long, so an object written
 * often and never read (a CronJob's status) holds a bounded number of old versions.
 */
import type { KubeObject, ManagedFieldsEntry } from '../types';
import { deepFreeze, jsonEqual } from './json-value';
import { storedMeta } from './object-meta';

/** A write's managedFields, from the finished previous version (undefined for a create) and the stored version. */
export type ManagedFieldsCompute = (before: KubeObject | undefined, version: KubeObject) => ManagedFieldsEntry[] | undefined;

/**
 * One deferred version. A class with every field set from the start: records then share one
 * hidden class, so the store's hot paths that read them stay monomorphic (a `done` added later
 * gave finished records a second shape, and V8 deoptimised commit for it).
 */
class Pending {
  /** The finished version, once computed. */
  done: KubeObject | undefined = undefined;
  constructor(
    /** The version this one was written over; released once finished. */
    public prev: KubeObject | undefined,
    /** undefined: the version keeps prev's managedFields. */
    public compute: ManagedFieldsCompute | undefined,
    /** Deferred versions in the chain ending here. */
    readonly depth: number,
  ) {}
}

export const MAX_CHAIN = 32;

/**
 * Where a version keeps its Pending: a non-enumerable symbol property, set before the version
 * is frozen. JSON, copies, spreads and equality never see it, and it dies with the version. A
 * WeakMap keyed by version cost 8% of a write-heavy micro-benchmark on its own, besides the
 * garbage collector's work on its ephemeron table, which gained an entry per write.
 */
const PENDING = Symbol('deferredManagedFields');
type Marked = KubeObject & { [PENDING]?: Pending };

export class DeferredManagedFields {
  private readonly pending = {
    get: (v: KubeObject): Pending | undefined => (v as Marked)[PENDING],
    has: (v: KubeObject): boolean => (v as Marked)[PENDING] !== undefined,
    set: (v: KubeObject, rec: Pending): void => {
      Object.defineProperty(v, PENDING, { value: rec });
    },
  };

  /** Whether version's managedFields are (or were) deferred: its stored form has none. */
  isDeferred(version: KubeObject): boolean {
    return this.pending.has(version);
  }

  /** version (stored without managedFields, not frozen yet) gets compute(finished prev, version) when first read. */
  defer(version: KubeObject, prev: KubeObject | undefined, compute: ManagedFieldsCompute): void {
    this.record(version, prev, compute);
  }

  /** A version written without managedFields over a deferred one keeps that one's. */
  inheritIfDeferred(version: KubeObject, prev: KubeObject): void {
    if (version.metadata.managedFields === undefined && this.pending.has(prev)) this.record(version, prev, undefined);
  }

  /**
   * What to persist for a version without computing anything: itself (or its finished form),
   * else the version carrying the managedFields of the nearest finished version before it.
   * Those lack only the deferred writes' ownership, which a clean shutdown persists (the store
   * finishes what is current on close); a crash loses just that.
   */
  persistable(version: KubeObject): KubeObject {
    const rec = this.pending.get(version);
    if (!rec) return version;
    if (rec.done) return rec.done;
    let p = rec.prev;
    while (p !== undefined) {
      const r = this.pending.get(p);
      if (!r) break;
      if (r.done) {
        p = r.done;
        break;
      }
      p = r.prev;
    }
    const managedFields = p?.metadata.managedFields;
    return managedFields === undefined ? version : { ...version, metadata: { ...version.metadata, managedFields } };
  }

  /** The version as an eager write would have stored it: itself unless deferred. Frozen. */
  finish(version: KubeObject): KubeObject {
    const own = this.pending.get(version);
    if (!own) return version;
    if (own.done) return own.done;
    // Oldest unfinished first, without recursion: chains may be MAX_CHAIN long.
    const chain: KubeObject[] = [version];
    for (let p = own.prev; p !== undefined; ) {
      const rec = this.pending.get(p);
      if (!rec || rec.done) break;
      chain.push(p);
      p = rec.prev;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const rec = this.pending.get(chain[i])!;
      const before = rec.prev === undefined ? undefined : this.finished(rec.prev);
      const managedFields = rec.compute ? rec.compute(before, chain[i]) : before?.metadata.managedFields;
      rec.done = withManagedFields(chain[i], managedFields);
      rec.prev = undefined;
      rec.compute = undefined;
    }
    return this.finished(version);
  }

  private finished(v: KubeObject): KubeObject {
    return this.pending.get(v)?.done ?? v;
  }

  private record(version: KubeObject, prev: KubeObject | undefined, compute: ManagedFieldsCompute | undefined): void {
    let prevRec = prev === undefined ? undefined : this.pending.get(prev);
    if (prevRec && !prevRec.done && prevRec.depth >= MAX_CHAIN) {
      this.finish(prev!);
      prevRec = this.pending.get(prev!);
    }
    const depth = prevRec && !prevRec.done ? prevRec.depth + 1 : 1;
    this.pending.set(version, new Pending(prev, compute, depth));
  }
}

/** version with metadata.managedFields set, in ObjectMeta's field order; frozen. */
function withManagedFields(version: KubeObject, managedFields: ManagedFieldsEntry[] | undefined): KubeObject {
  const m = version.metadata;
  const metadata = storedMeta({ ...m, managedFields }, {
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    generation: m.generation,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
    deletionGracePeriodSeconds: m.deletionGracePeriodSeconds,
  });
  return deepFreeze({ ...version, metadata });
}

/** Whether a and b are the same but for metadata.managedFields (JSON equality, undefined = absent). */
export function equalButManagedFields(a: KubeObject, b: KubeObject): boolean {
  // Deferred versions carry none: then this is plain equality.
  if (a.metadata?.managedFields === undefined && b.metadata?.managedFields === undefined) return jsonEqual(a, b);
  let count = 0;
  for (const k in a) {
    const v = (a as unknown as Record<string, unknown>)[k];
    if (v === undefined) continue;
    count++;
    const w = (b as unknown as Record<string, unknown>)[k];
    if (k === 'metadata' ? !sameMetaButManagedFields(a.metadata, b.metadata) : !jsonEqual(v, w)) return false;
  }
  for (const k in b) if ((b as unknown as Record<string, unknown>)[k] !== undefined) count--;
  return count === 0;
}

function sameMetaButManagedFields(a: KubeObject['metadata'] | undefined, b: KubeObject['metadata'] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (k === 'managedFields' || ao[k] === undefined) continue;
    count++;
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (k !== 'managedFields' && bo[k] !== undefined) count--;
  return count === 0;
}
