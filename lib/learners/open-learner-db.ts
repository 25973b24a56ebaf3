/**
 * The learners' database the process runs on, chosen at start by the same setting as the
 * cluster store: PostgreSQL when KUBELAB_DATABASE_URL is set (shards sharing one database),
 * else SQLite in the data directory (one machine; nothing changes for `npm start`). server.ts
 * calls this; route code never imports the PostgreSQL backend (its worker thread is server-side).
 */
import type { LearnerDb } from './db';
import { openLearnerDb } from './db-sqlite';
import { PgLearnerDb } from './db-postgres';

/** Opens the learners' database: PostgreSQL at url when given, else SQLite in dataDir. The caller reports a failure (with the URL redacted). */
export function openLearnerDbFor(dataDir: string, url: string | undefined): LearnerDb {
  return url ? new PgLearnerDb({ url }) : openLearnerDb(dataDir);
}
