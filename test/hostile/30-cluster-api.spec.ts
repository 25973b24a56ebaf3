/**
 * The cluster API a learner's own kubectl uses (/k8s/<cluster>/token-<token>/...): wrong tokens
 * and other learners' clusters answer 401, and bodies and object counts are bounded per cluster.
 */
import WebSocket from 'ws';
import { expect, test } from './support/fixtures';
import { chunks, jsonWithHugeString, MiB } from './support/bodies';
import { httpRequest, rawExchange } from './support/http';
import { HOSTILE_PORT } from './support/layout';
import { rssBytes, serverPid } from './support/machine';

const PODS = '/api/v1/namespaces/default/pods';
const CMS = '/api/v1/namespaces/default/configmaps';

test('a wrong token in the path is answered 401', async ({ portal }) => {
  const l = await portal.learner();
  const a = await httpRequest({ path: `/k8s/${l.clusterId}/token-${'x'.repeat(43)}${PODS}` });
  expect(a.status).toBe(401);
  expect(a.text).not.toContain('"items"');
});

test('another learner\'s cluster id with one\'s own token is answered 401', async ({ portal }) => {
  const [a, b] = [await portal.learner(), await portal.learner()];
  const r = await httpRequest({ path: `/k8s/${b.clusterId}/token-${a.token}${CMS}`, owner: a });
  expect(r.status).toBe(401);
});

test('another learner\'s cluster id with one\'s own token as a Bearer header is answered 401', async ({ portal }) => {
  const [a, b] = [await portal.learner(), await portal.learner()];
  const r = await httpRequest({ path: `/k8s/${b.clusterId}${CMS}`, headers: { authorization: `Bearer ${a.token}` }, owner: a });
  expect(r.status).toBe(401);
});

test('an unknown cluster and a wrong token answer alike, so ids cannot be probed', async ({ portal }) => {
  const l = await portal.learner();
  const wrongToken = await httpRequest({ path: `/k8s/${l.clusterId}/token-${'y'.repeat(43)}${PODS}` });
  const unknown = await httpRequest({ path: `/k8s/c${'0'.repeat(32)}/token-${'y'.repeat(43)}${PODS}` });
  expect([wrongToken.status, wrongToken.text]).toEqual([unknown.status, unknown.text]);
});

test('a WebSocket exec upgrade with a wrong token is answered 401 and closed', async ({ portal }) => {
  const l = await portal.learner();
  const r = await rawExchange(`GET /k8s/${l.clusterId}/token-${'z'.repeat(43)}${PODS}/p/exec?command=sh&stdout=true HTTP/1.1\r\nHost: localhost:${HOSTILE_PORT}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`, 3000);
  expect(r.data).toMatch(/^HTTP\/1\.1 401/);
  expect(r.closedByServer).toBe(true);
});

test('a 64 MiB chunked object sent to the cluster API is refused 413 before it is read to the end', async ({ portal }) => {
  const l = await portal.learner();
  // The API server answers 413 and closes; when the close resets the connection before the
  // answer is read, what counts is that it stopped reading long before the end.
  const a = await l.k8s(CMS, { method: 'POST', body: jsonWithHugeString('kind', 64 * MiB), headers: { 'content-type': 'application/json' }, timeoutMs: 20_000 }).catch((e: Error) => e);
  if (a instanceof Error) {
    const sent = Number(a.message.match(/after (\d+) bytes/)?.[1] ?? Infinity);
    expect(sent, a.message).toBeLessThan(64 * MiB);
    return;
  }
  expect(a.status).toBe(413);
  expect(a.bytesSent).toBeLessThan(64 * MiB);
});

test('a chunked garbage body to the cluster API is bounded too', async ({ portal }) => {
  const l = await portal.learner();
  const a = await l.k8s(CMS, { method: 'POST', body: chunks(64 * MiB, '['), headers: { 'content-type': 'application/json' }, timeoutMs: 20_000 }).catch((e: Error) => e);
  if (a instanceof Error) {
    expect(Number(a.message.match(/after (\d+) bytes/)?.[1] ?? Infinity), a.message).toBeLessThan(64 * MiB);
    return;
  }
  expect([400, 413, 422]).toContain(a.status);
  expect(a.bytesSent).toBeLessThan(64 * MiB);
});

test('JSON nested 100,000 levels deep sent to the cluster API is refused', async ({ portal }) => {
  const l = await portal.learner();
  const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":{"a":"b"},"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  const a = await l.k8s(CMS, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  expect([400, 413, 422]).toContain(a.status);
});

test('creating objects without end in one cluster meets the per-cluster object budget', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  const MAX = 6000;
  let refused: { status: number; text: string } | undefined;
  let n = 0;
  const worker = async () => {
    while (!refused && n < MAX) {
      const i = n++;
      const a = await l.k8s(CMS, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `flood-${i}` }, data: { v: 'x'.repeat(512) } }), headers: { 'content-type': 'application/json' } });
      if (a.status !== 201) refused ??= a;
    }
  };
  await Promise.all(Array.from({ length: 12 }, worker));
  expect(refused, `a refusal within ${MAX} creates`).toBeTruthy();
  expect([403, 422, 429]).toContain(refused!.status);
  expect(refused!.text).toMatch(/quota|limit|budget|too many|exceeded/i);
});

test.describe('memory measured while alone on the portal', () => {
  test.use({ alone: true });

test('rewriting a 1 MiB object 120 times does not keep every version in memory', async ({ portal }) => {
  test.setTimeout(90_000);
  const l = await portal.learner();
  const pid = serverPid()!;
  const data = 'v'.repeat(MiB - 200);
  const created = await l.k8s(CMS, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { v: data } }), headers: { 'content-type': 'application/json' } });
  expect([201, 413, 422]).toContain(created.status);
  const rss0 = rssBytes(pid);
  let peak = rss0;
  let refusedWith: string | undefined;
  for (let i = 0; i < 120 && created.status === 201; i++) {
    const a = await l.k8s(`${CMS}/big`, { method: 'PUT', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { v: `${i}${data}`.slice(0, data.length) } }), headers: { 'content-type': 'application/json' } });
    if (a.status !== 200) {
      refusedWith = a.text;
      expect([403, 413, 422, 429], a.text.slice(0, 200)).toContain(a.status);
      break;
    }
    if (i % 20 === 0) peak = Math.max(peak, rssBytes(pid));
  }
  peak = Math.max(peak, rssBytes(pid));
  expect(refusedWith === undefined || /limit|budget|quota|too/i.test(refusedWith)).toBe(true);
  // Kept whole, 120 versions would be 120 MiB of text and as much again in copies; the watch
  // history's budget is far less. RSS also moves with garbage not yet collected, hence the margin.
  expect((peak - rss0) / MiB, 'the server grew by less than 150 MiB').toBeLessThan(150);
});

test('a flood of exec stdin into a pod that never reads it is bounded', async ({ portal }) => {
  test.setTimeout(60_000);
  const l = await portal.learner();
  await l.runPod('sleeper', 'sleep 3600');
  const pid = serverPid()!;
  const rss0 = rssBytes(pid);
  const url = `ws://127.0.0.1:${HOSTILE_PORT}/k8s/${l.clusterId}/token-${l.token}${PODS}/sleeper/exec?command=sleep&command=60&stdin=true&stdout=true&stderr=true`;
  const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], { headers: { host: `localhost:${HOSTILE_PORT}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let closed = false;
  let closeReason = '';
  ws.on('close', (_code, reason) => {
    closed = true;
    closeReason = reason.toString();
  });
  const frame = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 1024, 'y')]);
  let sent = 0;
  let peak = rss0;
  const until = Date.now() + 10_000;
  while (!closed && Date.now() < until && sent < 512 * MiB) {
    if (ws.bufferedAmount > 4 * MiB) {
      // The server is not taking more: that is back-pressure.
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    ws.send(frame);
    sent += frame.length;
    if (sent % (32 * MiB) < frame.length) peak = Math.max(peak, rssBytes(pid));
  }
  peak = Math.max(peak, rssBytes(pid));
  ws.terminate();
  expect((peak - rss0) / MiB, `the server grew by less than 128 MiB while ${Math.round(sent / MiB)} MiB of stdin were sent${closed ? ` (closed: ${closeReason})` : ''}`).toBeLessThan(128);
});
});
