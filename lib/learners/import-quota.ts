/**
 * Bounds on importing a progress file, checked before it is parsed: a real learner's export of
 * Module 5 holds a few hundred quiz attempts and a few dozen exercise steps, so a file with far
 * more is refused (413), and so is an import that would take one learner's stored attempts past
 * a total that no class reaches by answering (403).
 */
import type { LearnerDb } from './db';

export const MAX_IMPORT_ATTEMPTS = 5000;
export const MAX_IMPORT_STEPS = 1000;
export const MAX_IMPORT_LESSONS = 500;
export const MAX_STORED_ATTEMPTS_PER_LEARNER = 20_000;

export class ImportQuotaError extends Error {
  constructor(readonly status: 403 | 413, message: string) {
    super(message);
    this.name = 'ImportQuotaError';
  }
}

function lengthOf(file: unknown, key: string): number {
  const list = typeof file === 'object' && file !== null ? (file as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list.length : 0;
}

export function assertImportFits(db: LearnerDb, learnerId: string, file: unknown): void {
  const attempts = lengthOf(file, 'quizAttempts');
  const steps = lengthOf(file, 'exerciseSteps');
  const lessons = lengthOf(file, 'lessons');
  if (attempts > MAX_IMPORT_ATTEMPTS) throw new ImportQuotaError(413, `the progress file holds ${attempts} quiz attempts; an import takes at most ${MAX_IMPORT_ATTEMPTS}`);
  if (steps > MAX_IMPORT_STEPS) throw new ImportQuotaError(413, `the progress file holds ${steps} exercise steps; an import takes at most ${MAX_IMPORT_STEPS}`);
  if (lessons > MAX_IMPORT_LESSONS) throw new ImportQuotaError(413, `the progress file holds ${lessons} lessons; an import takes at most ${MAX_IMPORT_LESSONS}`);
  const stored = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ?').get(learnerId)!.n;
  if (stored + attempts > MAX_STORED_ATTEMPTS_PER_LEARNER) {
    throw new ImportQuotaError(403, `you have ${stored} quiz attempts stored; importing ${attempts} more would pass the ${MAX_STORED_ATTEMPTS_PER_LEARNER} a learner may keep`);
  }
}
