/**
 * Where a sandbox host keeps its cluster records (id, token, saved clock) when they are not the
 * data directory's records file (records-file.ts, the default for one machine): shards sharing
 * PostgreSQL keep them in the database (store/postgres/pg-cluster-records.ts), so a cluster
 * whose shard died wakes on another shard with the same id and token, and the learner's
 * kubeconfig keeps working.
 *
 * A shared store is read when a request names a cluster this process does not keep yet (by id,
 * or by its token at the Kubernetes root paths), and read again before a sleeping cluster
 * wakes, since another shard may have run it and saved a later clock meanwhile (or deleted it).
 * Nothing is removed by being left out of a save: another shard's records are not this one's
 * to drop, so removal is said by id.
 */
import type { ClusterRecord } from './records-file';

export interface ClusterRecordStore {
  /** The records kept from the start (a shared store: none, each is read when a request names it). */
  initial(): ClusterRecord[];
  /** The record of this id as stored now; undefined when there is none (never made, or deleted). */
  byId(id: string): ClusterRecord | undefined;
  /** The record whose token this is (compared by digest, never by the token itself); undefined for none. */
  byToken(token: string): ClusterRecord | undefined;
  /** Writes the records given that are new or changed since this store last read or wrote them. */
  save(records: readonly ClusterRecord[]): void;
  /** Removes one record (the cluster was deleted). */
  remove(id: string): void;
}
