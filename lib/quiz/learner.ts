/**
 * The learner behind a progress or quiz request, found from the learner cookie like the lab
 * routes do, but without giving them a cluster: answering a question must not start a sandbox.
 */
import { labContext } from '../lab/context';
import { RateLimitedError } from '../lab/errors';
import { cookieValue } from '../lab/request';
import type { LearnerDb } from '../learners/db';
import { LEARNER_COOKIE, learnerCookie, learnerFor, newLearnerSecret, type Learner } from '../learners/identity';

export interface ProgressRequest {
  db: LearnerDb;
  learner: Learner;
  /** Set when this request created the learner: the route must send it back. */
  setCookie?: string;
}

/** For reads: the cookie's learner, or undefined when there is none yet (nothing to read). */
export function existingLearner(req: Request): { db: LearnerDb; learner?: Learner } {
  const { db } = labContext();
  return { db, learner: learnerFor(db, cookieValue(req, LEARNER_COOKIE)) };
}

/** For writes: the cookie's learner, created (with a cookie) on a first visit; rate limited. */
export function requireLearner(req: Request): ProgressRequest {
  const ctx = labContext();
  let learner = learnerFor(ctx.db, cookieValue(req, LEARNER_COOKIE));
  let setCookie: string | undefined;
  if (!learner) {
    const secret = newLearnerSecret();
    learner = learnerFor(ctx.db, secret)!;
    setCookie = learnerCookie(secret, new URL(req.url).protocol === 'https:');
  }
  const wait = ctx.limiter.take(learner.id);
  if (wait > 0) throw new RateLimitedError(wait);
  return { db: ctx.db, learner, setCookie };
}

export function cookieHeaders(r: { setCookie?: string }): Record<string, string> {
  return r.setCookie ? { 'set-cookie': r.setCookie } : {};
}
