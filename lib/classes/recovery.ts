/**
 * Recovery codes: a learner who switches devices types the code shown once on their progress
 * page (or read out by the instructor) and gets a learner cookie again. The database keeps only
 * HMAC-SHA256(cookie key, code), so a copied database opens nothing without the portal's key.
 *
 * The learner cookie names its learner by the SHA-256 of a secret the server never stored, so
 * a cookie for the old id cannot be made again. Recovery instead moves the learner to a fresh
 * secret: every row that references the learner is re-keyed to the new id in one transaction
 * (the tables are found from the schema's foreign keys, so tables added later move too), and the
 * code is spent. The old device's cookie then names nobody with progress.
 */
import { createHmac } from 'node:crypto';
import type { LearnerDb } from '../learners/db';
import { issueLearnerCookieValue, learnerIdOf } from '../learners/identity';
import { groupCode, normaliseCode, randomCode, RECOVERY_CODE_LENGTH } from './codes';
import { UnknownRecoveryCodeError } from './errors';

function codeHmac(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(`recovery:${code}`).digest('hex');
}

/** A new code for the learner (any older one stops working); shown once, as XXXX-XXXX-XXXX. */
export function issueRecoveryCode(db: LearnerDb, key: Buffer, learnerId: string, now = new Date()): string {
  const code = randomCode(RECOVERY_CODE_LENGTH);
  db.prepare('INSERT INTO recovery_codes (learner_id, code_hmac, created_at) VALUES (?, ?, ?) ON CONFLICT(learner_id) DO UPDATE SET code_hmac = excluded.code_hmac, created_at = excluded.created_at')
    .run(learnerId, codeHmac(key, code), now.toISOString());
  return groupCode(code);
}

export function hasRecoveryCode(db: LearnerDb, learnerId: string): boolean {
  return db.prepare<[string], { one: number }>('SELECT 1 AS one FROM recovery_codes WHERE learner_id = ?').get(learnerId) !== undefined;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Moves a learner to a new id: the row is copied under the new id, every referencing row
 * re-keyed, the old row deleted.
 */
export function rekeyLearner(db: LearnerDb, fromId: string, toId: string): void {
  const others = db.columnsOf('learners').filter((c) => c !== 'id');
  db.transaction(() => {
    db.prepare(`INSERT INTO learners (id${others.map((c) => `, ${quote(c)}`).join('')}) SELECT ?${others.map((c) => `, ${quote(c)}`).join('')} FROM learners WHERE id = ?`).run(toId, fromId);
    for (const ref of db.referencesTo('learners', 'id')) db.prepare(`UPDATE ${quote(ref.table)} SET ${quote(ref.column)} = ? WHERE ${quote(ref.column)} = ?`).run(toId, fromId);
    db.prepare('DELETE FROM learners WHERE id = ?').run(fromId);
  })();
}

/**
 * The learner a typed code belongs to, moved to a fresh cookie: returns the new cookie value
 * and ids. The code is spent; the learner sees a new one when they ask on their progress page.
 */
export function recoverLearner(db: LearnerDb, key: Buffer, input: unknown): { cookieValue: string; learnerId: string; previousId: string } {
  const code = normaliseCode(input, RECOVERY_CODE_LENGTH);
  const row = code ? db.prepare<[string], { learner_id: string }>('SELECT learner_id FROM recovery_codes WHERE code_hmac = ?').get(codeHmac(key, code)) : undefined;
  if (!row) throw new UnknownRecoveryCodeError();
  const cookieValue = issueLearnerCookieValue(key);
  const learnerId = learnerIdOf(cookieValue.split('.')[0]);
  db.transaction(() => {
    rekeyLearner(db, row.learner_id, learnerId);
    db.prepare('DELETE FROM recovery_codes WHERE learner_id = ?').run(learnerId);
  })();
  return { cookieValue, learnerId, previousId: row.learner_id };
}
