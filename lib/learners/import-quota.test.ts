import { describe, expect, it } from 'vitest';
import { learnerFor, newLearnerSecret } from './identity';
import { assertImportFits, ImportQuotaError, MAX_IMPORT_ATTEMPTS, MAX_IMPORT_STEPS, MAX_STORED_ATTEMPTS_PER_LEARNER } from './import-quota';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  describe('the import quota', () => {
    it('refuses a file with more attempts or steps than one import takes (413), whatever else it holds', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      expect(() => assertImportFits(db, id, { quizAttempts: new Array(MAX_IMPORT_ATTEMPTS + 1).fill(0) })).toThrow(expect.objectContaining({ status: 413 }));
      expect(() => assertImportFits(db, id, { exerciseSteps: new Array(MAX_IMPORT_STEPS + 1).fill(0) })).toThrow(ImportQuotaError);
      expect(() => assertImportFits(db, id, null)).not.toThrow();
      expect(() => assertImportFits(db, id, { quizAttempts: 'many' })).not.toThrow();
    });

    it('refuses an import that would take the stored attempts past what a learner may keep (403)', () => {
      const db = freshDb();
      const { id } = learnerFor(db, newLearnerSecret())!;
      // One statement (a counting CTE) stores them: a row at a time is one round trip each on PostgreSQL.
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO quiz_attempts (learner_id, quiz, question, answer, score, correct, answered_at) SELECT ?, 'q', 'x', '"a"', 1, 1, CAST(i AS TEXT) FROM n`,
      ).run(MAX_STORED_ATTEMPTS_PER_LEARNER - 10, id);
      expect(() => assertImportFits(db, id, { quizAttempts: new Array(10).fill(0) })).not.toThrow();
      expect(() => assertImportFits(db, id, { quizAttempts: new Array(11).fill(0) })).toThrow(expect.objectContaining({ status: 403 }));
    });
  });
});
