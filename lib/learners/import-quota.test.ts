import { describe, expect, it } from 'vitest';
import { memoryLearnerDb } from './db';
import { learnerFor, newLearnerSecret } from './identity';
import { assertImportFits, ImportQuotaError, MAX_IMPORT_ATTEMPTS, MAX_IMPORT_STEPS, MAX_STORED_ATTEMPTS_PER_LEARNER } from './import-quota';

describe('the import quota', () => {
  it('refuses a file with more attempts or steps than one import takes (413), whatever else it holds', () => {
    const db = memoryLearnerDb();
    const { id } = learnerFor(db, newLearnerSecret())!;
    expect(() => assertImportFits(db, id, { quizAttempts: new Array(MAX_IMPORT_ATTEMPTS + 1).fill(0) })).toThrow(expect.objectContaining({ status: 413 }));
    expect(() => assertImportFits(db, id, { exerciseSteps: new Array(MAX_IMPORT_STEPS + 1).fill(0) })).toThrow(ImportQuotaError);
    expect(() => assertImportFits(db, id, null)).not.toThrow();
    expect(() => assertImportFits(db, id, { quizAttempts: 'many' })).not.toThrow();
  });

  it('refuses an import that would take the stored attempts past what a learner may keep (403)', () => {
    const db = memoryLearnerDb();
    const { id } = learnerFor(db, newLearnerSecret())!;
    const insert = db.prepare('INSERT INTO quiz_attempts (learner_id, quiz, question, answer, score, correct, answered_at) VALUES (?, ?, ?, ?, 1, 1, ?)');
    db.transaction(() => {
      for (let i = 0; i < MAX_STORED_ATTEMPTS_PER_LEARNER - 10; i++) insert.run(id, 'q', 'x', '"a"', new Date(1_700_000_000_000 + i).toISOString());
    })();
    expect(() => assertImportFits(db, id, { quizAttempts: new Array(10).fill(0) })).not.toThrow();
    expect(() => assertImportFits(db, id, { quizAttempts: new Array(11).fill(0) })).toThrow(expect.objectContaining({ status: 403 }));
  });
});
