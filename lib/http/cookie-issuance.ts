/**
 * The learner cookie is issued on the first page response, before the page's scripts can send
 * any write: every write of that page then carries the same cookie, so a first visit makes
 * exactly one learner however many writes race. Only HTML page loads get one (not the API,
 * Next's assets or the sandbox), and only when the request has no cookie this portal issued.
 */
import type { IncomingMessage } from 'node:http';
import type { LearnerDb } from '../learners/db';
import { issueLearnerCookieValue, learnerCookie, learnerOfCookieHeader } from '../learners/identity';
import { cookieIsSecure, type Env } from './secure-cookie';

const NOT_PAGES = ['/api/', '/_next/', '/k8s/'];

export function isPageLoad(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/k8s' || NOT_PAGES.some((p) => path.startsWith(p))) return false;
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

/** The Set-Cookie for a page load that needs a learner cookie, or undefined. */
export function learnerCookieForPage(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, key: Buffer, db: LearnerDb, env: Env): string | undefined {
  if (!isPageLoad(req)) return undefined;
  if (learnerOfCookieHeader(db, key, req.headers.cookie)) return undefined;
  const proto = req.headers['x-forwarded-proto'];
  return learnerCookie(issueLearnerCookieValue(key), cookieIsSecure(Array.isArray(proto) ? proto[0] : proto, env));
}
