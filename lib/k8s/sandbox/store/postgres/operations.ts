/**
 * What the PostgreSQL store asks of its database: the operations the bridge's thread runs
 * (operations.mjs, plain JavaScript: a worker that loads TypeScript through tsx takes 1.6 s to
 * start here, one in plain JavaScript 0.15 s). Tables: sandbox_objects (one row per object, the
 * body as JSON text, so it reads back byte for byte as written: jsonb would reorder keys),
 * sandbox_clusters (each cluster's resourceVersion counter), sandbox_cluster_leases (which
 * shard runs a cluster, until when) and sandbox_cluster_records (each cluster's id, token and
 * saved clock, as the records file keeps them on one machine: pg-cluster-records.ts).
 *
 * Lease times are milliseconds since the epoch. nowMs null means the database's clock
 * (clock_timestamp()), so shards never compare their own clocks; tests pass an injected clock.
 */

export interface LeaseClaim {
  shard: string;
  ttlMs: number;
  /** null: the database's clock. */
  nowMs: number | null;
}

export interface LoadedRows {
  rows: { key: string; grp: string; resource: string; body: string }[];
  rv: number;
}

/** Another shard's live lease: the wake is refused. */
export interface LeaseRefusal {
  refused: { shard: string; expiresAtMs: number };
}

/** put: [cluster, key, group, resource, body]; remove: [cluster, key]; rvs: [cluster, rv]. */
export interface CommitBatch {
  puts: [string, string, string, string, string][];
  removes: [string, string][];
  rvs: [string, number][];
}

/** The operations (operations.mjs); each runs on the bridge's one connection, one at a time. */
export interface StoreOperations {
  connect(): Promise<void>;
  /** The cluster's rows; with a lease claim, only once this shard holds its lease (taken over when expired). */
  load(cluster: string, lease: LeaseClaim | null): Promise<LoadedRows | LeaseRefusal>;
  /**
   * One transaction for the batch. With a lease claim, writes of clusters whose lease this
   * shard no longer holds are left out (another shard runs them now) and named in lost.
   */
  commit(batch: CommitBatch, lease: LeaseClaim | null): Promise<{ lost: string[] }>;
  /**
   * Extends this shard's leases of these clusters; names those it no longer holds, and those
   * another shard asked for (a request for them reached it): their leases are held but not
   * extended, so the owner hands them over (puts them to sleep) or they run out.
   */
  renew(clusters: string[], lease: LeaseClaim): Promise<{ lost: string[]; wanted: string[] }>;
  release(cluster: string, shard: string): Promise<void>;
  drop(cluster: string): Promise<void>;
  clusterIds(): Promise<string[]>;
  /** The lease row of a cluster (tests, and who runs what). */
  leaseOf(cluster: string): Promise<{ shard: string; expiresAtMs: number } | null>;
  /** A cluster record's JSON (pg-cluster-records.ts), null when there is none. */
  recordById(cluster: string): Promise<string | null>;
  /** The records whose token has this SHA-256 (hex): a bearer token names its cluster at the root paths. */
  recordByTokenHash(tokenSha256: string): Promise<string[]>;
  /** Writes records: [cluster, token SHA-256 hex, record JSON]. */
  putRecords(rows: [string, string, string][]): Promise<void>;
  removeRecord(cluster: string): Promise<void>;
  /** One round trip: whether the database answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
