/**
 * The real parts a sandbox cluster runs on: the object store (optionally persisted to the data
 * dir's SQLite file), a wall clock with a speed-up factor, the patch engine, and the generated
 * Kubernetes schemas (OpenAPI for kubectl, fieldValidation).
 */
import type { ClusterParts } from './cluster';
import { WallClock } from './clock';
import * as patchEngine from './apiserver/patch';
import type { StorePort } from './apiserver/ports';
import { schemasPart } from '../schemas';
import { ObjectStore } from './store/object-store';
import type { StorePersistence } from './store/persistence';
import { SandboxRuntime } from './runtime/sandbox-runtime';
import { createClusterNetwork } from './network/cluster-network';
import { ClusterBudget, HOST_CPU, type ClusterBudgetLimits } from './runtime/cluster-budget';
import type { CpuBucket } from './runtime/shell/cpu-bucket';

/**
 * The store as the API server's StorePort. Writers name the scope of an update (the kind's
 * WriteStrategy.mainScope, or 'status'); one that names none (bootstrap, the garbage collector,
 * deletion's finalizer steps) writes the whole object it was given: the store's 'all' scope.
 */
export function apiServerStore(store: ObjectStore): StorePort & { close(): void; drop(): void; historyUsage(): ReturnType<ObjectStore['historyUsage']>; storedUsage(): ReturnType<ObjectStore['storedUsage']> } {
  return {
    get: (gr, ns, name) => store.get(gr, ns, name),
    list: (gr, opts) => store.list(gr, opts),
    create: (gr, obj, opts) => store.create(gr, obj, opts),
    update: (gr, obj, opts = {}) => store.update(gr, obj, { dryRun: opts.dryRun, subresource: opts.subresource ?? 'all', adopt: opts.adopt, managedFields: opts.managedFields }),
    delete: (gr, ns, name, opts) => store.delete(gr, ns, name, opts),
    watch: (gr, opts, onEvent) => store.watch(gr, opts, onEvent),
    resourceVersion: () => store.resourceVersion(),
    defersManagedFields: store.defersManagedFields,
    count: (gr) => store.count(gr),
    peek: (gr, ns, name) => store.peek(gr, ns, name),
    peekList: (gr, opts) => store.peekList(gr, opts),
    sync: () => store.sync(),
    finished: (obj) => store.finished(obj),
    syncSoon: () => store.syncSoon(),
    historyUsage: () => store.historyUsage(),
    storedUsage: () => store.storedUsage(),
    close: () => store.close(),
    drop: () => store.drop(),
  };
}

export interface SandboxPartsOptions {
  clusterId: string;
  scale?: number;
  /** Virtual time to start from (epoch ms; default: now). Tests pin it, with scale 0. */
  start?: number;
  /** The wall clock the virtual one runs on (default Date.now); tests inject one to let days pass. */
  wallNow?: () => number;
  /** Persist objects here (SqliteStoreFile, or PgStoreFile with KUBELAB_DATABASE_URL); without it the cluster lives in memory only. */
  storeFile?: { forCluster(clusterId: string): StorePersistence };
  /**
   * The store's own cap (default STORE_MAX_OBJECTS): a backstop above the API server's
   * maxObjects for the writes that go to the store directly (bootstrap, default ServiceAccounts).
   */
  maxObjects?: number;
  /** Watch events kept for resume (the store's default is 10,000); tests shrink it to reach 410. */
  historySize?: number;
  /** Bytes of watch history kept for resume (the store's default is 32 MiB). */
  maxHistoryBytes?: number;
  /** Bytes all stored objects may hold (the store's default is 64 MiB). */
  maxStoredBytes?: number;
  /** The runtime's per-cluster budgets (filesystems, CPU); defaults in runtime/cluster-budget.ts. */
  runtimeBudget?: Partial<ClusterBudgetLimits>;
  /** The process's CPU bucket for throttled clusters (default HOST_CPU; null: none). */
  hostCpu?: CpuBucket | null;
}

/** The API server refuses at 5,000 (DEFAULT_LIMITS.maxObjects); the store at this many, whatever writes. */
export const STORE_MAX_OBJECTS = 6_000;

export function sandboxParts(opts: SandboxPartsOptions): ClusterParts {
  const clock = new WallClock({ scale: opts.scale ?? 1, start: opts.start, wallNow: opts.wallNow });
  const store = new ObjectStore({
    clock,
    persistence: opts.storeFile?.forCluster(opts.clusterId),
    maxObjects: opts.maxObjects ?? STORE_MAX_OBJECTS,
    historySize: opts.historySize,
    maxHistoryBytes: opts.maxHistoryBytes,
    maxStoredBytes: opts.maxStoredBytes,
  });
  return {
    clock,
    store: apiServerStore(store),
    patch: patchEngine,
    schemas: schemasPart,
    runtime: ({ client }) => new SandboxRuntime({ clock, net: createClusterNetwork(client), cluster: new ClusterBudget(opts.runtimeBudget, undefined, opts.hostCpu === undefined ? HOST_CPU : opts.hostCpu ?? undefined) }),
  };
}
