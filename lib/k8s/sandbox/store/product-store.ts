/**
 * The product's cluster store: the SQLite file in the data directory (the default, one
 * machine), or PostgreSQL when KUBELAB_DATABASE_URL is set (shards sharing one database, each
 * cluster run by one shard at a time under a lease: postgres/pg-store-file.ts). Both group-commit
 * every PRODUCT_COMMIT_EVERY_MS.
 */
import os from 'node:os';
import type { StorePersistence } from './persistence';
import { PRODUCT_COMMIT_EVERY_MS, SqliteStoreFile } from './sqlite-persistence';
import { DEFAULT_LEASE_TTL_MS, PgStoreFile } from './postgres/pg-store-file';
import type { ClusterRecordStore } from '../records-store';
import { databaseUrlFromEnv } from './postgres/database-url';

/** What server.ts and the sandbox workers use of either store. */
export interface ProductStoreFile {
  forCluster(clusterId: string): StorePersistence;
  clusterIds(): string[];
  close(): void;
}

export class InvalidShardIdError extends Error {
  constructor(readonly value: string) {
    super(`KUBELAB_SHARD_ID ${JSON.stringify(value.slice(0, 80))} is not usable: give 1 to 128 letters, digits, '.', '_' or '-' (the StatefulSet pod name, by default the host name)`);
    this.name = 'InvalidShardIdError';
  }
}

/** This process's shard name for cluster leases: KUBELAB_SHARD_ID, else the host name (a StatefulSet pod's name). */
export function shardIdFromEnv(env: Record<string, string | undefined> = process.env, hostname = os.hostname()): string {
  const id = env.KUBELAB_SHARD_ID?.trim() || hostname;
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id)) throw new InvalidShardIdError(id);
  return id;
}

export class InvalidLeaseSecondsError extends Error {
  constructor(readonly value: string) {
    super(`KUBELAB_LEASE_SECONDS ${JSON.stringify(value.slice(0, 80))} is not usable: give a whole number of seconds from 3 to 3600 (how long a killed shard's clusters wait before another shard wakes them; default ${DEFAULT_LEASE_TTL_MS / 1000})`);
    this.name = 'InvalidLeaseSecondsError';
  }
}

/**
 * KUBELAB_LEASE_SECONDS: how long a cluster's lease lasts without renewal (default 30); the
 * shard renews every third of it, so it has three tries within one lease. Short leases let a
 * killed shard's learners continue sooner and cost more renewals (the multi-shard test uses 3).
 */
export function leaseFromEnv(env: Record<string, string | undefined> = process.env): { leaseTtlMs: number; renewEveryMs: number } | undefined {
  const raw = env.KUBELAB_LEASE_SECONDS?.trim();
  if (!raw) return undefined;
  const seconds = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds >= 3 && seconds <= 3600)) throw new InvalidLeaseSecondsError(raw);
  return { leaseTtlMs: seconds * 1000, renewEveryMs: Math.floor((seconds * 1000) / 3) };
}

/**
 * The cluster records shared by every shard (PostgreSQL's table) when the store is PostgreSQL;
 * undefined for SQLite, whose host keeps the data directory's records file.
 */
export function sharedClusterRecords(storeFile: ProductStoreFile): ClusterRecordStore | undefined {
  return storeFile instanceof PgStoreFile ? storeFile.clusterRecords() : undefined;
}

/**
 * With PostgreSQL: clusters another shard asks for (a shard was added and the ingress sends
 * their learners there) are put to sleep here at the next lease renewal, so they wake there
 * with nothing lost (pg-store-file.ts onWanted). A held one is not: its lease runs out instead.
 */
export function handOverWantedClusters(storeFile: ProductStoreFile, host: { sleep(id: string): boolean }, log: (message: string) => void = (m) => console.error(m)): void {
  if (!(storeFile instanceof PgStoreFile)) return;
  storeFile.onWanted((ids) => {
    for (const id of ids) {
      try {
        host.sleep(id);
      } catch (err) {
        log(`sandbox: cluster ${id}, asked for by another shard, could not be put to sleep: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  });
}

/** Whether the store's database answers now (readiness); the SQLite file always does. */
export function storeAnswers(storeFile: ProductStoreFile): boolean {
  return storeFile instanceof PgStoreFile ? storeFile.answers() : true;
}

/** Which store the environment asks for, opened; throws with a clear message (no password) when PostgreSQL is asked for and cannot be used. */
export function openProductStore(dataDir: string, env: Record<string, string | undefined> = process.env): ProductStoreFile & { kind: 'sqlite' | 'postgres' } {
  const url = databaseUrlFromEnv(env);
  if (!url) return Object.assign(new SqliteStoreFile(dataDir, { commitEveryMs: PRODUCT_COMMIT_EVERY_MS }), { kind: 'sqlite' as const });
  return Object.assign(new PgStoreFile({ url, commitEveryMs: PRODUCT_COMMIT_EVERY_MS, shard: shardIdFromEnv(env), ...leaseFromEnv(env) }), { kind: 'postgres' as const });
}
