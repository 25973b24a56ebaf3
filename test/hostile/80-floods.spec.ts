/**
 * Floods from one client: new sessions from one address, resets, drafts, imports, terminal
 * commands and quiz answers. Each meets its limit with a clear 4xx (429 with Retry-After for
 * rates) long before it can exhaust memory or disk, and the portal keeps answering.
 */
import { census, withCensusLock } from './support/census';
import { expect, test } from './support/fixtures';
import type { HttpAnswer } from './support/http';
import { LESSON_PAGE } from './support/learner';
import { expectRefusal, jsonOf } from './support/refusals';

function expectRateLimited(a: HttpAnswer | undefined, what: string): void {
  expect(a, `${what} met a limit`).toBeTruthy();
  expectRefusal(a!, [429]);
  expect(Number(a!.headers['retry-after']), 'Retry-After says when to try again').toBeGreaterThan(0);
}

test('thirty new sessions from one address in a minute: the portal stops making clusters with 429', async ({ portal }) => {
  test.setTimeout(90_000);
  // An address of its own, so the limit it meets does not fall on the other cases.
  const address = `127.99.${Number(process.env.TEST_WORKER_INDEX ?? 0) % 200}.${1 + Math.floor(Math.random() * 250)}`;
  await withCensusLock(async () => {
    const before = census();
    let limited: HttpAnswer | undefined;
    for (let i = 0; i < 30; i++) {
      const visitor = portal.stranger({ localAddress: address });
      await visitor.page(LESSON_PAGE);
      const s = await visitor.post('/api/lab/session', {});
      if (s.status === 429) limited ??= s;
      else expect(s.status, s.text.slice(0, 200)).toBe(200);
    }
    expectRateLimited(limited, 'the session flood');
    expect(census().clusters - before.clusters, 'at most a minute\'s allowance of clusters').toBeLessThanOrEqual(15);
  });
});

test('ten resets in a row meet the reset limit with 429', async ({ portal }) => {
  const l = await portal.learner();
  let ok = 0;
  let limited: HttpAnswer | undefined;
  for (let i = 0; i < 10; i++) {
    const a = await l.post('/api/lab/reset', {});
    if (a.status === 200) ok++;
    else limited ??= a;
  }
  expectRateLimited(limited, 'the reset flood');
  expect(ok).toBeLessThanOrEqual(5);
});

test('drafts under 260 different tab names meet the per-learner draft count', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  let refused: HttpAnswer | undefined;
  let saved = 0;
  for (let i = 0; i < 260 && !refused; i++) {
    const a = await l.call({ method: 'PUT', path: '/api/lab/drafts', body: JSON.stringify({ lesson: `daemonsets`, tab: `flood-${i}.yaml`, content: 'x: 1\n' }) });
    if (a.status === 200) saved++;
    else if (a.status !== 429) refused = a;
    else await new Promise((r) => setTimeout(r, Number(a.headers['retry-after'] ?? 1) * 1000));
  }
  expect(refused, 'a refusal before 260 drafts').toBeTruthy();
  expectRefusal(refused!, [403, 413, 429]);
  expect(saved).toBeLessThanOrEqual(200);
});

test('twenty drafts of 500 KiB meet the per-learner draft bytes', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  let refused: HttpAnswer | undefined;
  for (let i = 0; i < 20 && !refused; i++) {
    const a = await l.call({ method: 'PUT', path: '/api/lab/drafts', body: JSON.stringify({ lesson: 'statefulsets', tab: `big-${i}.yaml`, content: 'y'.repeat(500 * 1024) }) });
    if (a.status !== 200) refused = a;
  }
  expect(refused, 'a refusal before 10 MB of drafts').toBeTruthy();
  expectRefusal(refused!, [403, 413, 429]);
});

test('drafts for 500 made-up lessons are refused or capped', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  let refused: HttpAnswer | undefined;
  for (let i = 0; i < 500 && !refused; i++) {
    const a = await l.call({ method: 'PUT', path: '/api/lab/drafts', body: JSON.stringify({ lesson: `no-such-lesson-${i}`, tab: 'a.yaml', content: 'a' }) });
    if (a.status !== 200) refused = a;
  }
  expect(refused, 'a refusal before 500 drafts').toBeTruthy();
  expectRefusal(refused!, [400, 403, 404, 413, 429]);
});

test('twelve progress imports in a row meet the import limit with 429', async ({ portal }) => {
  const l = await portal.learner();
  let limited: HttpAnswer | undefined;
  for (let i = 0; i < 12 && !limited; i++) {
    const a = await l.post('/api/progress/import', { format: 'kubelab-progress', version: 1, exportedAt: new Date().toISOString(), lessons: [], quizAttempts: [], exerciseSteps: [] });
    if (a.status === 429) limited = a;
    else expect(a.status, a.text.slice(0, 200)).toBe(200);
  }
  expectRateLimited(limited, 'the import flood');
});

test('imports of 100,000 quiz attempts are capped per learner', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  let stored = 0;
  let refused: HttpAnswer | undefined;
  const t0 = Date.parse('2021-01-01T00:00:00Z');
  for (let f = 0; f < 5 && !refused; f++) {
    const quizAttempts = Array.from({ length: 20_000 }, (_, i) => ({ quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'nothing' }, answeredAt: new Date(t0 + (f * 20_000 + i) * 1000).toISOString() }));
    const a = await l.post('/api/progress/import', { format: 'kubelab-progress', version: 1, exportedAt: new Date().toISOString(), lessons: [], quizAttempts, exerciseSteps: [] }, { timeoutMs: 60_000 });
    if (a.status !== 200) refused = a;
    else stored += (jsonOf(a) as { imported?: { quizAttempts?: number } }).imported?.quizAttempts ?? 0;
  }
  if (refused) expectRefusal(refused, [403, 413, 429]);
  expect(stored, 'far fewer than 100,000 attempts were stored').toBeLessThan(50_000);
});

test('a hundred terminal commands at once meet the per-learner rate with 429', async ({ portal }) => {
  const l = await portal.learner();
  const answers = await Promise.all(Array.from({ length: 100 }, () => l.call({ method: 'POST', path: '/api/lab/terminal', body: JSON.stringify({ command: 'kubectl version --client' }), timeoutMs: 60_000 })));
  const limited = answers.find((a) => a.status === 429);
  expectRateLimited(limited, 'the terminal flood');
});

test('a hundred quiz answers at once are each answered or refused, with the portal answering meanwhile', async ({ portal }) => {
  const l = await portal.learner();
  const flood = Promise.all(Array.from({ length: 100 }, () => l.post('/api/quiz/answer', { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'nothing' } })));
  const home = await portal.homeMs();
  const answers = await flood;
  expect(home).toBeLessThan(5000);
  expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 429), 'only answers and rate refusals').toEqual([]);
});

test('streams a browser drops give their slots back: after twenty dropped, a learner still opens one', async ({ portal }) => {
  // Six streams a learner at most (STREAMS_PER_HOLDER): were a dropped stream's slot kept, the
  // learner would be refused 429 from the seventh drop on.
  const l = await portal.learner();
  const openOne = (): Promise<number> => {
    const ac = new AbortController();
    return new Promise<number>((resolve) => {
      // An event stream's first bytes (a refusal is a JSON body, and ends with its status).
      const onChunk = (text: string) => {
        if (text.startsWith('{')) return;
        resolve(200);
        ac.abort();
      };
      l.call({ method: 'GET', path: '/api/lab/stream', signal: ac.signal, timeoutMs: 10_000, onChunk }).then(
        (a) => resolve(a.status),
        () => resolve(0),
      );
    });
  };
  const first: number[] = [];
  for (let i = 0; i < 20; i++) first.push(await openOne());
  expect(first, 'each stream opened, was read, then dropped').toEqual(Array.from({ length: 20 }, () => 200));
});

test.describe('liveliness measured while alone on the portal', () => {
  test.use({ alone: true });

test('fifty event streams open for one learner leave the portal answering', async ({ portal }) => {
  const l = await portal.learner();
  const ac = new AbortController();
  const statuses: number[] = [];
  const streams = Array.from({ length: 50 }, () =>
    l.call({ method: 'GET', path: '/api/lab/stream', sameOrigin: false, signal: ac.signal, timeoutMs: 8000, onChunk: () => undefined }).then((a) => statuses.push(a.status), () => undefined),
  );
  await new Promise((r) => setTimeout(r, 4000));
  const home = await portal.homeMs();
  ac.abort();
  await Promise.all(streams);
  expect(home, 'the portal answers while fifty streams are open').toBeLessThan(5000);
  expect(statuses.every((s) => s === 200 || s === 429 || s === 503), `streams are served or refused: ${statuses.join(',')}`).toBe(true);
});
});
