/**
 * Instructor sessions: the token link is exchanged for a random session id in an httpOnly
 * cookie. The data directory keeps each id's SHA-256, its expiry and a digest of the token it
 * was opened with (`instructor-sessions.json`, mode 0600, replaced atomically), so sessions
 * survive a restart, a copied file opens nothing, and a new token closes every older session.
 * Several sessions at once are fine (a laptop and a projector); the oldest go beyond MAX_SESSIONS.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { INSTRUCTOR_COOKIE_MAX_AGE } from './access';

export const INSTRUCTOR_SESSIONS_FILE = 'instructor-sessions.json';
export const MAX_SESSIONS = 50;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

interface StoredSession {
  /** SHA-256 of the session id, hex. */
  id: string;
  /** SHA-256 of the token it was opened with, hex. */
  token: string;
  expiresAt: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class InstructorSessions {
  private readonly file: string;

  constructor(dataDir: string, private readonly now: () => number = Date.now) {
    this.file = path.join(/*turbopackIgnore: true*/ dataDir, INSTRUCTOR_SESSIONS_FILE);
  }

  /** A new session for whoever presented `token` (the caller has checked it); returns the cookie's id. */
  open(token: string): string {
    const id = randomBytes(32).toString('base64url');
    const t = this.now();
    const kept = this.read().filter((s) => s.expiresAt > t);
    kept.push({ id: sha256(id), token: sha256(token), expiresAt: t + INSTRUCTOR_COOKIE_MAX_AGE * 1000 });
    this.write(kept.slice(-MAX_SESSIONS));
    return id;
  }

  /** Whether a cookie's session id is open, unexpired and was opened with the current token. */
  isOpen(sessionId: string | undefined | null, currentToken: string): boolean {
    return this.isOpenFor(sessionId, new Set([sha256(currentToken)]));
  }

  /** Whether a session is open and was opened with a token whose SHA-256 is still accepted (the token, or a minted link not revoked). */
  isOpenFor(sessionId: string | undefined | null, acceptedTokenDigests: ReadonlySet<string>): boolean {
    if (!sessionId || !SESSION_ID.test(sessionId)) return false;
    const id = sha256(sessionId);
    const t = this.now();
    return this.read().some((s) => s.id === id && acceptedTokenDigests.has(s.token) && s.expiresAt > t);
  }

  private read(): StoredSession[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    try {
      const list = JSON.parse(text) as unknown;
      return Array.isArray(list) ? list.filter((s): s is StoredSession => typeof s?.id === 'string' && typeof s?.token === 'string' && typeof s?.expiresAt === 'number') : [];
    } catch {
      // A damaged file closes every session: the instructor follows the link again.
      return [];
    }
  }

  private write(list: StoredSession[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = path.join(/*turbopackIgnore: true*/ path.dirname(this.file), `${INSTRUCTOR_SESSIONS_FILE}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(list), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
