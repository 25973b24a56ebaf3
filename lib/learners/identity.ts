/**
 * Learner identity until class accounts exist: an httpOnly cookie holding a random 256-bit
 * secret. The database keeps only its SHA-256, so a copied database grants no access.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LearnerDb } from './db';

export const LEARNER_COOKIE = 'kubelab_learner';
/** A year: the cookie is the learner's only key to their progress and cluster. */
export const LEARNER_COOKIE_MAX_AGE = 365 * 24 * 3600;

const SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function learnerIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 32);
}

export function newLearnerSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface Learner {
  id: string;
  createdAt: string;
}

/** The learner a cookie names, creating the record on first sight; undefined for a malformed cookie. */
export function learnerFor(db: LearnerDb, secret: string | undefined, now = new Date()): Learner | undefined {
  if (!secret || !SECRET_FORMAT.test(secret)) return undefined;
  const id = learnerIdOf(secret);
  const iso = now.toISOString();
  db.prepare('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at').run(id, iso, iso);
  const row = db.prepare<[string], { created_at: string }>('SELECT created_at FROM learners WHERE id = ?').get(id)!;
  return { id, createdAt: row.created_at };
}

/** Set-Cookie value for a learner secret. */
export function learnerCookie(secret: string, secure: boolean): string {
  return `${LEARNER_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${LEARNER_COOKIE_MAX_AGE}${secure ? '; Secure' : ''}`;
}
