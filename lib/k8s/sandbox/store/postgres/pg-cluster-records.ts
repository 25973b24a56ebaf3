/**
 * Cluster records in PostgreSQL (sandbox_cluster_records: operations.mjs), for shards sharing one
 * database (records-store.ts says how a host uses them). A row holds the record as JSON and the
 * SHA-256 of its token, so a bearer token at the Kubernetes root paths finds its cluster by an
 * index lookup of its digest (the token itself is never compared in SQL); the record found is
 * still checked against the token in constant time by the host.
 *
 * Each shard writes only records it made or whose clock it saved: a save skips records that are
 * as this store last read or wrote them, so a shard's old copy of a cluster another shard has
 * run since never overwrites the later clock.
 */
import { createHash } from 'node:crypto';
import { isRecord, type ClusterRecord } from '../../records-file';
import type { ClusterRecordStore } from '../../records-store';
import type { PgBridge } from './bridge';

/** The part of the store's bridge (bridge.ts) the records use: they share its connection. */
export type RecordsBridge = Pick<PgBridge, 'call'>;

function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class PgClusterRecords implements ClusterRecordStore {
  /** Each record's JSON as last read or written here. */
  private readonly known = new Map<string, string>();

  constructor(private readonly bridge: RecordsBridge, private readonly log: (message: string) => void = (m) => console.error(m)) {}

  initial(): ClusterRecord[] {
    return [];
  }

  private parse(body: string): ClusterRecord | undefined {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      value = undefined;
    }
    if (!isRecord(value)) {
      // A row written by hand or damaged: as a damaged records file, reported and not used.
      this.log(`sandbox: a cluster record in PostgreSQL is not valid and was not used: ${body.slice(0, 80)}`);
      return undefined;
    }
    this.known.set(value.id, body);
    return value;
  }

  byId(id: string): ClusterRecord | undefined {
    const body = this.bridge.call('recordById', id);
    if (body === null) {
      this.known.delete(id);
      return undefined;
    }
    const record = this.parse(body);
    return record?.id === id ? record : undefined;
  }

  byToken(token: string): ClusterRecord | undefined {
    // Tokens are 256 random bits: two records with one token would be a fault, and neither is given.
    const bodies = this.bridge.call('recordByTokenHash', tokenDigest(token));
    return bodies.length === 1 ? this.parse(bodies[0]) : undefined;
  }

  save(records: readonly ClusterRecord[]): void {
    const rows: [string, string, string][] = [];
    for (const r of records) {
      const body = JSON.stringify(r);
      if (this.known.get(r.id) !== body) rows.push([r.id, tokenDigest(r.token), body]);
    }
    if (rows.length === 0) return;
    this.bridge.call('putRecords', rows);
    for (const [id, , body] of rows) this.known.set(id, body);
  }

  remove(id: string): void {
    this.bridge.call('removeRecord', id);
    this.known.delete(id);
  }
}
