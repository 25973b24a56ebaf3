/**
 * Hostile cases for the host's capacity (issue 15 item 3, per host; item 7; issue 16's sleeping
 * clusters): scripts that open sessions until the class is full, guess tokens and ids at /k8s,
 * and damage the records file. Each case asserts a clear, bounded refusal (or a start that goes
 * on) and that the host still serves an honest learner afterwards. The host runs as server.ts
 * builds it: SQLite store file, records file, an idle limit and a small cap on awake clusters,
 * with an injected wall clock so "a minute later" needs no waiting.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDS_FILE, SandboxHost, type ClusterRecord } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { SqliteStoreFile } from '../../lib/k8s/sandbox/store/sqlite-persistence';
import { MAX_RECORDS_FILE_BYTES } from '../../lib/k8s/sandbox/records-file';
import { buildPortalContext } from '../../lib/lab/context';
import { portalContext, registerPortalContext, unregisterPortalContext } from '../../lib/portal/context';
import { answered, pageLoad, request } from './route-harness';
import * as labSession from '../../app/api/lab/session/route';
import * as labApply from '../../app/api/lab/apply/route';
import * as labStream from '../../app/api/lab/stream/route';

const MAX_ACTIVE = 3;
const MAX_CLUSTERS = 6;
const MIN = 60_000;
const CLASS_FULL = 'The class is full: every cluster slot is in use. Try again in a minute.';

let dataDir: string;
let file: SqliteStoreFile;
let host: SandboxHost;
let server: http.Server;
let base: string;
let wall = Date.UTC(2026, 0, 5, 9, 0, 0);
let partsBuilt = 0;
let addresses = 0;
const nextAddress = () => `203.0.113.${++addresses}`;

function buildHost(dir: string, storeFile: SqliteStoreFile, log: string[] = []): SandboxHost {
  return new SandboxHost({
    dataDir: dir,
    now: () => wall,
    idleMs: 20 * MIN,
    idleCheckEveryMs: 0,
    maxActive: MAX_ACTIVE,
    maxClusters: MAX_CLUSTERS,
    log: (m) => log.push(m),
    storedClusterIds: () => storeFile.clusterIds(),
    parts: (r) => {
      partsBuilt++;
      return sandboxParts({ clusterId: r.id, storeFile, wallNow: () => wall });
    },
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-capacity-'));
  process.env.KUBELAB_DATA_DIR = dataDir;
  file = new SqliteStoreFile(dataDir, { commitEveryMs: 100 });
  host = buildHost(dataDir, file);
  server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!host.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  registerPortalContext(buildPortalContext({ host, internalBase: base, dataDir }));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  host.close();
  file.close();
  portalContext().db.close();
  unregisterPortalContext();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A new browser: a page load for its cookie, then the bench's first call. */
async function newLearner(): Promise<{ cookie: string; status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  const cookie = pageLoad()!;
  const r = await answered(await labSession.POST(request('/api/lab/session', { cookie, address: nextAddress(), body: {} })));
  return { cookie, ...r };
}

async function openAgain(cookie: string) {
  return answered(await labSession.POST(request('/api/lab/session', { cookie, address: nextAddress(), body: {} })));
}

function recordOf(learner: { body: Record<string, unknown> }): ClusterRecord {
  return host.listClusters().find((r) => r.id === learner.body.clusterId)!;
}

async function apiGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; retryAfter: string | null }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
}

/** Drops every awake cluster that nothing holds, as if each had been idle long enough. */
function everyoneIdle(): void {
  wall += 25 * MIN;
  host.sleepIdle();
}

describe('hostile: a class bigger than the host', () => {
  let first: { cookie: string; status: number; body: Record<string, unknown> }[] = [];

  it('a script opening sessions for new learners gets a cluster for each until the class is full, then a clear 503 with Retry-After', async () => {
    first = [];
    const refusals: { status: number; body: Record<string, unknown>; retryAfter: string | null }[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await newLearner();
      if (r.status === 200) first.push(r);
      else refusals.push(r);
    }
    expect(first).toHaveLength(MAX_ACTIVE);
    expect(refusals).toHaveLength(12 - MAX_ACTIVE);
    for (const r of refusals) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ error: 'ClassFull', message: CLASS_FULL });
      expect(r.retryAfter).toBe('60');
    }
    // Bounded: no cluster was made or loaded for a refused newcomer.
    expect(host.awakeCount()).toBe(MAX_ACTIVE);
    expect(host.listClusters()).toHaveLength(MAX_ACTIVE);
    // The learners already in still work.
    for (const l of first) expect((await openAgain(l.cookie)).status).toBe(200);
  });

  it('a newcomer after a minute of quiet gets the slot of the least recently used learner, whose cluster sleeps with its objects', async () => {
    const sleeper = first[0];
    const sleeperRecord = recordOf(sleeper);
    const cm = await fetch(`${base}/k8s/${sleeperRecord.id}/token-${sleeperRecord.token}/api/v1/namespaces/default/configmaps`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine' }, data: { k: 'v' } }),
    });
    expect(cm.status).toBe(201);
    wall += 2 * MIN;
    for (const l of first.slice(1)) expect((await openAgain(l.cookie)).status).toBe(200);
    wall += 2 * MIN;
    const newcomer = await newLearner();
    expect(newcomer.status).toBe(200);
    expect(host.isAwake(sleeperRecord.id)).toBe(false);
    expect(host.awakeCount()).toBe(MAX_ACTIVE);

    // The sleeper comes back three hours later: woken (someone else sleeps), paused, objects intact.
    wall += 3 * 60 * MIN;
    const back = await openAgain(sleeper.cookie);
    expect(back.status).toBe(200);
    expect(back.body.pausedSeconds).toBe(3 * 60 * 60);
    const got = await apiGet(`${base}/k8s/${sleeperRecord.id}/token-${sleeperRecord.token}/api/v1/namespaces/default/configmaps/mine`);
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body).data).toEqual({ k: 'v' });
    expect(host.awakeCount()).toBe(MAX_ACTIVE);
  });

  it('learners who each hold their cluster with an open watch cannot be put to sleep for a newcomer, who is told the class is full', async () => {
    wall += 5 * MIN;
    const awake = host.listClusters().filter((r) => host.isAwake(r.id));
    const watches = awake.map((r) => {
      const abort = new AbortController();
      return { abort, res: fetch(`${base}/k8s/${r.id}/token-${r.token}/api/v1/namespaces/default/pods?watch=true`, { signal: abort.signal }) };
    });
    for (const w of watches) expect((await w.res).status).toBe(200);
    wall += 60 * MIN;
    expect(host.sleepIdle()).toEqual([]);
    const late = await newLearner();
    expect(late.status).toBe(503);
    expect(late.body.message).toBe(CLASS_FULL);
    // A learner whose cluster sleeps gets the same sentence from Apply and the stream, whose own
    // calls wake the cluster (they make no separate wake first), and nothing is applied.
    const sleeping = first.find((l) => !host.isAwake(recordOf(l).id))!;
    const apply = await answered(await labApply.POST(request('/api/lab/apply', { cookie: sleeping.cookie, address: nextAddress(), body: { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-applied\n' } })));
    expect(apply.status).toBe(503);
    expect(apply.body.message).toBe(CLASS_FULL);
    const stream = await answered(await labStream.GET(request('/api/lab/stream', { cookie: sleeping.cookie, address: nextAddress() })));
    expect(stream.status).toBe(503);
    expect(stream.body.message).toBe(CLASS_FULL);
    expect(host.isAwake(recordOf(sleeping).id)).toBe(false);
    for (const w of watches) w.abort.abort();
    // Once the watches end the slots free up: the same newcomer gets in after a minute.
    for (let i = 0; i < 50 && host.listClusters().some((r) => host.isAwake(r.id) && !host.sleep(r.id)); i++) await new Promise((r) => setTimeout(r, 10));
    expect(host.awakeCount()).toBe(0);
    expect((await openAgain(late.cookie)).status).toBe(200);
  });

  it('the cap on kept clusters refuses a new learner with a 503 that names the setting, and the others keep working', async () => {
    everyoneIdle();
    const outcomes: number[] = [];
    let refused: Record<string, unknown> | undefined;
    for (let i = 0; i < 6; i++) {
      everyoneIdle();
      const r = await newLearner();
      outcomes.push(r.status);
      if (r.status !== 200) refused = r.body;
    }
    expect(host.listClusters()).toHaveLength(MAX_CLUSTERS);
    expect(outcomes.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(refused?.error).toBe('ClusterLimit');
    expect(String(refused?.message)).toMatch(/keeps 6 clusters, its limit \(KUBELAB_MAX_CLUSTERS\)/);
    everyoneIdle();
    expect((await openAgain(first[1].cookie)).status).toBe(200);
  });
});

describe('hostile: guessing at /k8s', () => {
  it('five hundred guessed tokens for a sleeping cluster are all 401 and none of them loads it', async () => {
    everyoneIdle();
    const target = host.listClusters()[0];
    expect(host.isAwake(target.id)).toBe(false);
    const built = partsBuilt;
    const statuses = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const guess = Buffer.from(`guess-${i}-${'x'.repeat(30)}`).toString('base64url');
      statuses.add((await apiGet(`${base}/k8s/${target.id}/token-${guess}/api/v1/namespaces`)).status);
    }
    expect([...statuses]).toEqual([401]);
    expect(partsBuilt).toBe(built);
    expect(host.awakeCount()).toBe(0);
    expect((await apiGet(`${base}/k8s/${target.id}/token-${target.token}/api/v1/namespaces`)).status).toBe(200);
  });

  it('guessed ids with a real token, and bearer guesses, answer exactly like a wrong token, so ids cannot be probed', async () => {
    everyoneIdle();
    const real = host.listClusters()[0];
    const wrongToken = await apiGet(`${base}/k8s/${real.id}/token-${'A'.repeat(43)}/api/v1/pods`);
    const unknownId = await apiGet(`${base}/k8s/c${'f'.repeat(32)}/token-${real.token}/api/v1/pods`);
    const bearerUnknown = await apiGet(`${base}/k8s/c${'e'.repeat(32)}/api/v1/pods`, { authorization: `Bearer ${real.token}` });
    const noToken = await apiGet(`${base}/k8s/${real.id}/api/v1/pods`);
    for (const r of [wrongToken, unknownId, bearerUnknown, noToken]) {
      expect(r.status).toBe(401);
      expect(r.body).toBe(wrongToken.body);
    }
    expect(host.awakeCount()).toBe(0);
  });

  it('a token of 8,000 characters or of characters outside the token alphabet is refused without waking anything', async () => {
    everyoneIdle();
    const real = host.listClusters()[0];
    const huge = await apiGet(`${base}/k8s/${real.id}/token-${'a'.repeat(8_000)}/api/v1/pods`);
    const odd = await apiGet(`${base}/k8s/${real.id}/token-${encodeURIComponent('../../../etc/passwd')}/api/v1/pods`);
    const traversal = await apiGet(`${base}/k8s/..%2F..%2Finstructor-token/token-${real.token}/api/v1/pods`);
    for (const r of [huge, odd, traversal]) expect(r.status).toBe(401);
    expect(host.awakeCount()).toBe(0);
    expect((await apiGet(`${base}/k8s/${real.id}/token-${real.token}/version`)).status).toBe(200);
  });

  it('an exec upgrade with a guessed token is refused with 401 on the socket and wakes nothing', async () => {
    everyoneIdle();
    const real = host.listClusters()[0];
    const { port } = server.address() as AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`GET /k8s/${real.id}/token-${'B'.repeat(43)}/api/v1/namespaces/default/pods/x/exec?command=sh HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 401 Unauthorized/);
    expect(host.awakeCount()).toBe(0);
  });

  it('a request for a sleeping cluster while the class is full is a 503 with Retry-After, over HTTP and on an exec socket, and wakes it later', async () => {
    everyoneIdle();
    const records = host.listClusters();
    const holds = records.slice(0, MAX_ACTIVE).map((r) => host.hold(r.id));
    const sleeper = records[MAX_ACTIVE];
    const api = await apiGet(`${base}/k8s/${sleeper.id}/token-${sleeper.token}/api/v1/pods`);
    expect(api.status).toBe(503);
    expect(api.retryAfter).toBe('60');
    expect(JSON.parse(api.body)).toMatchObject({ kind: 'Status', code: 503, reason: 'ServiceUnavailable', message: CLASS_FULL });
    const { port } = server.address() as AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`GET /k8s/${sleeper.id}/token-${sleeper.token}/api/v1/namespaces/default/pods/x/exec?command=sh HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 503 ServiceUnavailable\r\n/);
    expect(reply).toMatch(/\r\nRetry-After: 60\r\n/);
    expect(host.awakeCount()).toBe(MAX_ACTIVE);
    for (const release of holds) release();
    wall += 2 * MIN;
    expect((await apiGet(`${base}/k8s/${sleeper.id}/token-${sleeper.token}/api/v1/pods`)).status).toBe(200);
  });

  it('a cluster whose stored rows were corrupted answers its own requests with an error and leaves every other cluster working', async () => {
    everyoneIdle();
    const [victim, other] = host.listClusters();
    file.flush();
    const db = (await import('better-sqlite3')).default;
    const raw = new db(path.join(dataDir, 'sandbox-store.db'));
    raw.prepare("UPDATE objects SET body = '{not json' WHERE cluster = ? AND resource = 'namespaces'").run(victim.id);
    raw.close();
    const broken = await apiGet(`${base}/k8s/${victim.id}/token-${victim.token}/api/v1/namespaces`);
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.body)).toMatchObject({ kind: 'Status', code: 500 });
    expect(host.isAwake(victim.id)).toBe(false);
    expect((await apiGet(`${base}/k8s/${other.id}/token-${other.token}/api/v1/namespaces`)).status).toBe(200);
  });
});

describe('hostile: the records file', () => {
  /** A host over a copy of a data dir whose records file was replaced by `damage`. */
  function startWith(damage: (recordsFile: string) => void): { host: SandboxHost; log: string[]; dir: string; storeFile: SqliteStoreFile; close(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-records-'));
    const storeFile = new SqliteStoreFile(dir, { commitEveryMs: 100 });
    const seed = buildHost(dir, storeFile);
    const { cluster } = seed.createCluster({ workers: 1 });
    cluster.context.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default' }, data: { a: 'b' } });
    seed.close();
    damage(path.join(dir, RECORDS_FILE));
    const log: string[] = [];
    const h = buildHost(dir, storeFile, log);
    return { host: h, log, dir, storeFile, close: () => {
      h.close();
      storeFile.close();
      fs.rmSync(dir, { recursive: true, force: true });
    } };
  }

  const cases: [string, (f: string) => void, RegExp][] = [
    ['truncated in the middle of a record', (f) => fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, 25)), /JSON/],
    ['zero bytes long', (f) => fs.writeFileSync(f, ''), /JSON/],
    ['binary garbage', (f) => fs.writeFileSync(f, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b])), /JSON|token/],
    ['JSON that is not a list', (f) => fs.writeFileSync(f, '{"clusters": "all of them"}'), /not a JSON list/],
    ['bigger than any real records file', (f) => {
      fs.writeFileSync(f, '[');
      fs.truncateSync(f, MAX_RECORDS_FILE_BYTES + 1);
    }, /more than the/],
    ['a directory instead of a file', (f) => {
      fs.rmSync(f);
      fs.mkdirSync(f);
    }, /EISDIR|directory/],
    ['nested a hundred thousand objects deep', (f) => fs.writeFileSync(f, '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), /not a JSON list|stack/],
  ];

  for (const [what, damage, reason] of cases) {
    it(`a records file ${what} is reported with its path, set aside, and the host starts with its clusters rebuilt from the store`, () => {
      const started = startWith(damage);
      try {
        const recordsFile = path.join(started.dir, RECORDS_FILE);
        expect(started.log[0]).toContain(recordsFile);
        expect(started.log[0]).toMatch(reason);
        expect(fs.readdirSync(started.dir).filter((n) => n.startsWith(`${RECORDS_FILE}.damaged-`))).toHaveLength(1);
        const [rebuilt] = started.host.listClusters();
        expect(started.host.listClusters()).toHaveLength(1);
        expect(started.host.wake(rebuilt.id).cluster.context.client.get({ group: '', resource: 'configmaps' }, 'default', 'kept')?.data).toEqual({ a: 'b' });
        // The rebuilt records were written back, readable by the next start.
        expect(JSON.parse(fs.readFileSync(recordsFile, 'utf8'))).toHaveLength(1);
      } finally {
        started.close();
      }
    });
  }

  it('records with hostile fields (a path as id, a token with spaces, a billion workers) are dropped one by one and the rest load', () => {
    const started = startWith((f) => {
      const good = JSON.parse(fs.readFileSync(f, 'utf8')) as ClusterRecord[];
      fs.writeFileSync(f, JSON.stringify([...good, { ...good[0], id: '../../instructor-token' }, { ...good[0], id: 'c2', token: 'a b' }, { ...good[0], id: 'c3', workers: 1e9 }]));
    });
    try {
      expect(started.host.listClusters()).toHaveLength(1);
      expect(started.log.join('\n')).toMatch(/3 entries .* were not valid cluster records/);
      expect(fs.readdirSync(started.dir).some((n) => n.includes('.damaged-'))).toBe(false);
    } finally {
      started.close();
    }
  });
});
