/**
 * How many learners and lab clusters the portal has, read from its database, and a quiet
 * window to count them in: cases in the other worker make learners too, so making a learner
 * (Learner.open) and a "no learner was made" check take the same cross-process lock.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LEARNER_DB_FILE, REPO_DIR } from './layout';

const LOCK = path.join(REPO_DIR, '.data', 'hostile-census.lock');
const STALE_MS = 20_000;

export async function withCensusLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface Census {
  learners: number;
  clusters: number;
}

export function census(): Census {
  const db = new Database(LEARNER_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const learners = (db.prepare('SELECT COUNT(*) AS n FROM learners').get() as { n: number }).n;
    const clusters = (db.prepare('SELECT COUNT(*) AS n FROM learner_clusters').get() as { n: number }).n;
    return { learners, clusters };
  } finally {
    db.close();
  }
}
