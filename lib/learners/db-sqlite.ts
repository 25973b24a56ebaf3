/**
 * The learners' database on SQLite (better-sqlite3, `kubelab.db` in the data directory): the
 * default for one machine. WAL with synchronous=FULL: a write is committed and its WAL fsynced
 * before the route answers, so neither a crash nor a power cut loses what the learner was told
 * was saved (with NORMAL a power cut can lose the last commits; FULL costs about 1.8 ms a write
 * on these machines, once per learner action).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { checkedParams, type LearnerDb, type LearnerStatement, type LearnerTransaction } from './db';
import { migrate } from './db-migrations';

export class SqliteLearnerDb implements LearnerDb {
  readonly dialect = 'sqlite' as const;

  constructor(readonly sqlite: Database.Database) {}

  prepare<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(sql: string): LearnerStatement<P extends unknown[] ? P : [P], R> {
    const s = this.sqlite.prepare(sql);
    type Args = P extends unknown[] ? P : [P];
    return {
      run: (...p: Args) => ({ changes: s.run(...checkedParams(p)).changes }),
      get: (...p: Args) => s.get(...checkedParams(p)) as R | undefined,
      all: (...p: Args) => s.all(...checkedParams(p)) as R[],
      runMany: (rows: Args[]) => {
        // Every row checked before the first runs, as on PostgreSQL.
        rows.forEach((p) => checkedParams(p));
        return { changes: rows.reduce((n, p) => n + s.run(...p).changes, 0) };
      },
    };
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): LearnerTransaction<F> {
    // better-sqlite3's transaction function already has immediate() and deferred().
    return this.sqlite.transaction(fn as unknown as (...args: unknown[]) => unknown) as unknown as LearnerTransaction<F>;
  }

  exec(sql: string): void {
    this.sqlite.exec(sql);
  }

  columnsOf(table: string): string[] {
    return this.sqlite.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table).map((c) => c.name);
  }

  referencesTo(table: string, column: string): { table: string; column: string }[] {
    return this.sqlite
      .prepare<[string, string], { table: string; column: string }>(
        `SELECT m.name AS "table", f."from" AS "column" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND f."table" = ? AND f."to" = ? ORDER BY m.name, f."from"`,
      )
      .all(table, column);
  }

  /** A PRAGMA's value (SQLite only: tests read the journal mode). */
  pragma(source: string): unknown {
    return this.sqlite.pragma(source, { simple: true });
  }

  close(): void {
    this.sqlite.close();
  }
}

export function openLearnerDb(dataDir: string, fileName = 'kubelab.db'): SqliteLearnerDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(path.join(/*turbopackIgnore: true*/ dataDir, fileName));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db = new SqliteLearnerDb(sqlite);
  migrate(db);
  return db;
}

/** An in-memory database for tests. */
export function memoryLearnerDb(): SqliteLearnerDb {
  const sqlite = new Database(':memory:');
  sqlite.pragma('foreign_keys = ON');
  const db = new SqliteLearnerDb(sqlite);
  migrate(db);
  return db;
}
