/**
 * The learner behind a progress or quiz request, found from the learner cookie like the lab
 * routes do, but without giving them a cluster: answering a question must not start a sandbox.
 * The cookie came with the page (lib/http/cookie-issuance.ts); a write without one is refused.
 */
import { portalContext } from '../portal/context';
import { RateLimitedError } from '../lab/errors';
import { readingLearner, writingLearner } from '../http/learner-request';
import type { LearnerDb } from '../learners/db';
import type { Learner } from '../learners/identity';

export interface ProgressRequest {
  db: LearnerDb;
  learner: Learner;
}

/** For reads: the cookie's learner, or undefined when they have not written anything yet (nothing to read). */
export function existingLearner(req: Request): { db: LearnerDb; learner?: Learner } {
  const { db } = portalContext();
  return { db, learner: readingLearner(req, db) };
}

/** For writes: the cookie's learner (recorded on their first write); 401 without an issued cookie; rate limited. */
export function requireLearner(req: Request): ProgressRequest {
  const ctx = portalContext();
  const learner = writingLearner(req, ctx.db);
  const wait = ctx.limiter.take(learner.id);
  if (wait > 0) throw new RateLimitedError(wait);
  return { db: ctx.db, learner };
}

