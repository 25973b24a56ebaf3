/**
 * Bodies that are too big, sent with and without a Content-Length, and documents made to cost
 * far more than their size (alias bombs, too many documents): each gets a bounded 4xx with a
 * message, read no further than the limit, and the portal keeps answering.
 * (Deeply nested YAML lives in 90-runaway.spec.ts: it could stop the process.)
 */
import { expect, test } from './support/fixtures';
import { chunks, jsonWithHugeString, MiB } from './support/bodies';
import { httpRequest, type HttpAnswer } from './support/http';
import { MARKER_FILE } from './support/layout';
import { expectApplyRefused, expectRefusal, jsonOf } from './support/refusals';

const BIG = 64 * MiB;

/**
 * The answer to a body too big, or proof that the server stopped reading early: a 413 written
 * just before the server closes can be lost to the connection's reset, and then what counts is
 * how little of the body was taken.
 */
async function refusedEarly(sending: Promise<HttpAnswer>): Promise<HttpAnswer | undefined> {
  const a = await sending.catch((e: Error) => e);
  if (!(a instanceof Error)) return a;
  expect(Number(a.message.match(/after (\d+) bytes/)?.[1] ?? Infinity), a.message).toBeLessThan(BIG);
  return undefined;
}

for (const route of [
  { method: 'POST', path: '/api/lab/apply', field: 'yaml' },
  { method: 'POST', path: '/api/lab/terminal', field: 'editor' },
  { method: 'PUT', path: '/api/lab/drafts', field: 'content' },
  { method: 'POST', path: '/api/progress/import', field: 'format' },
  { method: 'POST', path: '/api/quiz/answer', field: 'quiz' },
]) {
  test(`a 64 MiB chunked body to ${route.path} is refused 413 before it is read to the end`, async ({ portal }) => {
    const l = await portal.learner();
    const a = await refusedEarly(l.call({ method: route.method, path: route.path, body: jsonWithHugeString(route.field, BIG), headers: { 'content-type': 'application/json' }, timeoutMs: 20_000 }));
    if (!a) return;
    expectRefusal(a, [413]);
    expect(a.bytesSent, 'the server answered while the body was still coming').toBeLessThan(BIG);
  });
}

test('a body whose Content-Length says 64 MiB is refused 413 without being read', async ({ portal }) => {
  const l = await portal.learner();
  const a = await refusedEarly(l.call({ method: 'POST', path: '/api/lab/apply', body: jsonWithHugeString('yaml', BIG), headers: { 'content-type': 'application/json', 'content-length': String(BIG + 12) }, timeoutMs: 20_000 }));
  if (!a) return;
  expectRefusal(a, [413]);
  expect(a.bytesSent).toBeLessThan(BIG);
});

test('a 64 MiB chunked body to the clock route (a 1 KiB limit) is answered 413, not read to its end', async ({ portal }) => {
  const l = await portal.learner();
  const a = await refusedEarly(l.call({ method: 'POST', path: '/api/lab/clock', body: chunks(BIG), headers: { 'content-type': 'application/json' }, timeoutMs: 20_000 }));
  if (!a) return;
  expect([400, 413]).toContain(a.status);
  expect(a.bytesSent).toBeLessThan(BIG);
});

test('a request body that is not JSON is refused 400 with a message', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.call({ method: 'POST', path: '/api/lab/apply', body: '{"yaml": ', headers: { 'content-type': 'application/json' } });
  expectRefusal(a, [400]);
});

test('JSON nested 100,000 levels deep in a request body is refused, not parsed', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.call({ method: 'POST', path: '/api/quiz/answer', body: `{"quiz":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, headers: { 'content-type': 'application/json' } });
  expectRefusal(a, [400, 413]);
});

test('a progress import nested 100,000 levels deep is refused', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.call({ method: 'POST', path: '/api/progress/import', body: `{"format":"kubelab-progress","version":1,"lessons":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`, headers: { 'content-type': 'application/json' } });
  expectRefusal(a, [400, 413]);
});

test('a YAML alias bomb (billion laughs) is refused with a message', async ({ portal }) => {
  const l = await portal.learner();
  let yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\nx0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 10; i++) yaml += `x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]\n`;
  const a = await l.apply(yaml);
  expect(a.status, a.text.slice(0, 200)).toBeLessThan(500);
  expect(a.text.length, 'the answer is small: nothing was expanded into it').toBeLessThan(100_000);
  const problems = a.status === 200 ? JSON.stringify(jsonOf(a)) : jsonOf(a).message ?? '';
  expect(problems).toMatch(/alias|too many|limit|expan/i);
});

test('an apply of 1,000 documents is refused with the document limit', async ({ portal }) => {
  const l = await portal.learner();
  const yaml = Array.from({ length: 1000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many-${i}\n`).join('---\n');
  expectApplyRefused(await l.apply(yaml), /documents|at most/);
});

test('a draft over 512 KiB is refused 413', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.call({ method: 'PUT', path: '/api/lab/drafts', body: JSON.stringify({ lesson: 'daemonsets', tab: 'big.yaml', content: 'a'.repeat(600 * 1024) }) });
  expectRefusal(a, [413]);
});

test('a quiz answer of 1 MiB is refused 413', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.post('/api/quiz/answer', { quiz: 'daemonsets', question: 'node-joins', answer: { kind: 'single', choice: 'x'.repeat(MiB) } });
  expectRefusal(a, [413]);
});

for (const path of [
  '/api/resources/..%2F..%2F..%2F.data%2Fhostile%2FMARKER-do-not-leak',
  '/api/resources/workload-types/..%2F..%2F..%2F..%2F..%2F.data%2Fhostile%2Finstructor-token',
  '/api/resources/%2e%2e/%2e%2e/%2e%2e/%2e%2e/.data/hostile/MARKER-do-not-leak',
  `/api/resources/${encodeURIComponent(MARKER_FILE)}`,
  '/api/resources/workload-types%5c..%5c..%5c..%5c..%5c.data%5chostile%5cinstructor-token',
  '/_next/static/..%2F..%2F..%2F.data%2Fhostile%2FMARKER-do-not-leak',
  '/_next/static/%2e%2e/%2e%2e/.data/hostile/MARKER-do-not-leak',
  '/k8s/../.data/hostile/MARKER-do-not-leak',
  '/_next/image?url=%2F..%2F.data%2Fhostile%2FMARKER-do-not-leak&w=64&q=75',
  `/_next/image?url=${encodeURIComponent(`file://${MARKER_FILE}`)}&w=64&q=75`,
]) {
  test(`path traversal ${path} finds nothing`, async () => {
    const a = await httpRequest({ path });
    expect([400, 401, 403, 404]).toContain(a.status);
  });
}

test('YAML tags that other parsers execute or include (!!js/function, !include) apply nothing and read nothing', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tagged\ndata:\n  f: !!js/function 'function () { return 1 }'\n  g: !include ${MARKER_FILE}\n`);
  expect(a.status, a.text.slice(0, 200)).toBeLessThan(500);
  const cm = await l.k8s('/api/v1/namespaces/default/configmaps/tagged');
  if (cm.status === 200) expect(cm.text, 'the tag was kept as text, not followed').not.toMatch(/KUBELAB_MARKER/);
});
