/** Editor drafts per learner, lesson and tab: saved on every pause in typing, restored on return. */
import type { LearnerDb } from './db';

/** A draft is one editor buffer; the apply limit bounds it too. */
export const MAX_DRAFT_BYTES = 512 * 1024;

export class DraftTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the draft is ${bytes} bytes; drafts are limited to ${MAX_DRAFT_BYTES} bytes`);
    this.name = 'DraftTooLargeError';
  }
}

export interface Draft {
  tab: string;
  content: string;
  updatedAt: string;
}

export function saveDraft(db: LearnerDb, learnerId: string, lesson: string, tab: string, content: string, now = new Date()): Draft {
  const bytes = Buffer.byteLength(content);
  if (bytes > MAX_DRAFT_BYTES) throw new DraftTooLargeError(bytes);
  const updatedAt = now.toISOString();
  db.prepare('INSERT INTO drafts (learner_id, lesson, tab, content, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(learner_id, lesson, tab) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at')
    .run(learnerId, lesson, tab, content, updatedAt);
  return { tab, content, updatedAt };
}

export function draftsFor(db: LearnerDb, learnerId: string, lesson: string): Draft[] {
  return db.prepare<[string, string], { tab: string; content: string; updated_at: string }>('SELECT tab, content, updated_at FROM drafts WHERE learner_id = ? AND lesson = ? ORDER BY tab')
    .all(learnerId, lesson).map((r) => ({ tab: r.tab, content: r.content, updatedAt: r.updated_at }));
}

/** "Reset to the lesson's version": the draft goes, the lesson's manifest shows again. */
export function deleteDraft(db: LearnerDb, learnerId: string, lesson: string, tab: string): void {
  db.prepare('DELETE FROM drafts WHERE learner_id = ? AND lesson = ? AND tab = ?').run(learnerId, lesson, tab);
}
