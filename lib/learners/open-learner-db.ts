/**
 * The learners' database the process runs on, chosen at start by the same setting as the
 * cluster store: PostgreSQL when KUBELAB_DATABASE_URL is set (shards sharing one database),
 * else SQLite in the data directory (one machine; nothing changes for `npm start`). server.ts
 * calls this with the URL it validated (database-url.ts); route code never imports the
 * PostgreSQL backend (its worker thread is the server's).
 */
import type { LearnerDb } from './db';
import { openLearnerDb } from './db-sqlite';
import { PgLearnerDb } from './db-postgres';

/** PostgreSQL could not be used for the learners' database at start; the message never holds the URL (nor its password). */
export class LearnerDbUnavailableError extends Error {
  constructor(cause: string) {
    super(`KUBELAB_DATABASE_URL: the learners' database on PostgreSQL could not be used: ${cause}. Check the server and the URL, or unset it to keep learners in SQLite in the data directory.`);
    this.name = 'LearnerDbUnavailableError';
  }
}

/** Opens the learners' database: PostgreSQL at url when given, else SQLite in dataDir. */
export function openLearnerDbFor(dataDir: string, url: string | undefined): LearnerDb {
  if (!url) return openLearnerDb(dataDir);
  try {
    return new PgLearnerDb({ url });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // pg's messages name hosts and users, not passwords; the URL itself is left out all the same.
    throw new LearnerDbUnavailableError(message.split(url).join('<KUBELAB_DATABASE_URL>'));
  }
}
