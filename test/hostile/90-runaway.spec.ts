/**
 * Inputs that could stop or freeze the one Node process every learner shares: deeply nested
 * YAML, regular expressions that backtrack catastrophically (grep, sed, awk, expr, case,
 * [[ =~ ]] run in a learner's container through the terminal's kubectl exec), busy loops at
 * the fastest clock, and a shell that grows a string without end. Each fails its own command
 * (or is refused) while the portal keeps answering everyone else.
 * This file runs last: before the defences existed, its cases took the whole portal down.
 */
import { expect, test, type Portal } from './support/fixtures';
import type { Learner } from './support/learner';
import { rssBytes, serverPid } from './support/machine';
import { expectApplyRefused } from './support/refusals';

// Each case here measures how the portal answers others meanwhile: it has the portal to itself.
test.use({ alone: true });

const EVIL = 'a'.repeat(45);
/** While the portal must keep answering others, GET / must come back this fast. */
const LIVELY_MS = 3000;

/** Runs a terminal command and probes GET / meanwhile; returns the command's result and the slowest probe. */
async function whileRunning(portal: Portal, l: Learner, command: string) {
  const running = l.terminal(command, { timeoutMs: 40_000 });
  let done = false;
  void running.finally(() => (done = true));
  const probes: number[] = [];
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < 5 && !done; i++) {
    probes.push(await portal.homeMs(LIVELY_MS * 2));
    await new Promise((r) => setTimeout(r, 200));
  }
  return { result: await running, slowest: Math.max(0, ...probes) };
}

const regexCommands: Array<{ name: string; script: string }> = [
  { name: 'grep -E (a+)+b', script: `echo ${EVIL} | grep -E '(a+)+b'` },
  { name: 'grep -E ^(a|a?)+b (overlapping alternatives)', script: `echo ${EVIL} | grep -E '^(a|a?)+b'` },
  { name: 'sed -E s/(a+)+b/', script: `echo ${EVIL} | sed -E 's/(a+)+b/x/'` },
  { name: 'awk /(a+)+b/', script: `echo ${EVIL} | awk '/(a+)+b/ { print "match" }'` },
  { name: 'expr STRING : REGEX', script: `expr ${EVIL} : '\\(a*\\)*b'` },
  { name: 'case with a pattern of many stars', script: `case ${EVIL} in *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b) echo match;; esac` },
  { name: '[[ =~ ]]', script: `[[ ${EVIL} =~ (a+)+b ]] && echo match` },
];

test.describe('catastrophic regular expressions in a learner\'s container', () => {
  for (const c of regexCommands) {
    test(`${c.name} through kubectl exec fails or ends alone while the portal keeps answering`, async ({ portal }) => {
      test.setTimeout(90_000);
      const l = await portal.learner();
      await l.runPod('regex', 'sleep 3600');
      const { result, slowest } = await whileRunning(portal, l, `kubectl exec regex -- sh -c "${c.script.replace(/"/g, '\\"')}"`);
      expect(slowest, `GET / answered within ${LIVELY_MS} ms while the pattern ran`).toBeLessThan(LIVELY_MS);
      expect(result.exit !== undefined || result.error !== undefined, `the command ended with a result: ${result.text.slice(0, 300)}`).toBe(true);
      expect(result.stopped, 'it did not need the terminal\'s 30 s limit').not.toBe('timeout');
      expect(result.out).not.toMatch(/^match/m);
    });
  }
});

const terminalRunaways: Array<{ name: string; line: string }> = [
  { name: 'a catastrophic grep typed in the terminal itself', line: `echo ${EVIL} | grep -E '(a+)+b'` },
  { name: 'a catastrophic sed typed in the terminal itself', line: `echo ${EVIL} | sed -E 's/(a+)+b/x/'` },
  { name: 'a busy loop typed in the terminal itself', line: 'while true; do :; done' },
  { name: 'a string doubled in the terminal\'s own shell', line: 's=xxxxxxxxxxxxxxxx; i=0; while [ $i -lt 26 ]; do s=$s$s; i=$((i+1)); done; echo ${#s}' },
];

for (const c of terminalRunaways) {
  test(`${c.name} is stopped or fails alone while the portal keeps answering`, async ({ portal }) => {
    test.setTimeout(90_000);
    const l = await portal.learner();
    const ac = new AbortController();
    // A line that does not end by itself is stopped like Ctrl+C after a while: closing the request.
    const stop = setTimeout(() => ac.abort(), 8000);
    let done = false;
    const running = l.terminal(c.line, { timeoutMs: 40_000, signal: ac.signal }).catch(() => undefined).finally(() => (done = true));
    const probes: number[] = [];
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 5 && !done; i++) {
      probes.push(await portal.homeMs(LIVELY_MS * 2));
      await new Promise((r) => setTimeout(r, 300));
    }
    await running;
    clearTimeout(stop);
    expect(Math.max(0, ...probes), `GET / answered within ${LIVELY_MS} ms meanwhile`).toBeLessThan(LIVELY_MS);
    // After Ctrl+C the learner's terminal answers again.
    let after = await l.terminal('echo still-here', { timeoutMs: 20_000 });
    for (let i = 0; i < 20 && after.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await l.terminal('echo still-here', { timeoutMs: 20_000 });
    }
    expect(after.out, after.text.slice(0, 200)).toBe('still-here\n');
  });
}

test('twenty busy loops at 60x in one cluster leave another learner\'s apply quick', async ({ portal }) => {
  test.setTimeout(120_000);
  const hostile = await portal.learner();
  const other = await portal.learner();
  expect((await hostile.post('/api/lab/clock', { scale: 60 })).status).toBe(200);
  const pods = Array.from({ length: 20 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: spin-${i}\nspec:\n  containers:\n  - name: spin\n    image: busybox:1.36\n    command: ["sh", "-c", "while true; do :; done"]\n`).join('---\n');
  expect((await hostile.apply(pods)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 3000));
  const home = await portal.homeMs(LIVELY_MS * 2);
  expect(home, 'the portal answers GET / quickly').toBeLessThan(LIVELY_MS);
  // The other learner's pod appears on their stream soon after their apply.
  const ac = new AbortController();
  let seen = '';
  const stream = other.call({ method: 'GET', path: '/api/lab/stream', sameOrigin: false, signal: ac.signal, timeoutMs: 30_000, onChunk: (t) => (seen += t) }).catch(() => undefined);
  for (let i = 0; i < 100 && !seen.includes('SNAPSHOT'); i++) await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  expect((await other.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: quick\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n')).status).toBe(200);
  while (!seen.includes('"quick"') && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  ac.abort();
  await stream;
  expect(ms, 'the other learner saw their pod within 2 s of applying').toBeLessThan(2000);
});

test('a pod writing its filesystem full meets the filesystem budget', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  await l.runPod('fill', 'sleep 3600');
  const { result, slowest } = await whileRunning(portal, l, "kubectl exec fill -- sh -c 'b=0123456789abcdef; for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do b=$b$b; done; i=0; while [ $i -lt 400 ]; do echo $b >> /fill; i=$((i+1)); done; echo wrote-all'");
  expect(slowest).toBeLessThan(LIVELY_MS);
  // 400 writes of 1 MiB is far beyond any container's share.
  expect(result.out).not.toMatch(/^wrote-all/m);
  expect(result.out).toMatch(/space|quota|limit|budget|too large/i);
});

const nested: Array<{ name: string; yaml: string }> = [
  { name: "'['.repeat(20000)", yaml: '['.repeat(20000) },
  { name: "'- '.repeat(20000)", yaml: '- '.repeat(20000) },
  { name: "'{a: '.repeat(20000)", yaml: '{a: '.repeat(20000) },
  { name: 'a block mapping indented 2,000 levels', yaml: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 4)}k${i}:`).join('\n') },
];

for (const n of nested) {
  test(`deeply nested YAML ${n.name} sent to apply is refused and the portal lives`, async ({ portal }) => {
    const l = await portal.learner();
    expectApplyRefused(await l.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${n.yaml}\n`), /depth|nest|too deep|limit/i);
  });
}

test('deeply nested YAML sent to delete is refused and the portal lives', async ({ portal }) => {
  const l = await portal.learner();
  expectApplyRefused(await l.post('/api/lab/delete', { yaml: '['.repeat(20000) }), /depth|nest|too deep|limit/i);
});

test('deeply nested YAML as a server-side apply patch to the cluster API is refused', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.k8s('/api/v1/namespaces/default/configmaps/deep?fieldManager=kubectl', { method: 'PATCH', body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'['.repeat(20000)}`, headers: { 'content-type': 'application/apply-patch+yaml' } });
  expect([400, 413, 415, 422]).toContain(a.status);
});

test('deeply nested YAML through kubectl apply -f editor is refused and the portal lives', async ({ portal }) => {
  const l = await portal.learner();
  const r = await l.terminal('kubectl apply -f editor --validate=false', { editor: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(20000)}\n` });
  expect(r.exit === 0, r.text.slice(0, 300)).toBe(false);
});

// Last: before a memory budget for shell variables, this one took the portal down.
test('a shell variable doubled towards 256 MiB fails its command, not the portal', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  await l.runPod('grow', 'sleep 3600');
  const pid = serverPid()!;
  const rss0 = rssBytes(pid);
  const { result, slowest } = await whileRunning(portal, l, "kubectl exec grow -- sh -c 's=xxxxxxxxxxxxxxxx; i=0; while [ $i -lt 24 ]; do s=$s$s; i=$((i+1)); done; echo $s > /big; echo done'");
  expect(slowest).toBeLessThan(LIVELY_MS);
  expect(result.out, 'the 256 MiB string was not written').not.toMatch(/^done/m);
  expect((rssBytes(pid) - rss0) / 2 ** 20, 'the server did not grow by the string').toBeLessThan(256);
});
