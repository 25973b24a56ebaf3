/**
 * Hostile cases for who a learner is (issue 15, item 4) and the per-learner and per-address
 * limits on the portal's routes: forged, stale, oversized and duplicated cookies never become a
 * learner; a write without an issued cookie is refused (401) and creates nothing; a first visit
 * makes exactly one learner however its first writes race; the instructor's cookie is a session.
 * Every case also checks the portal still serves an honest learner afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { startRouteHarness, pageLoad, request, answered, count, type RouteHarness } from './route-harness';
import { quizzes } from '../../lib/quiz/load';
import type { Answer } from '../../lib/quiz/schema';
import { portalContext } from '../../lib/portal/context';
import { issueLearnerCookieValue, learnerFor, learnerIdOf, LEARNER_COOKIE, newLearnerSecret } from '../../lib/learners/identity';
import { saveDraft } from '../../lib/learners/drafts';
import { MAX_DRAFT_BYTES } from '../../lib/learners/drafts';
import { MAX_DRAFTS_PER_LEARNER } from '../../lib/learners/draft-quota';
import { MAX_IMPORT_ATTEMPTS } from '../../lib/learners/import-quota';
import { PROGRESS_FORMAT, PROGRESS_VERSION } from '../../lib/learners/progress';
import { INSTRUCTOR_COOKIE, instructorToken } from '../../lib/instructor/access';
import { isInstructorSession } from '../../lib/instructor/portal';
import * as quizAnswer from '../../app/api/quiz/answer/route';
import * as progress from '../../app/api/progress/route';
import * as progressName from '../../app/api/progress/name/route';
import * as progressImport from '../../app/api/progress/import/route';
import * as solution from '../../app/api/exercises/solution/route';
import * as labSession from '../../app/api/lab/session/route';
import * as labReset from '../../app/api/lab/reset/route';
import * as labApply from '../../app/api/lab/apply/route';
import * as drafts from '../../app/api/lab/drafts/route';
import * as instructorEnter from '../../app/instructor/enter/route';

// Small allowances, so the limit cases reach them in a few requests (read once, at first use).
process.env.KUBELAB_SESSIONS_PER_MINUTE = '3';
process.env.KUBELAB_IMPORTS_PER_HOUR = '2';

let harness: RouteHarness;
let addresses = 0;
/** A client address of its own per case, so one case's new clusters do not count against another's. */
const nextAddress = () => `198.51.100.${++addresses}`;

const [quiz] = quizzes().values();
const question = quiz.questions.find((q) => q.kind === 'single')!;
const answer: Answer = { kind: 'single', choice: (question as { options: { id: string }[] }).options[0].id };
const answerBody = { quiz: quiz.id, question: question.id, answer };
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-the-bench\ndata:\n  a: b\n';

beforeAll(async () => {
  harness = await startRouteHarness();
});
afterAll(async () => {
  await harness.close();
});

/** After a refusal the portal still serves an honest learner: a page load and a saved answer. */
async function portalStillServesALearner(): Promise<void> {
  const cookie = pageLoad()!;
  const r = await answered(await quizAnswer.POST(request('/api/quiz/answer', { cookie, body: answerBody })));
  expect(r.status).toBe(200);
}

const forgedSignature = () => {
  const [secret] = issueLearnerCookieValue(randomBytes(32)).split('.');
  return `${secret}.${createHmac('sha256', 'not-the-key').update(secret).digest('base64url')}`;
};

/** Every route that writes for a learner, called as the page would. */
const writes: Array<[string, (cookie: string | undefined, address: string) => Promise<Response>]> = [
  ['a quiz answer', (cookie, address) => quizAnswer.POST(request('/api/quiz/answer', { cookie, address, body: answerBody }))],
  ['marking a lesson read', (cookie, address) => progress.POST(request('/api/progress', { cookie, address, body: { lesson: 'jobs' } }))],
  ['choosing a display name', (cookie, address) => progressName.POST(request('/api/progress/name', { cookie, address, body: { name: 'Mallory' } }))],
  ['showing a solution', (cookie, address) => solution.POST(request('/api/exercises/solution', { cookie, address, body: { exercise: 'exercise-5-3-jobs', step: 'single-job' } }))],
  ['a progress import', (cookie, address) => progressImport.POST(request('/api/progress/import', { cookie, address, body: { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exportedAt: new Date().toISOString(), lessons: [], quizAttempts: [], exerciseSteps: [] } }))],
  ['opening the lab', (cookie, address) => labSession.POST(request('/api/lab/session', { cookie, address, body: {} }))],
  ['resetting the cluster', (cookie, address) => labReset.POST(request('/api/lab/reset', { cookie, address, body: {} }))],
  ['applying from the bench', (cookie, address) => labApply.POST(request('/api/lab/apply', { cookie, address, body: { yaml: CONFIGMAP } }))],
  ['saving a draft', (cookie, address) => drafts.PUT(request('/api/lab/drafts', { cookie, address, method: 'PUT', body: { lesson: 'jobs', tab: 'a.yaml', content: 'kind: Job' } }))],
];

/** A cookie header value that must be refused, and why it is not the portal's. */
const forgeries: Array<[string, () => string]> = [
  ['no cookie at all', () => ''],
  ['an empty learner cookie', () => `${LEARNER_COOKIE}=`],
  ['a signature made with another key', () => `${LEARNER_COOKIE}=${forgedSignature()}`],
  ['an issued secret with its signature cut short', () => `${LEARNER_COOKIE}=${pageLoad()!.split('=')[1].slice(0, -1)}`],
  ['an old-format secret the server never stored', () => `${LEARNER_COOKIE}=${newLearnerSecret()}`],
  // Browsers send cookie bytes as UTF-8; Node hands them over one character per byte.
  ['unicode and control characters', () => `${LEARNER_COOKIE}=${Buffer.from(`ünïcødé\u0007${'☃'.repeat(30)}`).toString('latin1')}`],
  ['a 16 KB cookie header', () => `${LEARNER_COOKIE}=${'A'.repeat(16 * 1024)}`],
  ['the value repeated with junk between', () => `${LEARNER_COOKIE}=${'x'.repeat(43)}.${'y'.repeat(43)}; ${LEARNER_COOKIE}=;;;=;${LEARNER_COOKIE}`],
];

describe('a write without a cookie the portal issued', () => {
  it.each(writes)('is refused with 401 and a reload offer, and creates no learner or cluster: %s', async (_what, write) => {
    const [learners, clusters] = [count('learners'), harness.host.listClusters().length];
    const r = await answered(await write(undefined, nextAddress()));
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('NoLearner');
    expect(r.body.message).toMatch(/reload the page to start a new one/);
    expect(r.setCookie).toBeNull();
    expect([count('learners'), harness.host.listClusters().length]).toEqual([learners, clusters]);
    await portalStillServesALearner();
  });

  it.each(forgeries)('is refused when the cookie is %s, and nobody is created', async (_what, forge) => {
    const cookie = forge();
    const before = count('learners');
    for (const [, write] of [writes[0], writes[5]]) {
      const r = await answered(await write(cookie, nextAddress()));
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('NoLearner');
    }
    expect(count('learners')).toBe(before);
    await portalStillServesALearner();
  });

  it('is refused when the cookie names another learner by their id, and that learner is untouched', async () => {
    const victim = pageLoad()!;
    expect((await quizAnswer.POST(request('/api/quiz/answer', { cookie: victim, body: answerBody }))).status).toBe(200);
    const victimId = learnerIdOf(victim.split('=')[1].split('.')[0]);
    const attempts = () => (portalContext().db.prepare('SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ?').get(victimId) as { n: number }).n;
    const before = attempts();
    // Their id, their id padded to a secret's length, and their signature on someone else's secret.
    for (const value of [victimId, `${victimId}${victimId.slice(0, 11)}`, `${newLearnerSecret()}.${victim.split('.')[1]}`]) {
      const r = await answered(await quizAnswer.POST(request('/api/quiz/answer', { cookie: `${LEARNER_COOKIE}=${value}`, body: answerBody })));
      expect(r.status).toBe(401);
    }
    expect(attempts()).toBe(before);
  });
});

describe('a cookie the portal issued', () => {
  it('comes with the first page load and writes nothing until the learner writes', () => {
    const before = count('learners');
    const cookie = pageLoad()!;
    expect(cookie).toMatch(new RegExp(`^${LEARNER_COOKIE}=[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}$`));
    expect(count('learners')).toBe(before);
    expect(pageLoad(cookie)).toBeUndefined();
    expect(pageLoad(`${LEARNER_COOKIE}=${forgedSignature()}`)).toMatch(new RegExp(`^${LEARNER_COOKIE}=`));
  });

  it('reads nothing and creates nothing when the learner has not written yet', async () => {
    const before = count('learners');
    const cookie = pageLoad()!;
    const r = await answered(await progress.GET(request(`/api/progress?quiz=${quiz.id}`, { cookie })));
    expect(r.status).toBe(200);
    expect((r.body.quiz as { answers: object }).answers).toEqual({});
    expect((await progress.GET(request('/api/progress'))).status).toBe(200);
    expect(count('learners')).toBe(before);
  });

  it('of the old format stays valid for a learner the server stored', async () => {
    const secret = newLearnerSecret();
    const { id } = learnerFor(portalContext().db, secret)!;
    const before = count('learners');
    const r = await answered(await quizAnswer.POST(request('/api/quiz/answer', { cookie: `${LEARNER_COOKIE}=${secret}`, body: answerBody })));
    expect(r.status).toBe(200);
    expect(count('learners')).toBe(before);
    expect(portalContext().db.prepare('SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ?').get(id)).toEqual({ n: 1 });
    expect(pageLoad(`${LEARNER_COOKIE}=${secret}`)).toBeUndefined();
  });

  it('sent twice with a forgery first still names its own learner, and two issued ones name the first', async () => {
    const mine = pageLoad()!;
    const other = pageLoad()!;
    const before = count('learners');
    const r = await answered(await quizAnswer.POST(request('/api/quiz/answer', { cookie: `${LEARNER_COOKIE}=${forgedSignature()}; ${mine}; ${other}`, body: answerBody })));
    expect(r.status).toBe(200);
    expect(count('learners')).toBe(before + 1);
    const myId = learnerIdOf(mine.split('=')[1].split('.')[0]);
    expect(portalContext().db.prepare('SELECT COUNT(*) AS n FROM learners WHERE id = ?').get(myId)).toEqual({ n: 1 });
  });

  it('makes exactly one learner when the first writes of a page race each other', async () => {
    const cookie = pageLoad()!;
    const before = count('learners');
    const address = nextAddress();
    const results = await Promise.all([
      quizAnswer.POST(request('/api/quiz/answer', { cookie, address, body: answerBody })),
      labSession.POST(request('/api/lab/session', { cookie, address, body: {} })),
      progress.POST(request('/api/progress', { cookie, address, body: { lesson: 'daemonsets' } })),
      drafts.PUT(request('/api/lab/drafts', { cookie, address, method: 'PUT', body: { lesson: 'daemonsets', tab: 'ds.yaml', content: 'kind: DaemonSet' } })),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.every((r) => r.headers.get('set-cookie') === null)).toBe(true);
    expect(count('learners')).toBe(before + 1);
  });

  it('keeps a quiz answered and Apply pressed within the first second with one learner, and the answer is there after a reload', async () => {
    // Seen before: the answer went to one learner, the cluster to another, and a reload lost the answer.
    const cookie = pageLoad()!;
    const address = nextAddress();
    const [answerRes, applyRes] = await Promise.all([
      quizAnswer.POST(request('/api/quiz/answer', { cookie, address, body: answerBody })),
      labApply.POST(request('/api/lab/apply', { cookie, address, body: { yaml: CONFIGMAP } })),
    ]);
    expect([answerRes.status, applyRes.status]).toEqual([200, 200]);
    const id = learnerIdOf(cookie.split('=')[1].split('.')[0]);
    const db = portalContext().db;
    expect(db.prepare('SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ?').get(id)).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM learner_clusters WHERE learner_id = ?').get(id)).toEqual({ n: 1 });
    expect(pageLoad(cookie)).toBeUndefined();
    const reloaded = await answered(await progress.GET(request(`/api/progress?quiz=${quiz.id}`, { cookie })));
    expect(Object.keys((reloaded.body.quiz as { answers: object }).answers)).toEqual([question.id]);
  });
});

describe('the instructor', () => {
  it('gets a cookie holding a session id, never the token, and the token as a cookie opens nothing', async () => {
    const token = instructorToken(harness.dataDir);
    const res = await instructorEnter.GET(request(`/instructor/enter?token=${token}`));
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).not.toContain(token);
    const session = setCookie.split(';')[0].split('=')[1];
    expect(setCookie.startsWith(`${INSTRUCTOR_COOKIE}=`)).toBe(true);
    expect(isInstructorSession(session)).toBe(true);
    expect(isInstructorSession(token)).toBe(false);
    expect(isInstructorSession('A'.repeat(43))).toBe(false);
    expect(isInstructorSession(`${session}; ${INSTRUCTOR_COOKIE}=x`)).toBe(false);
  });

  it('link with a wrong, empty or oversized token is refused without a cookie', async () => {
    for (const t of ['not-the-token-at-all', '', 'x'.repeat(10_000), '%00']) {
      const res = await instructorEnter.GET(request(`/instructor/enter?token=${t}`));
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });
});

describe('the per-host limits', () => {
  it('answer a flood of new clusters from one address with 429 and Retry-After, while other addresses and existing learners carry on', async () => {
    const address = nextAddress();
    const settled: string[] = [];
    for (let i = 0; i < 3; i++) {
      const cookie = pageLoad()!;
      expect((await labSession.POST(request('/api/lab/session', { cookie, address, body: {} }))).status).toBe(200);
      settled.push(cookie);
    }
    const clusters = harness.host.listClusters().length;
    const refused = await answered(await labSession.POST(request('/api/lab/session', { cookie: pageLoad()!, address, body: {} })));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('TooManyNewSessions');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/KUBELAB_SESSIONS_PER_MINUTE/);
    // The same refusal on a route that would make the cluster on the way (apply without opening the lab first).
    expect((await labApply.POST(request('/api/lab/apply', { cookie: pageLoad()!, address, body: { yaml: CONFIGMAP } }))).status).toBe(429);
    expect(harness.host.listClusters().length).toBe(clusters);
    expect((await labSession.POST(request('/api/lab/session', { cookie: settled[0], address, body: {} }))).status).toBe(200);
    expect((await labSession.POST(request('/api/lab/session', { cookie: pageLoad()!, address: nextAddress(), body: {} }))).status).toBe(200);
  });

  it('answer a fourth cluster reset within a minute with 429 and Retry-After, and the cluster keeps working', async () => {
    const cookie = pageLoad()!;
    const address = nextAddress();
    for (let i = 0; i < 3; i++) expect((await labReset.POST(request('/api/lab/reset', { cookie, address, body: {} }))).status).toBe(200);
    const refused = await answered(await labReset.POST(request('/api/lab/reset', { cookie, address, body: {} })));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('TooManyResets');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await labApply.POST(request('/api/lab/apply', { cookie, address, body: { yaml: CONFIGMAP } }))).status).toBe(200);
  });

  it('refuse a draft beyond the count a learner may keep (403) and beyond their bytes (413), and existing drafts still save', async () => {
    const cookie = pageLoad()!;
    const address = nextAddress();
    const put = (tab: string, content: string) => drafts.PUT(request('/api/lab/drafts', { cookie, address, method: 'PUT', body: { lesson: 'jobs', tab, content } }));
    expect((await put('first.yaml', 'kind: Job')).status).toBe(200);
    const id = learnerIdOf(cookie.split('=')[1].split('.')[0]);
    for (let i = 1; i < MAX_DRAFTS_PER_LEARNER; i++) saveDraft(portalContext().db, id, 'jobs', `t${i}.yaml`, 'x');
    const overCount = await answered(await put('one-too-many.yaml', 'x'));
    expect([overCount.status, overCount.body.error]).toEqual([403, 'DraftQuota']);
    portalContext().db.prepare('DELETE FROM drafts WHERE learner_id = ? AND tab != ?').run(id, 'first.yaml');
    const big = 'k'.repeat(MAX_DRAFT_BYTES - 10);
    let status = 200;
    for (let i = 0; status === 200 && i < 40; i++) status = (await put(`big-${i}.yaml`, big)).status;
    expect(status).toBe(413);
    expect((await put('first.yaml', 'kind: Job # still mine')).status).toBe(200);
  });

  it('refuse an import file larger than one import takes (413) and a third import within the hour (429)', async () => {
    const cookie = pageLoad()!;
    const file = (attempts: number) => ({
      format: PROGRESS_FORMAT,
      version: PROGRESS_VERSION,
      exportedAt: new Date().toISOString(),
      lessons: [],
      quizAttempts: Array.from({ length: attempts }, (_, i) => ({ ...answerBody, answeredAt: new Date(1_750_000_000_000 + i).toISOString() })),
      exerciseSteps: [],
    });
    const huge = await answered(await progressImport.POST(request('/api/progress/import', { cookie, body: file(MAX_IMPORT_ATTEMPTS + 1) })));
    expect([huge.status, huge.body.error]).toEqual([413, 'ImportTooLarge']);
    expect((await progressImport.POST(request('/api/progress/import', { cookie, body: file(2) }))).status).toBe(200);
    const third = await answered(await progressImport.POST(request('/api/progress/import', { cookie, body: file(2) })));
    expect([third.status, third.body.error]).toEqual([429, 'TooManyImports']);
    expect(Number(third.retryAfter)).toBeGreaterThan(0);
    await portalStillServesALearner();
  });
});
