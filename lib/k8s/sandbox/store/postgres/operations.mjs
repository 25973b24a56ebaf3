// The PostgreSQL store's operations on one connection (types and the tables: operations.ts).
// Plain JavaScript so the bridge's thread starts fast.
import pg from 'pg';

const NOW = (param) => `COALESCE(${param}::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint)`;

const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS sandbox_objects (cluster text NOT NULL, key text NOT NULL, grp text NOT NULL, resource text NOT NULL, body text NOT NULL, PRIMARY KEY (cluster, key));
  CREATE TABLE IF NOT EXISTS sandbox_clusters (cluster text PRIMARY KEY, rv bigint NOT NULL);
  CREATE TABLE IF NOT EXISTS sandbox_cluster_leases (cluster text PRIMARY KEY, shard text NOT NULL, expires_at bigint NOT NULL);
  ALTER TABLE sandbox_cluster_leases ADD COLUMN IF NOT EXISTS wanted_by text;
  CREATE TABLE IF NOT EXISTS sandbox_cluster_records (cluster text PRIMARY KEY, token_sha256 text NOT NULL, body text NOT NULL);
  CREATE INDEX IF NOT EXISTS sandbox_cluster_records_token ON sandbox_cluster_records (token_sha256);
`;

// Any fixed number (not the learners database's migration lock): the advisory lock under which
// one connection at a time makes the tables. Shards starting together on a fresh database raced
// in CREATE ... IF NOT EXISTS, which checks the name, then inserts it: one failed with "duplicate
// key value violates unique constraint pg_type_typname_nsp_index" (seen in test/shards).
const SCHEMA_LOCK = 4_207_118;

/** @returns {import('./operations').StoreOperations} */
export function connectOperations(url, schema) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A server gone between calls: the next call fails (and says why) instead of the thread dying.
  client.on('error', () => undefined);

  async function inTransaction(fn) {
    await client.query('BEGIN');
    try {
      const value = await fn();
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** The clusters of `clusters` whose lease this shard still holds, locked until the transaction ends. */
  async function held(clusters, lease) {
    const r = await client.query(`SELECT cluster FROM sandbox_cluster_leases WHERE cluster = ANY($1::text[]) AND shard = $2 AND expires_at > ${NOW('$3')} FOR UPDATE`, [clusters, lease.shard, lease.nowMs]);
    return new Set(r.rows.map((row) => row.cluster));
  }

  const column = (rows, i) => rows.map((r) => r[i]);

  return {
    async connect() {
      await client.connect();
      if (schema) await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);
      await inTransaction(async () => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
        await client.query(SCHEMA_SQL);
      });
    },

    async load(cluster, lease) {
      if (lease) {
        const got = await client.query(
          `INSERT INTO sandbox_cluster_leases (cluster, shard, expires_at) VALUES ($1, $2, ${NOW('$3')} + $4)
           ON CONFLICT (cluster) DO UPDATE SET shard = excluded.shard, expires_at = excluded.expires_at, wanted_by = NULL
           WHERE sandbox_cluster_leases.shard = excluded.shard OR sandbox_cluster_leases.expires_at <= ${NOW('$3')}
           RETURNING shard`,
          [cluster, lease.shard, lease.nowMs, lease.ttlMs],
        );
        if (got.rowCount === 0) {
          // The owner learns at its next renewal that a request for the cluster came here (the
          // ingress's hash now picks this shard: one was added or came back) and hands it over.
          const other = await client.query('UPDATE sandbox_cluster_leases SET wanted_by = $2 WHERE cluster = $1 RETURNING shard, expires_at', [cluster, lease.shard]);
          const row = other.rows[0];
          if (row) return { refused: { shard: row.shard, expiresAtMs: Number(row.expires_at) } };
        }
      }
      const rows = await client.query('SELECT key, grp, resource, body FROM sandbox_objects WHERE cluster = $1', [cluster]);
      const rv = await client.query('SELECT rv FROM sandbox_clusters WHERE cluster = $1', [cluster]);
      return { rows: rows.rows, rv: rv.rows[0] ? Number(rv.rows[0].rv) : 0 };
    },

    async commit(batch, lease) {
      return inTransaction(async () => {
        let { puts, removes, rvs } = batch;
        let lost = [];
        if (lease) {
          const clusters = [...new Set([...puts.map((p) => p[0]), ...removes.map((r) => r[0]), ...rvs.map((r) => r[0])])];
          const mine = await held(clusters, lease);
          lost = clusters.filter((c) => !mine.has(c));
          if (lost.length > 0) {
            puts = puts.filter((p) => mine.has(p[0]));
            removes = removes.filter((r) => mine.has(r[0]));
            rvs = rvs.filter((r) => mine.has(r[0]));
          }
        }
        // One statement per kind of change, the rows as arrays (unnest): a commit of thousands
        // of objects is three round trips, not thousands.
        if (puts.length > 0) {
          await client.query(
            `INSERT INTO sandbox_objects (cluster, key, grp, resource, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
             ON CONFLICT (cluster, key) DO UPDATE SET grp = excluded.grp, resource = excluded.resource, body = excluded.body`,
            [column(puts, 0), column(puts, 1), column(puts, 2), column(puts, 3), column(puts, 4)],
          );
        }
        if (removes.length > 0) {
          await client.query('DELETE FROM sandbox_objects o USING unnest($1::text[], $2::text[]) AS d(cluster, key) WHERE o.cluster = d.cluster AND o.key = d.key', [column(removes, 0), column(removes, 1)]);
        }
        if (rvs.length > 0) {
          await client.query('INSERT INTO sandbox_clusters (cluster, rv) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (cluster) DO UPDATE SET rv = excluded.rv', [column(rvs, 0), column(rvs, 1)]);
        }
        return { lost };
      });
    },

    async renew(clusters, lease) {
      // A lease another shard asked for is not extended (it runs out unless handed over first) but is still held.
      const r = await client.query(
        `UPDATE sandbox_cluster_leases SET expires_at = CASE WHEN wanted_by IS NULL THEN ${NOW('$3')} + $4 ELSE expires_at END
         WHERE cluster = ANY($1::text[]) AND shard = $2 AND expires_at > ${NOW('$3')} RETURNING cluster, wanted_by`,
        [clusters, lease.shard, lease.nowMs, lease.ttlMs],
      );
      const held = new Set(r.rows.map((row) => row.cluster));
      return { lost: clusters.filter((c) => !held.has(c)), wanted: r.rows.filter((row) => row.wanted_by !== null).map((row) => row.cluster) };
    },

    async release(cluster, shard) {
      await client.query('DELETE FROM sandbox_cluster_leases WHERE cluster = $1 AND shard = $2', [cluster, shard]);
    },

    async drop(cluster) {
      await inTransaction(async () => {
        await client.query('DELETE FROM sandbox_objects WHERE cluster = $1', [cluster]);
        await client.query('DELETE FROM sandbox_clusters WHERE cluster = $1', [cluster]);
        await client.query('DELETE FROM sandbox_cluster_leases WHERE cluster = $1', [cluster]);
      });
    },

    async clusterIds() {
      const r = await client.query('SELECT cluster FROM sandbox_clusters ORDER BY cluster');
      return r.rows.map((row) => row.cluster);
    },

    async leaseOf(cluster) {
      const r = await client.query('SELECT shard, expires_at FROM sandbox_cluster_leases WHERE cluster = $1', [cluster]);
      return r.rows[0] ? { shard: r.rows[0].shard, expiresAtMs: Number(r.rows[0].expires_at) } : null;
    },

    async recordById(cluster) {
      const r = await client.query('SELECT body FROM sandbox_cluster_records WHERE cluster = $1', [cluster]);
      return r.rows[0] ? r.rows[0].body : null;
    },

    async recordByTokenHash(tokenSha256) {
      const r = await client.query('SELECT body FROM sandbox_cluster_records WHERE token_sha256 = $1', [tokenSha256]);
      return r.rows.map((row) => row.body);
    },

    async putRecords(rows) {
      if (rows.length === 0) return;
      await client.query(
        `INSERT INTO sandbox_cluster_records (cluster, token_sha256, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (cluster) DO UPDATE SET token_sha256 = excluded.token_sha256, body = excluded.body`,
        [column(rows, 0), column(rows, 1), column(rows, 2)],
      );
    },

    async removeRecord(cluster) {
      await client.query('DELETE FROM sandbox_cluster_records WHERE cluster = $1', [cluster]);
    },

    async ping() {
      const r = await client.query('SELECT 1 AS one');
      return r.rows[0]?.one === 1;
    },

    async close() {
      await client.end();
    },
  };
}
