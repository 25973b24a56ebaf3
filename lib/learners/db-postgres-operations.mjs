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
  let client;
  /** The connection failed (the server restarted, a network cut): the next call opens a new one. */
  let broken = false;
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

  async function open() {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, types, application_name: schema ? `kubelab-learners:${schema}` : 'kubelab-learners' });
    // A server gone between calls: the call in flight fails (and says why), the next reconnects.
    c.on('error', () => {
      if (client === c) broken = true;
    });
    c.on('end', () => {
      if (client === c) broken = true;
    });
    client = c;
    broken = false;
    names.clear();
    await c.connect();
    if (schema) {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${c.escapeIdentifier(schema)}`);
      await c.query(`SET search_path TO ${c.escapeIdentifier(schema)}`);
    }
  }

  /** The live connection; a broken one is replaced (a transaction open on it is lost: its statements fail, the next BEGIN starts afresh). */
  async function live() {
    if (broken) {
      client.end().catch(() => undefined);
      await open();
    }
    return client;
  }

  return {
    async connect() {
      await open();
    },

    async query(before, text, values) {
      const c = await live();
      if (before) await c.query(before);
      const r = await c.query({ name: statementName(text), text, values });
      return { rows: r.rows, changes: r.rowCount ?? 0 };
    },

    async queryMany(before, text, rows) {
      const c = await live();
      if (before) await c.query(before);
      const name = statementName(text);
      let changes = 0;
      for (const values of rows) changes += (await c.query({ name, text, values })).rowCount ?? 0;
      return { changes };
    },

    async exec(before, sql) {
      const c = await live();
      if (before) await c.query(before);
      await c.query(sql);
    },

    async close() {
      await client.end();
    },
  };
}
