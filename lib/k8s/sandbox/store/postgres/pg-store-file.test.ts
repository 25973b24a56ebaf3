import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { freshSchema, testPostgres, withClient } from '../../../../testing/postgres';
import { describePersistenceContract } from '../persistence-contract';
import { PgStoreFile } from './pg-store-file';
import type { StoreOperations } from './operations';

const pg = testPostgres();

describe.skipIf(!pg.url)('PostgreSQL store', () => {
  const url = pg.url!;
  describePersistenceContract<string>({
    name: 'PostgreSQL',
    place: async () => {
      const s = await freshSchema(url);
      return { place: s.schema, remove: () => s.drop() };
    },
    open: (schema, opts) => new PgStoreFile({ url, schema, ...opts }),
    breakObjectsTable: (schema) => withClient(url, (c) => c.query('ALTER TABLE sandbox_objects RENAME TO objects_away'), schema).then(() => undefined),
    repairObjectsTable: (schema) => withClient(url, (c) => c.query('ALTER TABLE objects_away RENAME TO sandbox_objects'), schema).then(() => undefined),
    committedRows: (schema) => withClient(url, (c) => c.query<{ cluster: string; key: string }>('SELECT cluster, key FROM sandbox_objects ORDER BY cluster, key'), schema).then((r) => r.rows),
    missingTableMessage: /^the sandbox store PostgreSQL postgres@localhost could not commit writes: commit: relation "sandbox_objects" does not exist$/,
  });

  it('makes its tables once when shards start together on a fresh database (eight connections at once)', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    // The bridge's thread module itself (plain JavaScript, loaded by URL as the bridge does).
    const { connectOperations } = (await import(new URL('./operations.mjs', import.meta.url).href)) as { connectOperations(url: string, schema?: string): StoreOperations };
    const ops = Array.from({ length: 8 }, () => connectOperations(url, schema));
    try {
      const started = await Promise.allSettled(ops.map((o) => o.connect()));
      expect(started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(Array.from({ length: 8 }, () => 'ok'));
      const tables = await withClient(url, (c) => c.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1", [schema]));
      expect(tables.rows[0].n).toBe(4);
    } finally {
      await Promise.all(ops.map((o) => o.close().catch(() => undefined)));
      await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    }
  });
});
