import { describe } from 'vitest';
import { freshSchema, testPostgres, withClient } from '../../../../testing/postgres';
import { describePersistenceContract } from '../persistence-contract';
import { PgStoreFile } from './pg-store-file';

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
});
