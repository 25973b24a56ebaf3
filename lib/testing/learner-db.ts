/**
 * Runs a suite of the learners' modules against both backends of the learners' database:
 * SQLite in memory, and PostgreSQL (the run's throwaway server, postgres-global-setup.ts) on a
 * schema of the suite's own. The PostgreSQL suite opens one connection and empties the tables
 * before each fresh database (DELETE cascades from the three root tables: far cheaper than a
 * new schema and its migrations per test), so both backends are as fast as the tests allow.
 * Without PostgreSQL (outside CI) the PostgreSQL half skips, as the store's tests do.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { memoryLearnerDb, type LearnerDb } from '../learners/db';
import { PgLearnerDb } from '../learners/db-postgres';
import { freshSchema, testPostgres } from './postgres';

export type FreshLearnerDb = () => LearnerDb;

/** Registers suite twice, under "on SQLite" and "on PostgreSQL"; fresh() is an empty, migrated database. */
export function describeLearnerBackends(suite: (fresh: FreshLearnerDb) => void): void {
  describe('on SQLite', () => suite(() => memoryLearnerDb()));
  const pg = testPostgres();
  describe.skipIf(!pg.url)('on PostgreSQL', () => {
    let db: PgLearnerDb | undefined;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const s = await freshSchema(pg.url!);
      drop = s.drop;
      db = new PgLearnerDb({ url: pg.url!, schema: s.schema });
    });
    afterAll(async () => {
      db?.close();
      await drop?.();
    });
    suite(() => {
      if (!db) throw new Error('the PostgreSQL learners database is not open (beforeAll failed)');
      emptyLearnerTables(db);
      return db;
    });
  });
}

/** Deletes every learner, class and instructor link (and, by cascade, every row that names one). */
export function emptyLearnerTables(db: LearnerDb): void {
  db.exec('DELETE FROM learners; DELETE FROM classes; DELETE FROM instructor_links;');
}
