/**
 * Who a request is, and what the HTTP layer lets through: write routes refuse a request
 * without a cookie the server issued (401, and no learner or cluster is made), cross-origin
 * writes and foreign Host headers are refused, upgrades outside /k8s are closed, pages carry
 * the security headers, and the instructor's cookie is not the instructor token.
 */
import { randomBytes } from 'node:crypto';
import { census, withCensusLock } from './support/census';
import { expect, nextLoopbackAddress, test } from './support/fixtures';
import { httpRequest, rawExchange } from './support/http';
import { HOSTILE_PORT } from './support/layout';
import { LESSON_PAGE, PAGE_ACCEPT, type Learner } from './support/learner';
import { expectRefusal } from './support/refusals';
import { CONFIGMAP_YAML, WRITE_ROUTES } from './support/routes';
import { instructorToken } from './support/secrets';

/** Sends one request inside a quiet window and says whether the portal made a learner or cluster. */
async function madeNobody(send: () => Promise<unknown>): Promise<void> {
  await withCensusLock(async () => {
    const before = census();
    await send();
    expect(census(), 'no learner and no cluster were made').toEqual(before);
  });
}

for (const route of WRITE_ROUTES) {
  test(`${route.method} ${route.path} without a learner cookie is answered 401 and makes no learner`, async ({ portal }) => {
    const stranger = portal.stranger();
    await madeNobody(async () => {
      const a = await stranger.call({ method: route.method, path: route.path, body: JSON.stringify(route.body) });
      expectRefusal(a, [401]);
    });
  });
}

const forgeries: Array<{ name: string; value: () => string }> = [
  { name: 'a malformed learner cookie', value: () => 'abc' },
  { name: 'a well-formed learner cookie the server never issued', value: () => randomBytes(32).toString('base64url') },
  { name: 'a 10 KB learner cookie', value: () => 'A'.repeat(10 * 1024) },
  { name: 'a cookie with a signature-like suffix the server never made', value: () => `${randomBytes(32).toString('base64url')}.${randomBytes(32).toString('base64url')}` },
];

for (const f of forgeries) {
  test(`${f.name} gets 401 on apply and makes no learner`, async ({ portal }) => {
    const stranger = portal.stranger();
    await madeNobody(async () => {
      const a = await stranger.call({ method: 'POST', path: '/api/lab/apply', body: JSON.stringify({ yaml: CONFIGMAP_YAML }), headers: { cookie: `kubelab_learner=${f.value()}` } });
      expect(a.status, a.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
      if (a.status !== 431) expectRefusal(a, [401]);
    });
  });
}

test('a real learner cookie with one character changed gets 401 and makes no learner', async ({ portal }) => {
  const l = await portal.learner();
  const value = l.jar.values.get('kubelab_learner')!;
  const i = Math.floor(value.length / 2);
  const forged = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
  await madeNobody(async () => {
    const a = await portal.stranger().call({ method: 'POST', path: '/api/lab/session', body: '{}', headers: { cookie: `kubelab_learner=${forged}` } });
    expectRefusal(a, [401]);
  });
});

test('the first page a visitor opens issues exactly one learner cookie, and writes racing right after it land on that learner', async ({ portal }) => {
  const l = portal.stranger();
  await withCensusLock(async () => {
    const before = census();
    const page = await l.page(LESSON_PAGE);
    expect(page.status).toBe(200);
    expect(l.jar.values.get('kubelab_learner'), 'the page issued the learner cookie').toBeTruthy();
    const cookie = l.cookie;
    // The quiz answer, the lab session and an apply race, as a fast learner's clicks do.
    const [answer, session, apply] = await Promise.all([
      l.post('/api/quiz/answer', { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'new-pod' } }),
      l.post('/api/lab/session', {}),
      l.post('/api/lab/apply', { yaml: CONFIGMAP_YAML }),
    ]);
    expect([answer.status, session.status, apply.status]).toEqual([200, 200, 200]);
    for (const a of [answer, session, apply]) expect(a.setCookies.filter((c) => c.startsWith('kubelab_learner=')), 'no write re-issued the learner cookie').toEqual([]);
    expect(l.cookie).toBe(cookie);
    const after = census();
    expect(after.learners - before.learners, 'exactly one learner').toBe(1);
  });
  const saved = await l.get('/api/progress?quiz=daemonsets');
  expect(saved.text).toContain('node-joins');
});

const crossOrigin: Array<{ name: string; path: string; body: unknown; headers: Record<string, string> }> = [
  { name: 'an apply from another site\'s page', path: '/api/lab/apply', body: { yaml: CONFIGMAP_YAML }, headers: { origin: 'http://evil.example' } },
  { name: 'a terminal command from another site\'s page', path: '/api/lab/terminal', body: { command: 'kubectl delete pods --all' }, headers: { origin: 'http://evil.example' } },
  { name: 'a reset with Origin null (a sandboxed frame)', path: '/api/lab/reset', body: {}, headers: { origin: 'null' } },
  { name: 'a progress import marked Sec-Fetch-Site cross-site', path: '/api/progress/import', body: {}, headers: { origin: '', 'sec-fetch-site': 'cross-site' } },
  { name: 'a quiz answer from the same host on another port', path: '/api/quiz/answer', body: { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'nothing' } }, headers: { origin: `http://localhost:${HOSTILE_PORT + 1}` } },
];

for (const c of crossOrigin) {
  test(`${c.name} is refused 403`, async ({ portal }) => {
    const l = await portal.learner();
    const headers = { ...c.headers };
    if (headers.origin === '') delete headers.origin;
    const a = await l.call({ method: 'POST', path: c.path, body: JSON.stringify(c.body), headers, sameOrigin: false });
    expectRefusal(a, [403]);
  });
}

test('a request naming a foreign Host is refused before the app answers', async () => {
  const a = await httpRequest({ path: LESSON_PAGE, headers: { host: 'evil.example', accept: PAGE_ACCEPT } });
  expect([400, 403, 421]).toContain(a.status);
  expect(a.setCookies.filter((c) => c.startsWith('kubelab_learner=')), 'no learner cookie for a foreign host').toEqual([]);
});

test('a DNS-rebinding write (Host and Origin both the attacker\'s name) is refused', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.call({ method: 'POST', path: '/api/lab/apply', body: JSON.stringify({ yaml: CONFIGMAP_YAML }), headers: { host: `evil.example:${HOSTILE_PORT}`, origin: `http://evil.example:${HOSTILE_PORT}` }, sameOrigin: false });
  expect([400, 403, 421]).toContain(a.status);
  const cm = await l.k8s('/api/v1/namespaces/default/configmaps/probe');
  expect(cm.status, 'the configmap was not created').toBe(404);
});

test('the cluster API under /k8s refuses a foreign Host too', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.k8s('/api/v1/namespaces/default/pods', { headers: { host: 'evil.example' } });
  expect([400, 403, 421]).toContain(a.status);
});

for (const target of ['/', '/api/lab/stream', '/learn/module-05/daemonsets', '/_next/webpack-hmr']) {
  test(`an upgrade request to ${target} (outside /k8s) is answered and closed`, async () => {
    const r = await rawExchange(`GET ${target} HTTP/1.1\r\nHost: localhost:${HOSTILE_PORT}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`, 3000);
    expect(r.closedByServer, `the connection was closed within 3 s (got ${JSON.stringify(r.data.slice(0, 80))})`).toBe(true);
    expect(r.data).not.toMatch(/^HTTP\/1\.1 101/);
  });
}

test('lesson pages carry the security headers', async () => {
  const a = await httpRequest({ path: LESSON_PAGE });
  expect(a.status).toBe(200);
  const csp = String(a.headers['content-security-policy'] ?? '');
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(csp).toMatch(/default-src/);
  expect(csp, 'no scripts from other hosts').not.toMatch(/script-src[^;]*https?:/);
  expect(a.headers['x-content-type-options']).toBe('nosniff');
  expect(a.headers['referrer-policy']).toBeTruthy();
});

test('API answers carry nosniff and are not cached', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.get('/api/progress');
  expect(a.headers['x-content-type-options']).toBe('nosniff');
  const kc = await l.get('/api/lab/kubeconfig');
  expect(String(kc.headers['cache-control'])).toMatch(/no-store/);
});

test('the instructor link gives a session cookie that is not the instructor token', async () => {
  const token = instructorToken();
  expect(token, 'the portal keeps an instructor token').toBeTruthy();
  const a = await httpRequest({ path: `/instructor/enter?token=${encodeURIComponent(token!)}`, localAddress: nextLoopbackAddress() });
  expect([302, 303, 307]).toContain(a.status);
  const cookie = a.setCookies.find((c) => c.startsWith('kubelab_instructor='));
  expect(cookie, 'an instructor cookie was set').toBeTruthy();
  // The leak check after the case also fails if the token shows anywhere in the answer.
});

test('a wrong instructor token gets 403 and no instructor cookie', async () => {
  const a = await httpRequest({ path: `/instructor/enter?token=${randomBytes(24).toString('base64url')}` });
  expect(a.status).toBe(403);
  expect(a.setCookies.filter((c) => c.startsWith('kubelab_instructor='))).toEqual([]);
});

test('the class overview refuses a learner cookie', async ({ portal }) => {
  const l: Learner = await portal.learner();
  const a = await l.get('/instructor', { headers: { cookie: `${l.cookie}; kubelab_instructor=${l.jar.values.get('kubelab_learner')}` } });
  expect(a.text, 'the page asks for the instructor link').toContain('This page is for the instructor');
});

test('the kubeconfig download names this portal\'s own host, not a forwarded one', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.get('/api/lab/kubeconfig', { headers: { 'x-forwarded-host': 'evil.example' } });
  expect(a.text).not.toContain('evil.example');
  expect(a.text).toContain(`localhost:${HOSTILE_PORT}`);
});
