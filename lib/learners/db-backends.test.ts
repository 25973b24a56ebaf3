import { describe, expect, it } from 'vitest';
import { describeLearnerBackends } from '../testing/learner-db';
import { NulInTextError } from './db';
import { MIGRATIONS } from './db-migrations';
import { learnerFor, newLearnerSecret } from './identity';

describeLearnerBackends((freshDb) => {
  describe('the learners database backend', () => {
    it('is migrated to the last version', () => {
      expect(freshDb().prepare<[], { version: number }>('SELECT version FROM schema_version').get()).toEqual({ version: MIGRATIONS.length });
    });

    it('undoes a transaction that throws, and a nested one that throws without undoing the outer one', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      const setName = db.prepare('UPDATE learners SET display_name = ? WHERE id = ?');
      const name = () => db.prepare<[string], { display_name: string | null }>('SELECT display_name FROM learners WHERE id = ?').get(id)!.display_name;
      expect(() => db.transaction(() => { setName.run('Ada', id); throw new Error('no'); })()).toThrow('no');
      expect(name()).toBeNull();
      const outcome = db.transaction(() => {
        setName.run('Grace', id);
        try {
          db.transaction(() => { setName.run('Linus', id); throw new Error('inner'); })();
        } catch {
          // The inner change is undone; the outer one stays.
        }
        return name();
      }).immediate();
      expect(outcome).toBe('Grace');
      expect(name()).toBe('Grace');
      expect(db.transaction((x: number) => x * 2)(21)).toBe(42);
    });

    it('runs a statement once per row with runMany, in order, and sums the rows it changed', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      const read = db.prepare('INSERT INTO lesson_reads (learner_id, lesson, first_read_at, last_read_at) VALUES (?, ?, ?, ?) ON CONFLICT(learner_id, lesson) DO NOTHING');
      expect(read.runMany([[id, 'jobs', 't1', 't1'], [id, 'pods', 't2', 't2'], [id, 'jobs', 't3', 't3']])).toEqual({ changes: 2 });
      expect(read.runMany([])).toEqual({ changes: 0 });
      expect(db.prepare<[string], { lesson: string; first_read_at: string }>('SELECT lesson, first_read_at FROM lesson_reads WHERE learner_id = ? ORDER BY lesson').all(id)).toEqual([
        { lesson: 'jobs', first_read_at: 't1' },
        { lesson: 'pods', first_read_at: 't2' },
      ]);
      expect(() => read.runMany([[id, 'x', 't', 't'], [id, 'y\u0000', 't', 't']])).toThrow(NulInTextError);
      // Past one batch (PostgreSQL sends a few hundred rows a statement), duplicates across and within batches skipped.
      const many = Array.from({ length: 1203 }, (_, i) => [id, `lesson-${i % 1100}`, 't', 't']);
      expect(read.runMany(many)).toEqual({ changes: 1100 });
      expect(db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM lesson_reads WHERE learner_id = ?').get(id)).toEqual({ n: 1102 });
    });

    it('counts and sums as numbers, and sorts text by code point as SQLite does', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      const save = db.prepare('INSERT INTO drafts (learner_id, lesson, tab, content, updated_at) VALUES (?, ?, ?, ?, ?)');
      for (const tab of ['b', 'B', 'a', 'é', 'A', '_', 'Z']) save.run(id, 'jobs', tab, 'xé', '2026-01-01T00:00:00.000Z');
      expect(db.prepare<[string], { tab: string }>('SELECT tab FROM drafts WHERE learner_id = ? ORDER BY tab').all(id).map((r) => r.tab)).toEqual(['A', 'B', 'Z', '_', 'a', 'b', 'é']);
      expect(db.prepare<[string], { n: number; bytes: number }>('SELECT COUNT(*) AS n, SUM(octet_length(content)) AS bytes FROM drafts WHERE learner_id = ?').get(id)).toEqual({ n: 7, bytes: 21 });
    });

    it('names the learners table\'s columns and every table that references a learner', () => {
      const db = freshDb();
      expect(db.columnsOf('learners')).toEqual(['id', 'created_at', 'last_seen_at', 'display_name']);
      expect(db.referencesTo('learners', 'id').map((r) => `${r.table}.${r.column}`)).toEqual([
        'class_members.learner_id', 'drafts.learner_id', 'exercise_steps.learner_id', 'learner_checks.learner_id', 'learner_clusters.learner_id', 'learner_homes.learner_id',
        'learner_notices.learner_id', 'lesson_reads.learner_id', 'quiz_attempts.learner_id', 'recovery_codes.learner_id',
      ]);
    });

    it('refuses a NUL in a text parameter (400) and stores nothing, positional or named', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      expect(() => db.prepare('UPDATE learners SET display_name = ? WHERE id = ?').run('Ada\u0000', id)).toThrow(expect.objectContaining({ name: 'NulInTextError', status: 400, position: '1' }));
      expect(() => db.prepare('SELECT 1 FROM learners WHERE id = @id').get({ id: `${id}\u0000` })).toThrow(NulInTextError);
      expect(db.prepare<[string], { display_name: string | null }>('SELECT display_name FROM learners WHERE id = ?').get(id)!.display_name).toBeNull();
    });
  });
});
