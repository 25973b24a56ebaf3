/**
 * What the API server needs from the other parts of the sandbox, as structural interfaces:
 * the store (store/object-store.ts), the clock (clock.ts), patch/ and lib/k8s/schemas. The
 * Cluster wires the real ones; tests may pass their own.
 */
import type { GroupResource, KubeObject, WatchEvent } from '../types';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}
export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  /** The callback only reads: it is given the stored object, frozen, not a copy (object-store.ts). */
  shared?: boolean;
}

export interface StorePort {
  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined;
  list(gr: GroupResource, opts?: ListOptions): ListResult;
  /**
   * adopt: obj is a copy made for this write that nobody else holds; the store may keep it
   * without copying, and then returns the stored object itself, frozen.
   */
  create(gr: GroupResource, obj: KubeObject, opts?: { dryRun?: boolean; adopt?: boolean; managedFields?: ManagedFieldsCompute }): KubeObject;
  /**
   * subresource: which part of the object the write changes (the store's UpdateScope): 'status'
   * (the status subresource), 'main' (all but status: the main resource of a kind with a status
   * subresource, as the kind's WriteStrategy.mainScope says) or 'all', the default (the whole
   * object: kinds without status, and the system writers that go to the store directly).
   */
  update(gr: GroupResource, obj: KubeObject, opts?: { dryRun?: boolean; subresource?: 'main' | 'status' | 'all'; adopt?: boolean; managedFields?: ManagedFieldsCompute }): KubeObject;
  delete(
    gr: GroupResource,
    namespace: string | undefined,
    name: string,
    /** sharedResult: the caller only reads what is returned, so the store may return its own frozen object. */
    opts?: { dryRun?: boolean; preconditions?: { uid?: string; resourceVersion?: string }; gracePeriodSeconds?: number; sharedResult?: boolean },
  ): { object: KubeObject; removed: boolean };
  watch(gr: GroupResource, opts: WatchOptions, onEvent: (e: WatchEvent) => void): { close(): void };
  resourceVersion(): string;
  /**
   * True when create/update accept managedFields as a function run when the version is first
   * read from outside (get, list, copying watches, write results), not at the write; peek,
   * peekList and shared watches may then see the version without them.
   */
  readonly defersManagedFields?: boolean;
  /** Objects stored (of one group/resource, or all), without copying them; optional. */
  count?(gr?: GroupResource): number;
  /** The stored object itself, frozen, for a reader that does not change it; optional (get is the fallback). */
  peek?(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Stored objects, frozen, in list order; optional (list is the fallback). */
  peekList?(gr: GroupResource, opts?: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'>): KubeObject[];
  /**
   * Commits to disk the writes a group-committing persistence still holds, so that what a
   * response confirms survives a crash; optional (nothing to do without persistence).
   */
  sync?(): void;
  /**
   * A stored version as clients see it, managedFields finished (deferred ones computed), frozen
   * and not a copy: for a reader that only serialises it (an HTTP watch). With it, serveWatch
   * watches shared (the store's own frozen versions) instead of getting a deep copy per event.
   */
  finished?(obj: KubeObject): KubeObject;
  /**
   * sync on a later turn, one commit shared by every caller of that turn (a class's writes in
   * flight together); resolves when what the caller wrote is on disk. Optional (sync is the fallback).
   */
  syncSoon?(): Promise<void>;
}

/** A write's managedFields, from the finished previous version (undefined for a create) and the stored version. */
export type ManagedFieldsCompute = (before: KubeObject | undefined, version: KubeObject) => KubeObject['metadata']['managedFields'];

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface PatchPort {
  applyJsonPatch(doc: unknown, ops: unknown): unknown;
  applyMergePatch(doc: unknown, patch: unknown): unknown;
  applyStrategicMergePatch(doc: unknown, patch: unknown, gvk: Gvk): unknown;
  serverSideApply(args: { live: KubeObject | undefined; applied: KubeObject; manager: string; force: boolean; gvk: Gvk; time: string; subresource?: string }): KubeObject;
  trackUpdate?(args: { before: KubeObject | undefined; after: KubeObject; manager: string; gvk: Gvk; time: string; operation: 'Update'; subresource?: string }): KubeObject;
}

export interface SchemasPort {
  openApiV3Index(prefix: string): { paths: Record<string, { serverRelativeURL: string }> };
  openApiV3Document(groupVersionPath: string): object | undefined;
  openApiV2(): object;
  validateFields(gvk: Gvk, obj: unknown): { unknownFields: string[]; typeErrors: { path: string; message: string }[] };
}
