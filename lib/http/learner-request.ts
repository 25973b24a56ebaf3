/**
 * The learner behind a route handler's request: the cookie must be one this portal issued
 * (lib/learners/identity.ts). Writes refuse a request without one (401 with a fresh-session
 * offer) and never mint a learner; the row is created on the learner's first write.
 */
import path from 'node:path';
import { dataDirectory } from '../lab/context';
import { NoLearnerError } from '../lab/errors';
import type { LearnerDb } from '../learners/db';
import { learnerCookieKey, learnerOfCookieHeader, recordLearner, touchLearner, type Learner, type VerifiedLearner } from '../learners/identity';

const KEYS = Symbol.for('kubelab.learnerCookieKeys');

/** The cookie key of this process's data directory, read once (server.ts created it at start). */
export function portalCookieKey(dataDir = dataDirectory()): Buffer {
  const g = globalThis as Record<symbol, Map<string, Buffer> | undefined>;
  const keys = (g[KEYS] ??= new Map());
  const dir = path.resolve(dataDir);
  let key = keys.get(dir);
  if (!key) {
    key = learnerCookieKey(dir);
    keys.set(dir, key);
  }
  return key;
}

export function verifiedLearner(req: Request, db: LearnerDb, key = portalCookieKey()): VerifiedLearner | undefined {
  return learnerOfCookieHeader(db, key, req.headers.get('cookie'));
}

/** For writes: the cookie's learner, recorded (created on their first write); 401 without one. */
export function writingLearner(req: Request, db: LearnerDb, key = portalCookieKey(), now = new Date()): Learner {
  const verified = verifiedLearner(req, db, key);
  if (!verified) throw new NoLearnerError();
  return recordLearner(db, verified.id, now);
}

/** For reads: the cookie's learner if they have written anything yet; nothing is created. */
export function readingLearner(req: Request, db: LearnerDb, key = portalCookieKey(), now = new Date()): Learner | undefined {
  const verified = verifiedLearner(req, db, key);
  return verified ? touchLearner(db, verified.id, now) : undefined;
}
