/**
 * Workstation homes in the learners' database (table learner_homes, one JSON document per
 * learner), for shards: the data directory's files (FileHomeStore) are one shard's, so a learner
 * whose cluster moved to another shard would find an empty home there. Read back through
 * sanitizeHome, as the files are: a stored document that is larger than a home may be, or not
 * what we wrote, is ignored rather than trusted. A learner without a row yet (a home saved before
 * their first write made it) keeps nothing: the home is saved again when the terminal closes.
 */
import type { LearnerDb } from '../learners/db';
import { HOME_LIMIT_BYTES, sanitizeHome, type HomeStore } from './home-store';

export class DbHomeStore implements HomeStore {
  constructor(private readonly db: LearnerDb, private readonly now: () => Date = () => new Date()) {}

  load(learnerId: string): Record<string, string> {
    const row = this.db.prepare<[string], { files: string }>('SELECT files FROM learner_homes WHERE learner_id = ?').get(learnerId);
    if (!row || row.files.length > HOME_LIMIT_BYTES * 2) return {};
    try {
      return sanitizeHome(JSON.parse(row.files));
    } catch {
      return {};
    }
  }

  save(learnerId: string, files: Record<string, string>): void {
    const known = this.db.prepare<[string], { id: string }>('SELECT id FROM learners WHERE id = ?').get(learnerId);
    if (!known) return;
    this.db
      .prepare('INSERT INTO learner_homes (learner_id, files, updated_at) VALUES (?, ?, ?) ON CONFLICT (learner_id) DO UPDATE SET files = excluded.files, updated_at = excluded.updated_at')
      .run(learnerId, JSON.stringify(files), this.now().toISOString());
  }
}
