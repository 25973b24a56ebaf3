/**
 * Learner identity until class accounts exist: an httpOnly cookie the server issues on the first
 * page response, before any write can race. Its value is `<secret>.<signature>`: a random 256-bit
 * secret and its HMAC-SHA256 under the portal's cookie key (`<data dir>/cookie-secret`), so an
 * anonymous page view writes nothing; the learner row is created, idempotently, on the first
 * write. The database keeps only the secret's SHA-256 (the learner id), so a copied database
 * grants no access.
 *
 * Cookies issued before signing existed (a bare 43-character secret) stay valid only when their
 * learner row exists: a secret the server once stored. Anything else names nobody, and write
 * routes refuse it instead of minting a new learner.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LearnerDb } from './db';

export const LEARNER_COOKIE = 'kubelab_learner';
/** A year: the cookie is the learner's only key to their progress and cluster. */
export const LEARNER_COOKIE_MAX_AGE = 365 * 24 * 3600;
export const COOKIE_KEY_FILE = 'cookie-secret';

const SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const SIGNED_FORMAT = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;
/**
 * Learner cookie values longer than this are skipped unread (ours are 87 characters). The header
 * as a whole is bounded by Node's header limit; it may be long for honest reasons: cookies are
 * per host, not per port, so other apps on localhost add theirs.
 */
const MAX_COOKIE_VALUE = 256;

export class CookieKeyError extends Error {
  constructor(file: string, reason: string) {
    super(`learner cookie key ${file}: ${reason}`);
    this.name = 'CookieKeyError';
  }
}

export function learnerIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 32);
}

export function newLearnerSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The portal's key for signing learner cookies: KUBELAB_COOKIE_KEY when set (43 characters of
 * base64url, e.g. `openssl rand -base64 32 | tr '+/' '-_' | tr -d '='`), which every shard of a
 * sharded portal must share, since an ingress may send a learner to any of them (deploy/README.md).
 * Otherwise the key in the data directory, created on first start: written to a private
 * temporary file and linked into place, so two processes starting at once agree on one key
 * (the loser of the link reads the winner's) and nobody ever reads a half-written key.
 */
export function learnerCookieKey(dataDir: string, env: Record<string, string | undefined> = process.env): Buffer {
  const shared = env.KUBELAB_COOKIE_KEY?.trim();
  if (shared) {
    // The value is never echoed: it is a secret.
    if (!SECRET_FORMAT.test(shared)) throw new CookieKeyError('KUBELAB_COOKIE_KEY', `is not 43 characters of base64url (A-Za-z0-9_-), ${shared.length} characters given`);
    return Buffer.from(shared, 'base64url');
  }
  const file = path.join(/*turbopackIgnore: true*/ dataDir, COOKIE_KEY_FILE);
  const read = (): Buffer | undefined => {
    try {
      const text = fs.readFileSync(file, 'utf8').trim();
      if (!SECRET_FORMAT.test(text)) throw new CookieKeyError(file, 'is not 43 characters of base64url; delete it to have a new key made (every learner then gets a new cookie)');
      return Buffer.from(text, 'base64url');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const kept = read();
  if (kept) return kept;
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = path.join(/*turbopackIgnore: true*/ dataDir, `${COOKIE_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${newLearnerSecret()}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
  return read()!;
}

function signatureOf(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(secret).digest('base64url');
}

/** A new cookie value: a fresh secret and its signature. No database row is written. */
export function issueLearnerCookieValue(key: Buffer): string {
  const secret = newLearnerSecret();
  return `${secret}.${signatureOf(key, secret)}`;
}

export interface Learner {
  id: string;
  createdAt: string;
}

/** A cookie the server recognises: the learner it names, and whether their row exists yet. */
export interface VerifiedLearner {
  id: string;
  /** Signed by this portal (a row may not exist yet) or a stored legacy secret. */
  kind: 'signed' | 'stored';
}

function rowExists(db: LearnerDb, id: string): boolean {
  return db.prepare<[string], { one: number }>('SELECT 1 AS one FROM learners WHERE id = ?').get(id) !== undefined;
}

/**
 * The learner a cookie value names, or undefined when the value is not one this portal issued:
 * a signed value whose signature checks, or a secret (bare or signed under a key since replaced)
 * whose learner row exists. Never writes.
 */
export function verifyLearnerCookie(db: LearnerDb, key: Buffer, value: string | undefined): VerifiedLearner | undefined {
  if (!value) return undefined;
  const signed = SIGNED_FORMAT.exec(value);
  if (signed) {
    const [, secret, signature] = signed;
    const id = learnerIdOf(secret);
    const expected = Buffer.from(signatureOf(key, secret));
    if (timingSafeEqual(expected, Buffer.from(signature))) return { id, kind: 'signed' };
    // Signed under an older key (the key file was deleted): the stored row still proves it.
    return rowExists(db, id) ? { id, kind: 'stored' } : undefined;
  }
  if (!SECRET_FORMAT.test(value)) return undefined;
  const id = learnerIdOf(value);
  return rowExists(db, id) ? { id, kind: 'stored' } : undefined;
}

/** Every value of a cookie in a Cookie header, in the order the browser sent them (most specific path first). */
export function cookieValues(header: string | null | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const value = part.slice(i + 1).trim();
    if (part.slice(0, i).trim() === name && value.length <= MAX_COOKIE_VALUE) values.push(value);
  }
  return values;
}

/** The first learner cookie in a Cookie header that this portal issued. */
export function learnerOfCookieHeader(db: LearnerDb, key: Buffer, header: string | null | undefined): VerifiedLearner | undefined {
  for (const value of cookieValues(header, LEARNER_COOKIE)) {
    const learner = verifyLearnerCookie(db, key, value);
    if (learner) return learner;
  }
  return undefined;
}

/**
 * Records a verified learner: creates the row on their first write (idempotent, so two first
 * writes in flight with one cookie make one learner) and notes when they were last seen.
 */
/**
 * How stale last_seen_at may be before a request writes it again. Every request of a learner
 * passes here; writing each time made every page view and apply a durable commit (an fsync with
 * SQLite, a round trip with PostgreSQL) on the request's path, and a class of 100 waking at once
 * queued behind 100 fsyncs. The board's "active now" looks back 15 minutes, so a minute is plenty.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

interface SeenRow {
  created_at: string;
  last_seen_at: string;
}

function seenRow(db: LearnerDb, id: string): SeenRow | undefined {
  return db.prepare<[string], SeenRow>('SELECT created_at, last_seen_at FROM learners WHERE id = ?').get(id);
}

function seenRecently(row: SeenRow, now: Date): boolean {
  const age = now.getTime() - Date.parse(row.last_seen_at);
  return age >= 0 && age < LAST_SEEN_RESOLUTION_MS;
}

export function recordLearner(db: LearnerDb, id: string, now = new Date()): Learner {
  const seen = seenRow(db, id);
  if (seen && seenRecently(seen, now)) return { id, createdAt: seen.created_at };
  const iso = now.toISOString();
  // One statement (RETURNING): on PostgreSQL every write request saves a round trip.
  const row = db
    .prepare<[string, string, string], { created_at: string }>('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at RETURNING created_at')
    .get(id, iso, iso)!;
  return { id, createdAt: row.created_at };
}

/** A verified learner for a read: their row if it exists (last seen updated), never created. */
export function touchLearner(db: LearnerDb, id: string, now = new Date()): Learner | undefined {
  const seen = seenRow(db, id);
  if (!seen) return undefined;
  if (seenRecently(seen, now)) return { id, createdAt: seen.created_at };
  const row = db.prepare<[string, string], { created_at: string }>('UPDATE learners SET last_seen_at = ? WHERE id = ? RETURNING created_at').get(now.toISOString(), id);
  return row ? { id, createdAt: row.created_at } : undefined;
}

/**
 * Records the learner of a raw secret the caller made itself (tests, benches, seeding): the
 * portal's routes never call this with a cookie they have not verified.
 */
export function learnerFor(db: LearnerDb, secret: string | undefined, now = new Date()): Learner | undefined {
  if (!secret || !SECRET_FORMAT.test(secret)) return undefined;
  return recordLearner(db, learnerIdOf(secret), now);
}

/** Set-Cookie value for a learner cookie value. */
export function learnerCookie(value: string, secure: boolean): string {
  return `${LEARNER_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${LEARNER_COOKIE_MAX_AGE}${secure ? '; Secure' : ''}`;
}
