/**
 * How much editor text one learner may keep: drafts are saved on every pause in typing, so
 * without a bound a script could fill the disk through them. A learner of Module 5 keeps a few
 * dozen; the bounds are far above that and far below what hurts a class's disk.
 */
import type { LearnerDb } from './db';
import { MAX_DRAFT_BYTES } from './drafts';

export const MAX_DRAFTS_PER_LEARNER = 200;
export const MAX_DRAFT_BYTES_PER_LEARNER = 8 * 1024 * 1024;

export class DraftQuotaError extends Error {
  constructor(readonly reason: 'count' | 'bytes', message: string) {
    super(message);
    this.name = 'DraftQuotaError';
  }
}

/** Throws DraftQuotaError when saving this draft (new, or replacing the same lesson and tab) would pass a bound. */
export function assertDraftFits(db: LearnerDb, learnerId: string, lesson: string, tab: string, content: string): void {
  const bytes = Buffer.byteLength(content);
  const others = db
    .prepare<[string, string, string], { n: number; bytes: number | null }>(
      'SELECT COUNT(*) AS n, SUM(octet_length(content)) AS bytes FROM drafts WHERE learner_id = ? AND NOT (lesson = ? AND tab = ?)',
    )
    .get(learnerId, lesson, tab)!;
  if (others.n + 1 > MAX_DRAFTS_PER_LEARNER) {
    throw new DraftQuotaError('count', `you keep ${others.n} editor drafts, the most allowed; reset tabs you no longer need to their lesson's version ("Reset"), then save again`);
  }
  if ((others.bytes ?? 0) + bytes > MAX_DRAFT_BYTES_PER_LEARNER) {
    throw new DraftQuotaError('bytes', `your editor drafts would hold ${(others.bytes ?? 0) + bytes} bytes; all drafts of a learner are limited to ${MAX_DRAFT_BYTES_PER_LEARNER} bytes (each to ${MAX_DRAFT_BYTES}); reset tabs you no longer need, then save again`);
  }
}
