/**
 * What the instructor tells a learner's bench: a hint (short plain text) or that their cluster
 * was reset. Kept until the learner dismisses it, so a bench opened later still shows it; the
 * newest few only, so an instructor's loop cannot fill the table.
 */
import type { LearnerDb } from '../learners/db';
import { ClassInputError } from './errors';

export const MAX_HINT_CHARS = 280;
export const MAX_NOTICES_PER_LEARNER = 20;

export type NoticeKind = 'hint' | 'reset';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  createdAt: string;
}

/** A hint as typed: plain text, line breaks kept, other control and direction characters refused. */
export function normaliseHint(input: unknown): string {
  if (typeof input !== 'string') throw new ClassInputError('text', 'expected the hint as text');
  if (input.length > MAX_HINT_CHARS * 4) throw new ClassInputError('text', `a hint is at most ${MAX_HINT_CHARS} characters`);
  const text = input.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (!text) throw new ClassInputError('text', 'the hint is empty');
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/.test(text)) throw new ClassInputError('text', 'must not contain control or direction characters');
  if ([...text].length > MAX_HINT_CHARS) throw new ClassInputError('text', `a hint is at most ${MAX_HINT_CHARS} characters`);
  return text;
}

export function addNotice(db: LearnerDb, learnerId: string, kind: NoticeKind, text: string, now = new Date()): Notice {
  return db.transaction(() => {
    const row = db.prepare<[string, string, string, string], { id: number }>('INSERT INTO learner_notices (learner_id, kind, text, created_at) VALUES (?, ?, ?, ?) RETURNING id').get(learnerId, kind, text, now.toISOString())!;
    db.prepare('DELETE FROM learner_notices WHERE learner_id = ? AND id NOT IN (SELECT id FROM learner_notices WHERE learner_id = ? ORDER BY id DESC LIMIT ?)').run(learnerId, learnerId, MAX_NOTICES_PER_LEARNER);
    return { id: row.id, kind, text, createdAt: now.toISOString() };
  })();
}

export function unseenNotices(db: LearnerDb, learnerId: string): Notice[] {
  return db
    .prepare<[string], { id: number; kind: NoticeKind; text: string; created_at: string }>('SELECT id, kind, text, created_at FROM learner_notices WHERE learner_id = ? AND seen_at IS NULL ORDER BY id')
    .all(learnerId)
    .map((r) => ({ id: r.id, kind: r.kind, text: r.text, createdAt: r.created_at }));
}

/** The learner dismissed a notice (only their own: the id is matched with the learner). */
export function dismissNotice(db: LearnerDb, learnerId: string, id: unknown, now = new Date()): boolean {
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new ClassInputError('id', 'expected the number of a notice');
  return db.prepare('UPDATE learner_notices SET seen_at = ? WHERE id = ? AND learner_id = ? AND seen_at IS NULL').run(now.toISOString(), id, learnerId).changes > 0;
}
