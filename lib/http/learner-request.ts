/**
 * The learner behind a route handler's request: the cookie must be one this portal issued
 * (lib/learners/identity.ts). Writes refuse a request without one (401 with a fresh-session
 * offer) and never mint a learner; the row is created on the learner's first write.
 */
import { NoLearnerError } from '../lab/errors';
import type { LearnerDb } from '../learners/db';
import { learnerOfCookieHeader, recordLearner, touchLearner, type Learner, type VerifiedLearner } from '../learners/identity';
import { portalContext } from '../portal/context';

/** The cookie key is the portal context's (server.ts read or created it at start) unless given. */
export function verifiedLearner(req: Request, db: LearnerDb, key = portalContext().cookieKey): VerifiedLearner | undefined {
  return learnerOfCookieHeader(db, key, req.headers.get('cookie'));
}

/** For writes: the cookie's learner, recorded (created on their first write); 401 without one. */
export function writingLearner(req: Request, db: LearnerDb, key = portalContext().cookieKey, now = new Date()): Learner {
  const verified = verifiedLearner(req, db, key);
  if (!verified) throw new NoLearnerError();
  return recordLearner(db, verified.id, now);
}

/** For reads: the cookie's learner if they have written anything yet; nothing is created. */
export function readingLearner(req: Request, db: LearnerDb, key = portalContext().cookieKey, now = new Date()): Learner | undefined {
  const verified = verifiedLearner(req, db, key);
  return verified ? touchLearner(db, verified.id, now) : undefined;
}
