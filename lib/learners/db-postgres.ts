/**
 * The learners' database on PostgreSQL (KUBELAB_DATABASE_URL): shards sharing one database
 * find a learner's progress, quiz attempts, drafts and class on whichever shard the ingress
 * picks. The learners' modules are synchronous (better-sqlite3's API), so the connection lives
 * on the shared synchronous bridge (lib/postgres/sync-bridge.ts) running
 * db-postgres-operations.mjs: each statement is one round trip that blocks this thread, as a
 * SQLite write blocks it for its fsync. Statements are translated once (sql-dialect.ts) and
 * cached. A transaction is BEGIN … COMMIT on the bridge's one connection (nested ones are
 * savepoints, as better-sqlite3 does); BEGIN travels with the transaction's first statement, so
 * a transaction of one write costs two round trips, not three. Nothing else runs on this
 * thread meanwhile, so no other request's statement lands inside it.
 */
import { SyncBridge } from '../postgres/sync-bridge';
import { checkedParams, type LearnerDb, type LearnerStatement, type LearnerTransaction, type RunResult } from './db';
import { migrate } from './db-migrations';
import { multiRowInsert, toPostgres, type PgStatementText } from './sql-dialect';

/** What the bridge's thread runs (db-postgres-operations.mjs). `before` is a statement run first on the same call (BEGIN, SAVEPOINT). */
export interface LearnerDbOperations {
  connect(): Promise<void>;
  query(before: string | null, text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[]; changes: number }>;
  /** One statement for each row of values, in order, on one call (imports): the rows' changes summed. */
  queryMany(before: string | null, text: string, rows: unknown[][]): Promise<{ changes: number }>;
  exec(before: string | null, sql: string): Promise<void>;
  close(): Promise<void>;
}

export class ParameterCountError extends Error {
  constructor(readonly sql: string, readonly expected: number, readonly given: number) {
    super(`the statement takes ${expected} parameter(s), ${given} given: ${sql.length > 120 ? `${sql.slice(0, 120)}…` : sql}`);
    this.name = 'ParameterCountError';
  }
}

export interface PgLearnerDbOptions {
  url: string;
  /** A schema to create and use (tests: one per suite). */
  schema?: string;
  /** The longest one database call may take. */
  callTimeoutMs?: number;
}

/** PostgreSQL's limit on one statement's parameters is 65,535; a batch stays well under it. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 500;

/** The most translated statements kept; the modules prepare a few dozen distinct ones. */
const MAX_CACHED_STATEMENTS = 500;

export class PgLearnerDb implements LearnerDb {
  readonly dialect = 'postgres' as const;
  private readonly bridge: SyncBridge<LearnerDbOperations>;
  private readonly translated = new Map<string, PgStatementText>();
  /** Open transactions (0: none; 2: a savepoint inside one). */
  private depth = 0;
  /** BEGIN and SAVEPOINTs not sent yet: they go with the next statement. */
  private pending: string[] = [];

  constructor(opts: PgLearnerDbOptions) {
    this.bridge = new SyncBridge<LearnerDbOperations>(opts.url, {
      operations: new URL('./db-postgres-operations.mjs', import.meta.url),
      schema: opts.schema,
      timeoutMs: opts.callTimeoutMs,
      name: 'kubelab-learners-postgres',
    });
    try {
      migrate(this);
    } catch (err) {
      this.bridge.close();
      throw err;
    }
  }

  private translate(sql: string): PgStatementText {
    let t = this.translated.get(sql);
    if (!t) {
      t = toPostgres(sql);
      if (this.translated.size >= MAX_CACHED_STATEMENTS) this.translated.clear();
      this.translated.set(sql, t);
    }
    return t;
  }

  private takePending(): string | null {
    if (this.pending.length === 0) return null;
    const p = this.pending.join('; ');
    this.pending = [];
    return p;
  }

  /** The values in $n order: positional as given, named picked from the one object. */
  private values(sql: string, t: PgStatementText, params: unknown[]): unknown[] {
    checkedParams(params);
    let values = params;
    if (t.names) {
      const bound = (params[0] ?? {}) as Record<string, unknown>;
      values = t.names.map((n) => bound[n]);
    } else if (params.length !== t.count) {
      throw new ParameterCountError(sql, t.count, params.length);
    }
    // undefined is not a value SQLite binds either; null is the SQL NULL.
    return values.map((v) => (v === undefined ? null : v));
  }

  private query(sql: string, params: unknown[]): { rows: Record<string, unknown>[]; changes: number } {
    const t = this.translate(sql);
    return this.bridge.call('query', this.takePending(), t.text, this.values(sql, t, params));
  }

  /**
   * Rows of an insert that skips conflicts go in multi-row statements (a few hundred rows a
   * round trip); any other statement runs once per row, all on one bridge call.
   */
  private runMany(sql: string, rows: unknown[][]): RunResult {
    if (rows.length === 0) return { changes: 0 };
    const t = this.translate(sql);
    const values = rows.map((p) => this.values(sql, t, p));
    const perChunk = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(1, t.count))));
    const full = multiRowInsert(t.text, t.count, perChunk);
    if (!full) return this.bridge.call('queryMany', this.takePending(), t.text, values);
    let changes = 0;
    const whole = Math.floor(values.length / perChunk) * perChunk;
    if (whole > 0) {
      const chunks: unknown[][] = [];
      for (let i = 0; i < whole; i += perChunk) chunks.push(values.slice(i, i + perChunk).flat());
      changes += this.bridge.call('queryMany', this.takePending(), full, chunks).changes;
    }
    if (whole < values.length) {
      const rest = values.slice(whole);
      changes += this.bridge.call('query', this.takePending(), multiRowInsert(t.text, t.count, rest.length)!, rest.flat()).changes;
    }
    return { changes };
  }

  prepare<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(sql: string): LearnerStatement<P extends unknown[] ? P : [P], R> {
    this.translate(sql);
    type Args = P extends unknown[] ? P : [P];
    return {
      run: (...p: Args) => ({ changes: this.query(sql, p).changes }),
      get: (...p: Args) => this.query(sql, p).rows[0] as R | undefined,
      all: (...p: Args) => this.query(sql, p).rows as R[],
      runMany: (rows: Args[]) => this.runMany(sql, rows),
    };
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): LearnerTransaction<F> {
    const run = ((...args: Parameters<F>) => {
      const level = ++this.depth;
      const opener = level === 1 ? 'BEGIN' : `SAVEPOINT kubelab_sp${level}`;
      // Sent with the next statement: a transaction in which nothing runs costs nothing.
      this.pending.push(opener);
      try {
        const value = fn(...args);
        this.finish(opener, level === 1 ? 'COMMIT' : `RELEASE SAVEPOINT kubelab_sp${level}`);
        return value;
      } catch (err) {
        try {
          this.finish(opener, level === 1 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT kubelab_sp${level}; RELEASE SAVEPOINT kubelab_sp${level}`);
        } catch {
          // The statement's error is the one to report; a connection that cannot roll back fails its next call.
        }
        throw err;
      } finally {
        this.depth = level - 1;
      }
    }) as unknown as F;
    // PostgreSQL takes row locks as statements run: immediate and deferred are the same transaction.
    return Object.assign(run, { immediate: run, deferred: run });
  }

  /** Ends a transaction level: nothing to send when its opener never left (nothing ran in it). */
  private finish(opener: string, end: string): void {
    if (this.pending.at(-1) === opener) {
      this.pending.pop();
      return;
    }
    this.bridge.call('exec', null, end);
  }

  exec(sql: string): void {
    this.bridge.call('exec', this.takePending(), sql);
  }

  columnsOf(table: string): string[] {
    return this.prepare<[string], { name: string }>(
      'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
    )
      .all(table)
      .map((c) => c.name);
  }

  referencesTo(table: string, column: string): { table: string; column: string }[] {
    // pg_constraint: single-column foreign keys of this schema's tables onto table(column).
    return this.prepare<[string, string], { table: string; column: string }>(
      `SELECT src.relname AS "table", a.attname AS "column"
       FROM pg_constraint c
       JOIN pg_class src ON src.oid = c.conrelid
       JOIN pg_class dst ON dst.oid = c.confrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND src.relnamespace = current_schema()::regnamespace AND dst.relname = ? AND b.attname = ?
       ORDER BY src.relname, a.attname`,
    ).all(table, column);
  }

  close(): void {
    this.bridge.close();
  }
}
