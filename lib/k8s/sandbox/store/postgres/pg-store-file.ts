/**
 * StorePersistence on PostgreSQL (KUBELAB_DATABASE_URL): the same tables' worth as the SQLite
 * file (objects per cluster, each cluster's resourceVersion), the same group commit
 * (group-commit.ts: one transaction per commit, the last version of each object only), reached
 * synchronously through the bridge (bridge.ts). Many clusters share one PgStoreFile, as they
 * share the SQLite file.
 *
 * Leases, when the file is opened for a shard: a cluster is run by one shard at a time. Loading
 * a cluster (its wake) takes its lease row (cluster, shard, expires_at) or, when another shard
 * holds a live one, is refused with ClusterOnAnotherShardError (a 503 with Retry-After: the
 * ingress's hash will bring the learner back to the right shard, or the lease runs out). The
 * shard renews the leases of the clusters it runs every renewEveryMs; closing a cluster's
 * persistence (its sleep) commits its writes and releases its lease. A shard that dies stops
 * renewing: after leaseTtlMs any shard takes the cluster over. Every commit checks the leases of
 * the clusters it writes in the same transaction (FOR UPDATE): a shard that lost a lease (it
 * stalled past the timeout) never overwrites the new owner's rows. Its writes to that cluster
 * are dropped from then on, and every sync of the cluster (the API server syncs before it
 * answers a write) fails with ClusterLeaseLostError, so no learner is told a write is done that
 * was not kept; the cluster can still be put to sleep here (its close commits nothing).
 */
import type { KubeObject } from '../../types';
import { StatusError } from '../../errors';
import type { PersistedObject, StorePersistence } from '../persistence';
import { GroupCommit, type QueuedWrite } from '../group-commit';
import { DEFAULT_MAX_QUEUED, PersistenceFailedError } from '../sqlite-persistence';
import { DatabaseCallError, PgBridge } from './bridge';
import type { CommitBatch, LeaseClaim } from './operations';
import { databaseLabel, DatabaseUnreachableError, redactDatabaseUrl } from './database-url';
import { PgClusterRecords } from './pg-cluster-records';

/** A lease lasts this long without renewal: a killed shard's clusters wake elsewhere after it. */
export const DEFAULT_LEASE_TTL_MS = 30_000;
/** How often a shard renews the leases of its awake clusters: three tries within one lease. */
export const DEFAULT_LEASE_RENEW_MS = 10_000;
/** What a learner whose cluster is on another shard is told to wait before retrying. */
export const ON_ANOTHER_SHARD_RETRY_SECONDS = 5;

/** The wake of a cluster another shard runs (its lease is live): retry, the ingress routes to it. */
export class ClusterOnAnotherShardError extends StatusError {
  constructor(readonly clusterId: string, readonly shard: string, readonly expiresAtMs: number) {
    super(503, 'ServiceUnavailable', `Your cluster is running on another Kubelab shard (${shard}). Try again in a few seconds: the request will reach that shard, or this one once the other's lease runs out.`, { retryAfterSeconds: ON_ANOTHER_SHARD_RETRY_SECONDS });
    this.name = 'ClusterOnAnotherShardError';
  }
}

/** A sync of a cluster whose lease this shard lost (it stalled past the lease timeout): another shard runs it now. */
export class ClusterLeaseLostError extends StatusError {
  constructor(readonly clusterId: string, readonly shard: string) {
    super(503, 'ServiceUnavailable', `This Kubelab shard (${shard}) no longer runs cluster ${clusterId}: another shard took it over. Try again in a few seconds.`, { retryAfterSeconds: ON_ANOTHER_SHARD_RETRY_SECONDS });
    this.name = 'ClusterLeaseLostError';
  }
}

export interface PgStoreFileOptions {
  url: string;
  /** Tables go in this schema (created when missing) instead of the connection's search_path. */
  schema?: string;
  /** Group commit: the longest a confirmed write waits for its transaction. Unset or 0: write-through. */
  commitEveryMs?: number;
  /** Group commit: commit at once when this many objects wait. */
  maxQueued?: number;
  /** Run clusters under leases as this shard (server.ts: KUBELAB_SHARD_ID or the host name). Unset: no leases. */
  shard?: string;
  leaseTtlMs?: number;
  /** 0: never on a timer (tests call renewLeases). */
  renewEveryMs?: number;
  /** The clock of lease times (tests inject one); unset: the database's clock, shared by every shard. */
  now?: () => number;
  /** The longest one database call may take. */
  callTimeoutMs?: number;
}

export class PgStoreFile {
  private readonly bridge: PgBridge;
  private readonly group: GroupCommit;
  private readonly label: string;
  /** Clusters this shard holds the lease of (loaded and not closed). */
  private readonly leased = new Set<string>();
  /** Clusters whose lease was lost while they were open: their writes are refused. */
  private readonly lost = new Set<string>();
  private readonly renewTimer: ReturnType<typeof setInterval> | undefined;
  private handOver: ((clusterIds: string[]) => void) | undefined;

  constructor(private readonly opts: PgStoreFileOptions) {
    this.label = databaseLabel(opts.url);
    try {
      this.bridge = new PgBridge(opts.url, { schema: opts.schema, timeoutMs: opts.callTimeoutMs });
    } catch (err) {
      throw new DatabaseUnreachableError(redactDatabaseUrl(opts.url), withoutPassword(err instanceof Error ? err.message : String(err), opts.url));
    }
    this.group = new GroupCommit({
      commitEveryMs: opts.commitEveryMs ?? 0,
      maxQueued: opts.maxQueued ?? DEFAULT_MAX_QUEUED,
      commit: (writes, rvs) => this.commit(writes, rvs),
      failed: (cause) => new PersistenceFailedError(this.label, cause),
    });
    const every = opts.shard ? (opts.renewEveryMs ?? DEFAULT_LEASE_RENEW_MS) : 0;
    if (every > 0) {
      this.renewTimer = setInterval(() => {
        try {
          this.renewLeases();
        } catch (err) {
          // The next renewal tries again; a lease that runs out meanwhile is found at the next commit.
          console.error(`sandbox store: lease renewal failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }, every);
      this.renewTimer.unref?.();
    }
  }

  private claim(): LeaseClaim | null {
    const shard = this.opts.shard;
    return shard ? { shard, ttlMs: this.opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, nowMs: this.opts.now ? this.opts.now() : null } : null;
  }

  private commit(writes: Iterable<QueuedWrite>, rvs: Map<string, number>): void {
    const batch: CommitBatch = { puts: [], removes: [], rvs: [...rvs] };
    for (const w of writes) {
      if (w.put) batch.puts.push([w.cluster, w.key, w.put.group, w.put.resource, JSON.stringify(w.put.object)]);
      else batch.removes.push([w.cluster, w.key]);
    }
    const { lost } = this.bridge.call('commit', batch, this.claim());
    this.markLost(lost);
  }

  private markLost(clusters: string[]): void {
    for (const c of clusters) {
      this.leased.delete(c);
      this.lost.add(c);
    }
  }

  /** Commits the queued writes now, in one transaction; returns how many objects it wrote or removed. */
  flush(): number {
    return this.group.flush();
  }

  syncSoon(): Promise<void> {
    return this.group.syncSoon();
  }

  /**
   * Extends the leases of the clusters this shard runs; those it lost are marked (their writes
   * refused); those another shard asked for are handed over (onWanted).
   */
  renewLeases(): void {
    const claim = this.claim();
    if (!claim || this.leased.size === 0) return;
    const { lost, wanted } = this.bridge.call('renew', [...this.leased], claim);
    this.markLost(lost);
    if (wanted.length > 0) this.handOver?.(wanted);
  }

  /**
   * What to do with clusters another shard asked for at a renewal (the ingress now sends their
   * learners there: a shard was added): the host puts them to sleep, which commits their writes
   * and releases their leases, so the other shard wakes them at its next try. One that cannot
   * sleep now (held by an open watch or terminal) keeps its lease until it runs out, unrenewed.
   */
  onWanted(handOver: (clusterIds: string[]) => void): void {
    this.handOver = handOver;
  }

  /** Who holds a cluster's lease (undefined: nobody), as the database says. */
  leaseOf(clusterId: string): { shard: string; expiresAtMs: number } | undefined {
    return this.bridge.call('leaseOf', clusterId) ?? undefined;
  }

  private refuseIfLost(clusterId: string): void {
    if (this.lost.has(clusterId)) throw new ClusterLeaseLostError(clusterId, this.opts.shard ?? '');
  }

  /** The persistence of one cluster; many clusters share this database. */
  forCluster(clusterId: string): StorePersistence {
    const writeThrough = (w: QueuedWrite, rv: number) => {
      this.flush(); // anything queued first, in order
      this.commit([w], new Map([[clusterId, rv]]));
      this.refuseIfLost(clusterId);
    };
    /** Another shard owns the cluster now: its writes here are dropped (sync reports it). */
    const dropped = () => this.lost.has(clusterId);
    let open = false;
    return {
      load: () => {
        this.flush();
        const claim = this.claim();
        const got = this.bridge.call('load', clusterId, claim);
        if ('refused' in got) throw new ClusterOnAnotherShardError(clusterId, got.refused.shard, got.refused.expiresAtMs);
        if (claim) {
          this.leased.add(clusterId);
          this.lost.delete(clusterId);
        }
        open = true;
        return {
          objects: got.rows.map((r) => ({ key: r.key, group: r.grp, resource: r.resource, object: JSON.parse(r.body) as KubeObject })),
          resourceVersion: got.rv,
        };
      },
      // A queued entry keeps the object itself: the store passes versions it freezes at once.
      put: (e: PersistedObject, rv, created = false) => {
        if (dropped()) return;
        if (this.group.enabled) this.group.enqueue(clusterId, e.key, rv, e, created);
        else writeThrough({ cluster: clusterId, key: e.key, put: e, fresh: created }, rv);
      },
      remove: (key, rv) => {
        if (dropped()) return;
        if (this.group.enabled) this.group.enqueue(clusterId, key, rv, undefined, false);
        else writeThrough({ cluster: clusterId, key, fresh: false }, rv);
      },
      // Commits every cluster's queue: one transaction, and the others' writes are as good to commit.
      sync: () => {
        this.flush();
        this.refuseIfLost(clusterId);
      },
      // One commit for every caller of the turn; under leases each caller also learns whether its cluster's lease held.
      syncSoon: () => (this.opts.shard ? this.syncSoon().then(() => this.refuseIfLost(clusterId)) : this.syncSoon()),
      drop: () => this.deleteCluster(clusterId),
      // The cluster sleeps: its writes are committed, then its lease goes, so the next shard to
      // wake it reads everything.
      close: () => {
        if (!open) return;
        open = false;
        this.flush();
        if (this.opts.shard && this.leased.delete(clusterId)) this.bridge.call('release', clusterId, this.opts.shard);
        this.lost.delete(clusterId);
      },
    };
  }

  deleteCluster(clusterId: string): void {
    // Its queued writes would only be committed to be deleted: discard them, commit the rest.
    this.group.discard(clusterId);
    this.flush();
    this.bridge.call('drop', clusterId);
    this.leased.delete(clusterId);
    this.lost.delete(clusterId);
  }

  clusterIds(): string[] {
    this.flush();
    return this.bridge.call('clusterIds');
  }

  /** The cluster records (id, token, clock) in this database, on this file's connection: records-store.ts. */
  clusterRecords(): PgClusterRecords {
    return new PgClusterRecords(this.bridge);
  }

  /** Whether the database answers a query now (readiness): false, never a throw, when it does not. */
  answers(): boolean {
    try {
      return this.bridge.call('ping');
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    try {
      this.flush();
      // A clean stop hands every cluster still leased back at once (server.ts puts them to sleep first).
      if (this.opts.shard) for (const c of this.leased) this.bridge.call('release', c, this.opts.shard);
      this.leased.clear();
    } finally {
      this.bridge.close();
    }
  }
}

/** A message with the URL's password taken out, should a driver ever quote it. */
function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // Not a URL: nothing to take out that we could find.
  }
  return password ? message.split(password).join('***') : message;
}

export { DatabaseCallError };
