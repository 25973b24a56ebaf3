/**
 * For tests that need PostgreSQL: the run's server (postgres-global-setup.ts) and a fresh
 * schema per test, so files running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The run's server URL, or why there is none (the tests then skip: only outside CI). */
export function testPostgres(): { url?: string; unavailable?: string } {
  const p = inject('postgres');
  return 'url' in p ? { url: p.url } : { unavailable: p.unavailable };
}

/** A new empty schema on the run's server; drop() removes it and everything in it. */
export async function freshSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withClient(url, (c) => c.query(`CREATE SCHEMA ${schema}`));
  return { schema, drop: () => withClient(url, (c) => c.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined) };
}

/** Runs fn on a connection of its own (another "process" looking at the database). */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>, schema?: string): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    if (schema) await c.query(`SET search_path TO ${schema}`);
    return await fn(c);
  } finally {
    await c.end();
  }
}
