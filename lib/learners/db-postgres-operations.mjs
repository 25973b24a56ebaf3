// The learners' database's operations on one PostgreSQL connection, run on the shared bridge's
// thread (lib/postgres/sync-bridge.ts); plain JavaScript so the thread starts fast. Types and
// why: db-postgres.ts.
import pg from 'pg';

/**
 * bigint (COUNT(*), identity ids) and numeric (SUM of integers) come back as JavaScript numbers,
 * as SQLite gives them: the learners' counts and ids stay far below 2^53.
 */
const NUMBER_TYPES = new Set([20, 1700]);
const types = {
  getTypeParser(oid, format) {
    if (NUMBER_TYPES.has(oid) && format !== 'binary') return (v) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** @returns {import('./db-postgres').LearnerDbOperations} */
export function connectOperations(url, schema) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, types });
  // A server gone between calls: the next call fails (and says why) instead of the thread dying.
  client.on('error', () => undefined);

  /**
   * Each statement is parsed and planned once per connection (a named prepared statement):
   * the learners' modules use a few dozen distinct ones, over and over.
   */
  const names = new Map();
  const statementName = (text) => {
    let name = names.get(text);
    if (!name) {
      // Bounded: past the cap, new statements run unnamed (parsed each time) rather than pile up.
      if (names.size >= 1000) return undefined;
      names.set(text, (name = `kubelab_${names.size}`));
    }
    return name;
  };

  return {
    async connect() {
      await client.connect();
      if (schema) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
        await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);
      }
    },

    async query(before, text, values) {
      if (before) await client.query(before);
      const r = await client.query({ name: statementName(text), text, values });
      return { rows: r.rows, changes: r.rowCount ?? 0 };
    },

    async queryMany(before, text, rows) {
      if (before) await client.query(before);
      const name = statementName(text);
      let changes = 0;
      for (const values of rows) changes += (await client.query({ name, text, values })).rowCount ?? 0;
      return { changes };
    },

    async exec(before, sql) {
      if (before) await client.query(before);
      await client.query(sql);
    },

    async close() {
      await client.end();
    },
  };
}
