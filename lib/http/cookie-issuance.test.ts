import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryLearnerDb } from '../learners/db';
import { issueLearnerCookieValue, learnerCookieKey, learnerFor, LEARNER_COOKIE, newLearnerSecret } from '../learners/identity';
import { isPageLoad, learnerCookieForPage } from './cookie-issuance';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-issue-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const key = learnerCookieKey(dir);
const html = { accept: 'text/html,application/xhtml+xml' };

describe('the learner cookie on a page load', () => {
  it('is for HTML page loads only', () => {
    expect(isPageLoad({ method: 'GET', url: '/learn/module-05/jobs?x=1', headers: html })).toBe(true);
    expect(isPageLoad({ method: 'HEAD', url: '/', headers: html })).toBe(true);
    for (const url of ['/api/progress', '/_next/static/a.js', '/k8s', '/k8s/c1/api']) expect(isPageLoad({ method: 'GET', url, headers: html }), url).toBe(false);
    expect(isPageLoad({ method: 'POST', url: '/', headers: html })).toBe(false);
    expect(isPageLoad({ method: 'GET', url: '/', headers: { accept: 'text/x-component' } })).toBe(false);
  });

  it('is issued when the browser has none of ours, and not when it has one, old format included', () => {
    const db = memoryLearnerDb();
    expect(learnerCookieForPage({ method: 'GET', url: '/', headers: html }, key, db, {})).toMatch(new RegExp(`^${LEARNER_COOKIE}=`));
    const issued = issueLearnerCookieValue(key);
    expect(learnerCookieForPage({ method: 'GET', url: '/', headers: { ...html, cookie: `${LEARNER_COOKIE}=${issued}` } }, key, db, {})).toBeUndefined();
    const stored = newLearnerSecret();
    learnerFor(db, stored);
    expect(learnerCookieForPage({ method: 'GET', url: '/', headers: { ...html, cookie: `${LEARNER_COOKIE}=${stored}` } }, key, db, {})).toBeUndefined();
    expect(learnerCookieForPage({ method: 'GET', url: '/', headers: { ...html, cookie: `${LEARNER_COOKIE}=${newLearnerSecret()}` } }, key, db, {})).toBeDefined();
  });

  it('is Secure behind a trusted TLS proxy', () => {
    const db = memoryLearnerDb();
    expect(learnerCookieForPage({ method: 'GET', url: '/', headers: { ...html, 'x-forwarded-proto': 'https' } }, key, db, { KUBELAB_TRUST_PROXY: '1' })).toMatch(/; Secure$/);
  });
});
