/**
 * Hostile cases for classes and the live class board (issue 16): instructor routes without a
 * live instructor session (missing, forged, expired, revoked, a learner's cookie, cross-origin
 * writes), join and recovery codes guessed in bulk, overlong and hostile names and hints, CSV
 * injection in the export, and an instructor reaching a learner outside the class they named.
 * Every case also checks that the portal still serves an instructor and a learner afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { startRouteHarness, pageLoad, request, answered, type RouteHarness } from './route-harness';
import { portalContext } from '../../lib/portal/context';
import { learnerIdOf } from '../../lib/learners/identity';
import { INSTRUCTOR_COOKIE, instructorToken } from '../../lib/instructor/access';
import { InstructorSessions, INSTRUCTOR_SESSIONS_FILE } from '../../lib/instructor/instructor-sessions';
import { openInstructorSession } from '../../lib/instructor/portal';
import { MAX_HINT_CHARS, MAX_NOTICES_PER_LEARNER, unseenNotices } from '../../lib/classes/notices';
import { NoticeText } from '../../components/lab/NoticeText';
import * as classes from '../../app/api/instructor/classes/route';
import * as board from '../../app/api/instructor/classes/[id]/board/route';
import * as exportCsv from '../../app/api/instructor/classes/[id]/export/route';
import * as reset from '../../app/api/instructor/learners/reset/route';
import * as hint from '../../app/api/instructor/learners/hint/route';
import * as recoveryForLearner from '../../app/api/instructor/learners/recovery/route';
import * as inspectStream from '../../app/api/instructor/inspect/stream/route';
import * as inspectLogs from '../../app/api/instructor/inspect/logs/route';
import * as links from '../../app/api/instructor/links/route';
import * as revoke from '../../app/api/instructor/links/revoke/route';
import * as join from '../../app/api/classes/join/route';
import * as myRecovery from '../../app/api/progress/recovery/route';
import * as recover from '../../app/api/progress/recover/route';
import * as notices from '../../app/api/lab/notices/route';
import * as labSession from '../../app/api/lab/session/route';
import * as progress from '../../app/api/progress/route';
import * as instructorEnter from '../../app/instructor/enter/route';

let harness: RouteHarness;
let addresses = 0;
const nextAddress = () => `203.0.113.${++addresses}`;
let teacher: string;

beforeAll(async () => {
  harness = await startRouteHarness();
  instructorToken(harness.dataDir);
  teacher = `${INSTRUCTOR_COOKIE}=${openInstructorSession()}`;
});
afterAll(async () => {
  await harness.close();
});

const idOf = (cookie: string) => learnerIdOf(cookie.split('=')[1].split('.')[0]);

async function newClass(name = `Class ${randomBytes(3).toString('hex')}`): Promise<{ id: string; code: string; name: string }> {
  const r = await answered(await classes.POST(request('/api/instructor/classes', { cookie: teacher, body: { name } })));
  expect(r.status).toBe(201);
  return r.body.class as { id: string; code: string; name: string };
}

/** A learner who loaded a page and joined the class: their cookie and id. */
async function member(klass: { code: string }, name = 'Ada'): Promise<{ cookie: string; id: string }> {
  const cookie = pageLoad()!;
  const r = await answered(await join.POST(request('/api/classes/join', { cookie, address: nextAddress(), body: { code: klass.code, name } })));
  expect(r.status).toBe(200);
  return { cookie, id: idOf(cookie) };
}

/** After a refusal: the instructor still lists classes and a learner still marks a lesson read. */
async function portalStillServes(): Promise<void> {
  expect((await classes.GET(request('/api/instructor/classes', { cookie: teacher }))).status).toBe(200);
  const cookie = pageLoad()!;
  expect((await progress.POST(request('/api/progress', { cookie, body: { lesson: 'jobs' } }))).status).toBe(200);
}

const aClassId = () => 'aaaaaaaaaaaa';
/** Every instructor route, called with a given Cookie header. */
const instructorCalls: Array<[string, (cookie: string | undefined) => Promise<Response>]> = [
  ['listing classes', (cookie) => classes.GET(request('/api/instructor/classes', { cookie }))],
  ['creating a class', (cookie) => classes.POST(request('/api/instructor/classes', { cookie, body: { name: 'Mallory 101' } }))],
  ['the live board', (cookie) => board.GET(request(`/api/instructor/classes/${aClassId()}/board`, { cookie }), { params: Promise.resolve({ id: aClassId() }) })],
  ['the CSV export', (cookie) => exportCsv.GET(request(`/api/instructor/classes/${aClassId()}/export`, { cookie }), { params: Promise.resolve({ id: aClassId() }) })],
  ['resetting a learner', (cookie) => reset.POST(request('/api/instructor/learners/reset', { cookie, body: { class: aClassId(), learner: '0'.repeat(32) } }))],
  ['sending a hint', (cookie) => hint.POST(request('/api/instructor/learners/hint', { cookie, body: { class: aClassId(), learner: '0'.repeat(32), text: 'hi' } }))],
  ["a learner's recovery code", (cookie) => recoveryForLearner.POST(request('/api/instructor/learners/recovery', { cookie, body: { class: aClassId(), learner: '0'.repeat(32) } }))],
  ['inspecting a cluster', (cookie) => inspectStream.GET(request(`/api/instructor/inspect/stream?class=${aClassId()}&learner=${'0'.repeat(32)}`, { cookie }))],
  ["reading a learner's logs", (cookie) => inspectLogs.GET(request(`/api/instructor/inspect/logs?class=${aClassId()}&learner=${'0'.repeat(32)}&pod=x`, { cookie }))],
  ['listing instructor links', (cookie) => links.GET(request('/api/instructor/links', { cookie }))],
  ['minting an instructor link', (cookie) => links.POST(request('/api/instructor/links', { cookie, body: { label: 'Mallory' } }))],
  ['revoking an instructor link', (cookie) => revoke.POST(request('/api/instructor/links/revoke', { cookie, body: { id: 'abcdefghijkl' } }))],
];

describe('instructor routes without a live instructor session', () => {
  it.each(instructorCalls)('%s without any cookie is refused with 401 and a way in', async (_name, call) => {
    const r = await answered(await call(undefined));
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('NotInstructor');
    expect(r.body.message).toMatch(/instructor link/);
    await portalStillServes();
  });

  it.each(instructorCalls)("%s with a learner's cookie is refused with 401", async (_name, call) => {
    const learner = pageLoad()!;
    expect((await call(learner)).status).toBe(401);
    await portalStillServes();
  });

  it('a forged instructor session id (well formed, never issued) is refused', async () => {
    const forged = `${INSTRUCTOR_COOKIE}=${randomBytes(32).toString('base64url')}`;
    for (const [, call] of instructorCalls) expect((await call(forged)).status).toBe(401);
    await portalStillServes();
  });

  it('the instructor token itself in the cookie (instead of a session id) is refused', async () => {
    const r = await classes.GET(request('/api/instructor/classes', { cookie: `${INSTRUCTOR_COOKIE}=${instructorToken(harness.dataDir)}` }));
    expect(r.status).toBe(401);
    await portalStillServes();
  });

  it('an expired instructor session is refused', async () => {
    const eightDaysAgo = Date.now() - 8 * 24 * 3600 * 1000;
    const old = new InstructorSessions(harness.dataDir, () => eightDaysAgo).open(instructorToken(harness.dataDir));
    expect((await classes.GET(request('/api/instructor/classes', { cookie: `${INSTRUCTOR_COOKIE}=${old}` }))).status).toBe(401);
    await portalStillServes();
  });

  it('an instructor write from another origin is refused with 403 even with a live session', async () => {
    const r = await answered(await classes.POST(request('/api/instructor/classes', { cookie: teacher, body: { name: 'CSRF 101' }, headers: { origin: 'https://evil.example' } })));
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('CrossOrigin');
    const listed = await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })));
    expect((listed.body.classes as { name: string }[]).some((c) => c.name === 'CSRF 101')).toBe(false);
    await portalStillServes();
  });

  it('a revoked instructor link ends the sessions opened with it, and only those', async () => {
    const minted = await answered(await links.POST(request('/api/instructor/links', { cookie: teacher, body: { label: 'Grace, co-teacher' } })));
    expect(minted.status).toBe(201);
    const token = new URL(minted.body.url as string).searchParams.get('token')!;
    const entered = await instructorEnter.GET(request(`/instructor/enter?token=${token}`));
    expect(entered.status).toBe(303);
    const colleague = entered.headers.get('set-cookie')!.split(';')[0];
    expect((await classes.GET(request('/api/instructor/classes', { cookie: colleague }))).status).toBe(200);
    const revoked = await answered(await revoke.POST(request('/api/instructor/links/revoke', { cookie: teacher, body: { id: (minted.body.link as { id: string }).id } })));
    expect(revoked.status).toBe(200);
    expect((await classes.GET(request('/api/instructor/classes', { cookie: colleague }))).status).toBe(401);
    expect((await instructorEnter.GET(request(`/instructor/enter?token=${token}`))).status).toBe(403);
    await portalStillServes();
  });

  it('a damaged sessions file closes sessions instead of crashing the routes', async () => {
    const file = path.join(harness.dataDir, INSTRUCTOR_SESSIONS_FILE);
    const kept = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '{"not": "a list"');
    expect((await classes.GET(request('/api/instructor/classes', { cookie: teacher }))).status).toBe(401);
    fs.writeFileSync(file, kept);
    await portalStillServes();
  });
});

describe('class names and join codes', () => {
  it('an overlong class name is refused with 400 and nothing is created', async () => {
    const before = (await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })))).body.classes as unknown[];
    const r = await answered(await classes.POST(request('/api/instructor/classes', { cookie: teacher, body: { name: 'x'.repeat(61) } })));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/at most 60 characters/);
    const after = (await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })))).body.classes as unknown[];
    expect(after.length).toBe(before.length);
    await portalStillServes();
  });

  it('dates that are not dates, or an end before the start, are refused', async () => {
    for (const body of [{ name: 'A', startsOn: '2026-13-45' }, { name: 'A', startsOn: "2026-01-01'; DROP TABLE classes;--" }, { name: 'A', startsOn: '2026-02-01', endsOn: '2026-01-01' }, { name: ['A'] }]) {
      expect((await classes.POST(request('/api/instructor/classes', { cookie: teacher, body }))).status).toBe(400);
    }
    await portalStillServes();
  });

  it('a join without a learner cookie is refused with 401 and joins nobody', async () => {
    const klass = await newClass();
    const r = await answered(await join.POST(request('/api/classes/join', { address: nextAddress(), body: { code: klass.code, name: 'Eve' } })));
    expect(r.status).toBe(401);
    const listed = (await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })))).body.classes as { id: string; members: number }[];
    expect(listed.find((c) => c.id === klass.id)!.members).toBe(0);
    await portalStillServes();
  });

  it('join code guessing from one address stops after 20 wrong codes with 429 and Retry-After, while another address still joins', async () => {
    const klass = await newClass();
    const address = nextAddress();
    const cookie = pageLoad()!;
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const guess = `${'ACDEFG'.slice(0, 5)}${'HJKMNPQRTWXY'[i % 12]}`;
      if (guess === klass.code) continue;
      statuses.push((await join.POST(request('/api/classes/join', { cookie, address, body: { code: guess, name: 'Bruteforce' } }))).status);
    }
    expect(statuses.filter((s) => s === 404).length).toBe(20);
    const limited = await answered(await join.POST(request('/api/classes/join', { cookie, address, body: { code: klass.code, name: 'Bruteforce' } })));
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('TooManyCodeGuesses');
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    await member(klass, 'Honest');
    await portalStillServes();
  });

  it('codes that cannot be codes (too long, wrong alphabet, not text) are refused as unknown, and a body past 1 KiB with 413', async () => {
    const cookie = pageLoad()!;
    const huge = await answered(await join.POST(request('/api/classes/join', { cookie, address: nextAddress(), body: { code: 'A'.repeat(10_000), name: 'Eve' } })));
    expect(huge.status).toBe(413);
    for (const code of ['A'.repeat(500), "' OR 1=1 --", { $ne: null }, 123456, 'O0I1L5']) {
      const r = await answered(await join.POST(request('/api/classes/join', { cookie, address: nextAddress(), body: { code, name: 'Eve' } })));
      expect(r.status).toBe(404);
      expect(r.body.error).toBe('UnknownJoinCode');
    }
    await portalStillServes();
  });

  it('an overlong or control-character display name at join is refused and the learner stays outside', async () => {
    const klass = await newClass();
    const cookie = pageLoad()!;
    for (const name of ['x'.repeat(61), 'Ada\u202eevil', 'Ada\u0000', '   ']) {
      const r = await answered(await join.POST(request('/api/classes/join', { cookie, address: nextAddress(), body: { code: klass.code, name } })));
      expect(r.status).toBe(400);
    }
    const listed = (await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })))).body.classes as { id: string; members: number }[];
    expect(listed.find((c) => c.id === klass.id)!.members).toBe(0);
    await portalStillServes();
  });

  it('joining another class moves the learner: they are in one class at a time', async () => {
    const a = await newClass();
    const b = await newClass();
    const ada = await member(a);
    await answered(await join.POST(request('/api/classes/join', { cookie: ada.cookie, address: nextAddress(), body: { code: b.code, name: 'Ada' } })));
    const listed = (await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })))).body.classes as { id: string; members: number }[];
    expect(listed.find((c) => c.id === a.id)!.members).toBe(0);
    expect(listed.find((c) => c.id === b.id)!.members).toBe(1);
    await portalStillServes();
  });

  it('with KUBELAB_REQUIRE_CLASS=1 a visitor without a class gets 403 saying how to join, and a member gets a cluster', async () => {
    process.env.KUBELAB_REQUIRE_CLASS = '1';
    try {
      const outsider = pageLoad()!;
      const r = await answered(await labSession.POST(request('/api/lab/session', { cookie: outsider, address: nextAddress(), body: {} })));
      expect(r.status).toBe(403);
      expect(r.body.error).toBe('ClassRequired');
      expect(r.body.message).toMatch(/join link/);
      const klass = await newClass();
      const ada = await member(klass);
      expect((await labSession.POST(request('/api/lab/session', { cookie: ada.cookie, address: nextAddress(), body: {} }))).status).toBe(200);
    } finally {
      delete process.env.KUBELAB_REQUIRE_CLASS;
    }
    await portalStillServes();
  });
});

describe('recovery codes', () => {
  it('a recovery code brings a learner back on a new device (new cookie, same progress) and is spent', async () => {
    const klass = await newClass();
    const ada = await member(klass);
    await progress.POST(request('/api/progress', { cookie: ada.cookie, body: { lesson: 'jobs' } }));
    const issued = await answered(await myRecovery.POST(request('/api/progress/recovery', { cookie: ada.cookie, body: {} })));
    expect(issued.body.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const address = nextAddress();
    const back = await answered(await recover.POST(request('/api/progress/recover', { address, body: { code: (issued.body.code as string).toLowerCase() } })));
    expect(back.status).toBe(200);
    const cookie = back.setCookie!.split(';')[0];
    const mine = await answered(await progress.GET(request('/api/progress', { cookie })));
    expect((mine.body.progress as { lessons: unknown[] }).lessons.length).toBe(1);
    const listed = (await answered(await classes.GET(request('/api/instructor/classes', { cookie: teacher })))).body.classes as { id: string; members: number }[];
    expect(listed.find((c) => c.id === klass.id)!.members).toBe(1);
    const again = await answered(await recover.POST(request('/api/progress/recover', { address: nextAddress(), body: { code: issued.body.code } })));
    expect(again.status).toBe(404);
    await portalStillServes();
  });

  it('the database keeps no recovery code, only its HMAC', async () => {
    const cookie = pageLoad()!;
    const issued = await answered(await myRecovery.POST(request('/api/progress/recovery', { cookie, body: {} })));
    const plain = (issued.body.code as string).replace(/-/g, '');
    const rows = portalContext().db.prepare('SELECT * FROM recovery_codes').all() as Record<string, string>[];
    expect(JSON.stringify(rows)).not.toContain(plain);
    expect(rows.some((r) => r.learner_id === idOf(cookie))).toBe(true);
    await portalStillServes();
  });

  it('recovery code guessing from one address stops after 5 wrong codes with 429, even for the right code', async () => {
    const cookie = pageLoad()!;
    const issued = await answered(await myRecovery.POST(request('/api/progress/recovery', { cookie, body: {} })));
    const address = nextAddress();
    for (let i = 0; i < 5; i++) expect((await recover.POST(request('/api/progress/recover', { address, body: { code: `AAAA-AAAA-AAA${'CDEFG'[i]}` } }))).status).toBe(404);
    const limited = await answered(await recover.POST(request('/api/progress/recover', { address, body: { code: issued.body.code } })));
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).not.toBeNull();
    expect((await recover.POST(request('/api/progress/recover', { address: nextAddress(), body: { code: issued.body.code } }))).status).toBe(200);
    await portalStillServes();
  });

  it('a recovery code request without a learner cookie is refused with 401', async () => {
    expect((await myRecovery.POST(request('/api/progress/recovery', { body: {} }))).status).toBe(401);
    await portalStillServes();
  });
});

describe('hints, resets and inspect', () => {
  it('an overlong hint is refused with 400 and the learner sees nothing', async () => {
    const klass = await newClass();
    const ada = await member(klass);
    const r = await answered(await hint.POST(request('/api/instructor/learners/hint', { cookie: teacher, body: { class: klass.id, learner: ada.id, text: 'x'.repeat(MAX_HINT_CHARS + 1) } })));
    expect(r.status).toBe(400);
    expect(unseenNotices(portalContext().db, ada.id)).toEqual([]);
    await portalStillServes();
  });

  it('a hint body over its size is refused with 413 before it is parsed', async () => {
    const klass = await newClass();
    const ada = await member(klass);
    const r = await answered(await hint.POST(request('/api/instructor/learners/hint', { cookie: teacher, body: { class: klass.id, learner: ada.id, text: 'x'.repeat(100_000) } })));
    expect(r.status).toBe(413);
    await portalStillServes();
  });

  it('HTML and script in a hint are kept as text and rendered escaped on the bench', async () => {
    const klass = await newClass();
    const ada = await member(klass);
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const r = await answered(await hint.POST(request('/api/instructor/learners/hint', { cookie: teacher, body: { class: klass.id, learner: ada.id, text } })));
    expect(r.status).toBe(201);
    const [notice] = unseenNotices(portalContext().db, ada.id);
    expect(notice.text).toBe(text);
    const html = renderToStaticMarkup(createElement(NoticeText, { notice }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    await portalStillServes();
  });

  it('a flood of hints keeps only the newest few per learner', async () => {
    const klass = await newClass();
    const ada = await member(klass);
    for (let i = 0; i < MAX_NOTICES_PER_LEARNER + 15; i++) {
      await hint.POST(request('/api/instructor/learners/hint', { cookie: teacher, body: { class: klass.id, learner: ada.id, text: `hint ${i}` } }));
    }
    const kept = unseenNotices(portalContext().db, ada.id);
    expect(kept.length).toBe(MAX_NOTICES_PER_LEARNER);
    expect(kept.at(-1)!.text).toBe(`hint ${MAX_NOTICES_PER_LEARNER + 14}`);
    await portalStillServes();
  });

  it("a learner cannot dismiss another learner's notice", async () => {
    const klass = await newClass();
    const ada = await member(klass);
    const eve = await member(klass, 'Eve');
    const sent = await answered(await hint.POST(request('/api/instructor/learners/hint', { cookie: teacher, body: { class: klass.id, learner: ada.id, text: 'look at the taints' } })));
    const id = (sent.body.notice as { id: number }).id;
    const r = await answered(await notices.POST(request('/api/lab/notices', { cookie: eve.cookie, body: { id } })));
    expect(r.body.dismissed).toBe(false);
    expect(unseenNotices(portalContext().db, ada.id).map((n) => n.id)).toContain(id);
    await portalStillServes();
  });

  it("inspect, hint, reset and recovery of a learner not in the named class are refused with 404 (another class's learner, a learner in no class, a malformed id)", async () => {
    const mine = await newClass();
    const theirs = await newClass();
    const outsider = await member(theirs, 'Other');
    const loner = pageLoad()!;
    await progress.POST(request('/api/progress', { cookie: loner, body: { lesson: 'jobs' } }));
    for (const learner of [outsider.id, idOf(loner), '../../etc/passwd', { id: outsider.id }]) {
      const q = `class=${mine.id}&learner=${encodeURIComponent(String(learner))}`;
      expect((await inspectStream.GET(request(`/api/instructor/inspect/stream?${q}`, { cookie: teacher }))).status).toBe(404);
      expect((await inspectLogs.GET(request(`/api/instructor/inspect/logs?${q}&pod=p`, { cookie: teacher }))).status).toBe(404);
      expect((await hint.POST(request('/api/instructor/learners/hint', { cookie: teacher, body: { class: mine.id, learner, text: 'hi' } }))).status).toBe(404);
      expect((await reset.POST(request('/api/instructor/learners/reset', { cookie: teacher, body: { class: mine.id, learner } }))).status).toBe(404);
      expect((await recoveryForLearner.POST(request('/api/instructor/learners/recovery', { cookie: teacher, body: { class: mine.id, learner } }))).status).toBe(404);
    }
    expect(unseenNotices(portalContext().db, outsider.id)).toEqual([]);
    await portalStillServes();
  });

  it('a class id that is not one (path tricks, unknown) answers 404 on the board and the export', async () => {
    for (const id of ['../../etc', 'zzzzzzzzzzzz', 'a'.repeat(5000)]) {
      expect((await board.GET(request(`/api/instructor/classes/x/board`, { cookie: teacher }), { params: Promise.resolve({ id }) })).status).toBe(404);
      expect((await exportCsv.GET(request(`/api/instructor/classes/x/export`, { cookie: teacher }), { params: Promise.resolve({ id }) })).status).toBe(404);
    }
    await portalStillServes();
  });

  it("the instructor's reset gives the learner a fresh cluster and a notice, and the learner's cookie still opens it", async () => {
    const klass = await newClass();
    const ada = await member(klass);
    const opened = await answered(await labSession.POST(request('/api/lab/session', { cookie: ada.cookie, address: nextAddress(), body: {} })));
    const r = await answered(await reset.POST(request('/api/instructor/learners/reset', { cookie: teacher, body: { class: klass.id, learner: ada.id } })));
    expect(r.status).toBe(200);
    expect(r.body.clusterId).not.toBe(opened.body.clusterId);
    expect(unseenNotices(portalContext().db, ada.id).map((n) => n.kind)).toContain('reset');
    const reopened = await answered(await labSession.POST(request('/api/lab/session', { cookie: ada.cookie, address: nextAddress(), body: {} })));
    expect(reopened.body.clusterId).toBe(r.body.clusterId);
    await portalStillServes();
  });

  it("inspecting a learner's cluster streams its objects and leaves the learner's cluster and session as they were", async () => {
    const klass = await newClass();
    const ada = await member(klass);
    const opened = await answered(await labSession.POST(request('/api/lab/session', { cookie: ada.cookie, address: nextAddress(), body: {} })));
    const ac = new AbortController();
    const res = await inspectStream.GET(new Request(request(`/api/instructor/inspect/stream?class=${klass.id}&learner=${ada.id}`, { cookie: teacher }), { signal: ac.signal }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"Node"') && text.length < 1_000_000) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    await reader.cancel().catch(() => undefined);
    expect(res.headers.get('set-cookie')).toBeNull();
    const again = await answered(await labSession.POST(request('/api/lab/session', { cookie: ada.cookie, address: nextAddress(), body: {} })));
    expect(again.body.clusterId).toBe(opened.body.clusterId);
    await portalStillServes();
  });
});

describe('the CSV export', () => {
  it('formula-looking names are exported as text (prefixed with a quote), and quotes and line breaks stay inside their cell', async () => {
    const klass = await newClass('=cmd|"/c calc"!A1');
    const names = ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(A1)', 'Ada "the" Great'];
    for (const name of names) await member(klass, name);
    const res = await exportCsv.GET(request(`/api/instructor/classes/${klass.id}/export`, { cookie: teacher }), { params: Promise.resolve({ id: klass.id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,lessons read,quiz score,steps passed,solutions seen,checklist,last seen');
    expect(lines.length).toBe(1 + names.length);
    for (const line of lines.slice(1)) expect(line).toMatch(/^("'[=+\-@]|'[=+\-@]|"Ada)/);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.csv"$/);
    await portalStillServes();
  });
});
