/**
 * The learners' database (better-sqlite3, `kubelab.db` in the data directory): identities,
 * the cluster each learner owns, editor drafts, progress and the name shown to an instructor.
 * WAL with synchronous=FULL: a write is committed and its WAL fsynced before the route
 * answers, so neither a crash nor a power cut loses what the learner was told was saved (with
 * NORMAL a power cut can lose the last commits; FULL costs about 1.8 ms a write on these
 * machines, once per learner action). Migrations are numbered and run once.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

const MIGRATIONS: string[] = [
  `CREATE TABLE learners (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL);
   CREATE TABLE learner_clusters (learner_id TEXT PRIMARY KEY REFERENCES learners(id) ON DELETE CASCADE, cluster_id TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE drafts (learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE, lesson TEXT NOT NULL, tab TEXT NOT NULL, content TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (learner_id, lesson, tab)) WITHOUT ROWID;`,
  // Progress (progress.ts): lessons read, every quiz attempt (the latest counts), exercise steps.
  `CREATE TABLE lesson_reads (learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE, lesson TEXT NOT NULL, first_read_at TEXT NOT NULL, last_read_at TEXT NOT NULL, PRIMARY KEY (learner_id, lesson)) WITHOUT ROWID;
   CREATE TABLE quiz_attempts (id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE, quiz TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, score REAL NOT NULL, correct INTEGER NOT NULL, answered_at TEXT NOT NULL, UNIQUE (learner_id, quiz, question, answered_at));
   CREATE TABLE exercise_steps (learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE, exercise TEXT NOT NULL, step TEXT NOT NULL, passed INTEGER NOT NULL, passed_at TEXT, solution_shown INTEGER NOT NULL, first_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (learner_id, exercise, step)) WITHOUT ROWID;`,
  // The name a learner gives themselves for the instructor's class overview (display-name.ts).
  `ALTER TABLE learners ADD COLUMN display_name TEXT;`,
  // Classes (lib/classes): join codes, one class per learner, recovery codes (HMAC only), what the
  // live board shows (last check), notices for a learner's bench, and minted instructor links.
  `CREATE TABLE classes (id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT NOT NULL UNIQUE, starts_on TEXT, ends_on TEXT, created_at TEXT NOT NULL);
   CREATE TABLE class_members (learner_id TEXT PRIMARY KEY REFERENCES learners(id) ON DELETE CASCADE, class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE, joined_at TEXT NOT NULL);
   CREATE INDEX class_members_by_class ON class_members (class_id);
   CREATE TABLE recovery_codes (learner_id TEXT PRIMARY KEY REFERENCES learners(id) ON DELETE CASCADE, code_hmac TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
   CREATE TABLE learner_checks (learner_id TEXT PRIMARY KEY REFERENCES learners(id) ON DELETE CASCADE, exercise TEXT NOT NULL, step TEXT, message TEXT, checked_at TEXT NOT NULL);
   CREATE TABLE learner_notices (id INTEGER PRIMARY KEY, learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE, kind TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL, seen_at TEXT);
   CREATE INDEX learner_notices_by_learner ON learner_notices (learner_id, seen_at);
   CREATE TABLE instructor_links (id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE, label TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);`,
];

export type LearnerDb = Database.Database;

export function openLearnerDb(dataDir: string, fileName = 'kubelab.db'): LearnerDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(/*turbopackIgnore: true*/ dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** An in-memory database for tests. */
export function memoryLearnerDb(): LearnerDb {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: LearnerDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get();
  let version = row?.version ?? 0;
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  for (; version < MIGRATIONS.length; version++) {
    const step = MIGRATIONS[version];
    db.transaction(() => {
      db.exec(step);
      db.prepare('UPDATE schema_version SET version = ?').run(version + 1);
    })();
  }
}
