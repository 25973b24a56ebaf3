/**
 * More than one instructor: an instructor mints a link for a colleague (a new random token,
 * shown once; the database keeps its SHA-256) and any instructor can revoke one. Instructor
 * sessions remember the digest of the token they were opened with (instructor-sessions.ts), so
 * revoking a link ends every session opened through it at their next request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LearnerDb } from '../learners/db';
import { DisplayNameError, normaliseDisplayName } from '../learners/display-name';
import { ClassInputError, UnknownInstructorLinkError } from './errors';

export const MAX_INSTRUCTOR_LINKS = 100;
const LINK_ID = /^[A-Za-z0-9_-]{12}$/;

export interface InstructorLink {
  id: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

export function mintInstructorLink(db: LearnerDb, labelInput: unknown, now = new Date()): { link: InstructorLink; token: string } {
  if (typeof labelInput !== 'string') throw new ClassInputError('label', 'expected who the link is for, as text');
  let label: string | undefined;
  try {
    label = normaliseDisplayName(labelInput);
  } catch (err) {
    if (err instanceof DisplayNameError) throw new ClassInputError('label', err.message.replace(/^display name/, 'label'));
    throw err;
  }
  if (!label) throw new ClassInputError('label', 'say who the link is for (e.g. "Grace, co-teacher")');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM instructor_links WHERE revoked_at IS NULL').get()!.n;
  if (count >= MAX_INSTRUCTOR_LINKS) throw new ClassInputError('label', `${MAX_INSTRUCTOR_LINKS} instructor links are open, the most allowed; revoke one first`);
  const token = randomBytes(24).toString('base64url');
  const id = randomBytes(9).toString('base64url');
  db.prepare('INSERT INTO instructor_links (id, token_sha256, label, created_at) VALUES (?, ?, ?, ?)').run(id, tokenDigest(token), label, now.toISOString());
  return { link: { id, label, createdAt: now.toISOString(), revokedAt: null }, token };
}

export function listInstructorLinks(db: LearnerDb): InstructorLink[] {
  return db
    .prepare<[], { id: string; label: string; created_at: string; revoked_at: string | null }>('SELECT id, label, created_at, revoked_at FROM instructor_links ORDER BY created_at DESC, id')
    .all()
    .map((r) => ({ id: r.id, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export function revokeInstructorLink(db: LearnerDb, id: unknown, now = new Date()): void {
  if (typeof id !== 'string' || !LINK_ID.test(id)) throw new UnknownInstructorLinkError(String(id));
  const changed = db.prepare('UPDATE instructor_links SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now.toISOString(), id).changes;
  if (!changed) throw new UnknownInstructorLinkError(id);
}

/** Digests of the minted tokens that still open the instructor view. */
export function activeLinkDigests(db: LearnerDb): Set<string> {
  return new Set(db.prepare<[], { token_sha256: string }>('SELECT token_sha256 FROM instructor_links WHERE revoked_at IS NULL').all().map((r) => r.token_sha256));
}
