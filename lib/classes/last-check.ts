/**
 * Where a learner is in an exercise, for the class board: after each check, the first step not
 * passed yet and what its check saw (the message the learner's step card shows), or that every
 * step passed. Only the latest check is kept.
 */
import type { LearnerDb } from '../learners/db';

export const MAX_CHECK_MESSAGE_CHARS = 500;

export interface LastCheck {
  exercise: string;
  /** The first step not passed by this check; null when all passed. */
  step: string | null;
  message: string | null;
  checkedAt: string;
}

export function noteCheck(db: LearnerDb, learnerId: string, exercise: string, steps: { step: string; passed: boolean; saw: string }[], now = new Date()): LastCheck {
  const failing = steps.find((s) => !s.passed);
  // What a check saw may quote a learner's object or logs: a NUL there (which the database refuses) shows as U+FFFD.
  const message = failing ? failing.saw.slice(0, MAX_CHECK_MESSAGE_CHARS).replace(/\u0000/g, '\uFFFD') : null;
  db.prepare('INSERT INTO learner_checks (learner_id, exercise, step, message, checked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(learner_id) DO UPDATE SET exercise = excluded.exercise, step = excluded.step, message = excluded.message, checked_at = excluded.checked_at')
    .run(learnerId, exercise, failing?.step ?? null, message, now.toISOString());
  return { exercise, step: failing?.step ?? null, message, checkedAt: now.toISOString() };
}

export function lastCheckOf(db: LearnerDb, learnerId: string): LastCheck | undefined {
  const r = db.prepare<[string], { exercise: string; step: string | null; message: string | null; checked_at: string }>('SELECT exercise, step, message, checked_at FROM learner_checks WHERE learner_id = ?').get(learnerId);
  return r ? { exercise: r.exercise, step: r.step, message: r.message, checkedAt: r.checked_at } : undefined;
}
