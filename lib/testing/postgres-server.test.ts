import { describe, expect, it } from 'vitest';
import { freshSchema, testPostgres, withClient } from './postgres';

const pgUrl = testPostgres();

describe.skipIf(!pgUrl.url)('the run\'s throwaway PostgreSQL server', () => {
  it('answers queries in a schema of its own per test, gone once dropped', async () => {
    const url = pgUrl.url!;
    const s = await freshSchema(url);
    await withClient(url, (c) => c.query('CREATE TABLE t (n int)'), s.schema);
    await withClient(url, (c) => c.query('INSERT INTO t VALUES (42)'), s.schema);
    const rows = await withClient(url, (c) => c.query('SELECT n FROM t'), s.schema);
    expect(rows.rows).toEqual([{ n: 42 }]);
    await s.drop();
    const left = await withClient(url, (c) => c.query('SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1', [s.schema]));
    expect(left.rows).toEqual([{ n: 0 }]);
  });
});
