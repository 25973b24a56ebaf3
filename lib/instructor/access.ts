/**
 * Who may see the class overview: whoever holds the instructor token. It comes from
 * KUBELAB_INSTRUCTOR_TOKEN, or else is generated once and kept in the data directory (mode
 * 0600); the server prints its link only when it makes it, and `npm run instructor-link` prints
 * it again. The entry route trades the token for a session: the cookie holds a random session
 * id, and the server keeps only that id's SHA-256 (instructor-sessions.ts), so the token never
 * sits in a browser's cookie jar.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const INSTRUCTOR_COOKIE = 'kubelab_instructor';
export const INSTRUCTOR_TOKEN_FILE = 'instructor-token';
/** A class day and then some: the instructor follows the link again after that. */
export const INSTRUCTOR_COOKIE_MAX_AGE = 7 * 24 * 3600;

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;

export class InstructorTokenError extends Error {
  constructor(source: string, reason: string) {
    super(`instructor token from ${source}: ${reason}`);
    this.name = 'InstructorTokenError';
  }
}

/** The configured token, or the one kept in `dataDir` (created on first use). */
export function instructorToken(dataDir: string, env: Record<string, string | undefined> = process.env): string {
  return ensureInstructorToken(dataDir, env).token;
}

/** The token and where it came from: `created` only on the start that made it (the one that prints its link). */
export function ensureInstructorToken(dataDir: string, env: Record<string, string | undefined> = process.env): { token: string; source: 'environment' | 'file' | 'created' } {
  const configured = env.KUBELAB_INSTRUCTOR_TOKEN;
  if (configured !== undefined && configured !== '') {
    if (!TOKEN_FORMAT.test(configured)) throw new InstructorTokenError('KUBELAB_INSTRUCTOR_TOKEN', 'must be 16 to 128 characters of A-Z, a-z, 0-9, - and _');
    return { token: configured, source: 'environment' };
  }
  const file = path.join(/*turbopackIgnore: true*/ dataDir, INSTRUCTOR_TOKEN_FILE);
  try {
    const kept = fs.readFileSync(file, 'utf8').trim();
    if (TOKEN_FORMAT.test(kept)) return { token: kept, source: 'file' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(24).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'created' };
}

/** Constant-time comparison (of digests, so lengths never leak either). */
export function tokenMatches(expected: string, candidate: string | undefined | null): boolean {
  if (!candidate) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}

/** Set-Cookie for an instructor session id (never the token itself). */
export function instructorCookie(sessionId: string, secure: boolean): string {
  return `${INSTRUCTOR_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${INSTRUCTOR_COOKIE_MAX_AGE}${secure ? '; Secure' : ''}`;
}

/** The link the server prints for the instructor. */
export function instructorLink(base: string, token: string): string {
  return `${base.replace(/\/$/, '')}/instructor/enter?token=${encodeURIComponent(token)}`;
}
