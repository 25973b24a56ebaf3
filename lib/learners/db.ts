/**
 * The learners' database: identities, the cluster each learner owns, editor drafts, progress,
 * the name shown to an instructor, classes. Two backends behind one interface, LearnerDb (the
 * part of better-sqlite3's API the learners' modules use):
 * - SQLite (db-sqlite.ts): `kubelab.db` in the data directory, the default for one machine;
 * - PostgreSQL (db-postgres.ts): when KUBELAB_DATABASE_URL is set (open-learner-db.ts), so
 *   shards sharing one database find a learner's progress, drafts and class whichever shard
 *   the ingress picks.
 * The modules write SQLite's SQL; what PostgreSQL spells differently is translated in one place
 * (sql-dialect.ts); the schema comes from the same numbered migrations, written for both
 * (db-migrations.ts). Values are always bound parameters, never spliced into SQL.
 */
import { LabError } from '../lab/errors';

export { memoryLearnerDb, openLearnerDb, SqliteLearnerDb } from './db-sqlite';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/** A prepared statement: parameters bound positionally (`?`), or as one object for `@name`s. */
export interface LearnerStatement<P extends unknown[], R> {
  run(...params: P): RunResult;
  /** The first row, or undefined. */
  get(...params: P): R | undefined;
  all(...params: P): R[];
  /**
   * Runs the statement once per row of parameters, in order (an import's rows): on PostgreSQL
   * one call for all of them instead of a round trip each. The rows' changes summed. Every
   * row's parameters are checked before the first row runs; for all or nothing against the
   * database's own refusals, call it inside a transaction.
   */
  runMany(rows: P[]): RunResult;
}

/** A function that runs fn in a transaction (a savepoint when nested); immediate() takes the write lock first. */
export type LearnerTransaction<F extends (...args: never[]) => unknown> = F & { immediate: F; deferred: F };

export type SqlDialect = 'sqlite' | 'postgres';

export interface LearnerDb {
  readonly dialect: SqlDialect;
  prepare<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(sql: string): LearnerStatement<P extends unknown[] ? P : [P], R>;
  transaction<F extends (...args: never[]) => unknown>(fn: F): LearnerTransaction<F>;
  /** Runs statements without parameters (migrations, tests). */
  exec(sql: string): void;
  /** The columns of a table, in order. */
  columnsOf(table: string): string[];
  /** The (table, column) pairs whose foreign key references table(column). */
  referencesTo(table: string, column: string): { table: string; column: string }[];
  close(): void;
}

/**
 * A text parameter holding U+0000. PostgreSQL's text cannot store it, so both backends refuse
 * it alike (what a learner saves on one machine must also be savable on shards); most modules
 * taking free text refuse control characters before they get here. A route answers it as 400.
 */
export class NulInTextError extends LabError {
  constructor(readonly position: string) {
    super(400, `the text contains a NUL character (U+0000), which is not stored (parameter ${position}); remove it and send again`, 'NulInText');
    this.name = 'NulInTextError';
  }
}

/** Refuses NUL in any text parameter (positional or named); returns the parameters unchanged. */
export function checkedParams<P extends unknown[]>(params: P): P {
  params.forEach((p, i) => {
    if (typeof p === 'string') {
      if (p.includes('\u0000')) throw new NulInTextError(String(i + 1));
    } else if (p && typeof p === 'object' && !Buffer.isBuffer(p)) {
      for (const [k, v] of Object.entries(p)) if (typeof v === 'string' && v.includes('\u0000')) throw new NulInTextError(`@${k}`);
    }
  });
  return params;
}
