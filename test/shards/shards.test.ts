/**
 * Kubelab as shards, end to end: Debian's NGINX with the generated config
 * (lib/deploy/nginx-shards.ts) in front of three Kubelab shard processes sharing one PostgreSQL
 * database (KUBELAB_DATABASE_URL: the sandbox objects, cluster leases and records, and the
 * learners' data). Each learner's pages, portal API and own kubectl (the server URL of their
 * kubeconfig) reach one shard, proven by the X-Kubelab-Shard header every shard adds. A shard
 * killed with SIGKILL sends only its own learners elsewhere; once their leases run out
 * (KUBELAB_LEASE_SECONDS=3 here) they continue there with their objects (a Job and its pod),
 * progress (a lesson marked read) and terminal (the kubeconfig they downloaded: same id, same
 * token). A fourth shard takes only learners it now owns on the ring; their clusters are handed
 * over (asleep on the old shard, awake on the new) with everything kept.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARD_KEY_LENGTH } from '../../lib/http/shard-key';
import { moduleLessons } from '../../lib/content/lessons';
import { testPostgres, withClient } from '../../lib/testing/postgres';
import { NGINX, ShardFleet } from './testing/shard-fleet';

const LEARNERS = 30;
/** The lease timeout of the shards here: a killed shard's learners wait this long (production: 30 s). */
const LEASE_SECONDS = 3;
const pg = testPostgres();

interface Learner {
  i: number;
  cookie: string;
  shard: string;
  clusterId: string;
  server: string;
  token: string;
}

let fleet: ShardFleet;
let database: { url: string; drop(): Promise<void> } | undefined;
const learners: Learner[] = [];
const lesson = moduleLessons()[0].slug;

type Init = { method?: string; cookie?: string; body?: unknown; headers?: Record<string, string> };
type Answer = { status: number; shard: string; text: string; setCookie: string | null };

async function call(path: string, init: Init = {}): Promise<Answer> {
  try {
    return await callOnce(path, init);
  } catch (err) {
    // An NGINX reload retires its old workers, which close idle kept-alive connections: a GET
    // sent on one as it closes is retried, as browsers and kubectl retry idempotent requests.
    if ((init.method ?? 'GET') !== 'GET') throw err;
    return callOnce(path, init);
  }
}

async function callOnce(path: string, init: Init): Promise<Answer> {
  const res = await fetch(path.startsWith('http') ? path : `http://127.0.0.1:${fleet.nginxPort}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.cookie ? { cookie: `kubelab_learner=${init.cookie}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, shard: res.headers.get('x-kubelab-shard') ?? '', text: await res.text(), setCookie: res.headers.get('set-cookie') };
}

/**
 * A request that a shard answers 503 while another shard's lease on the cluster is live (the
 * killed shard's, until it runs out; the old owner's, until it hands the cluster over), tried
 * again as a client honouring the 503 would, within two lease timeouts.
 */
async function once503Passes(send: () => Promise<Answer>): Promise<Answer> {
  const deadline = Date.now() + 2 * LEASE_SECONDS * 1000 + 5000;
  for (;;) {
    const got = await send();
    if (got.status !== 503 || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function page(cookie?: string) {
  return call('/lessons', { cookie, headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
}

async function newCookie(i: number): Promise<string> {
  const first = await page();
  const cookie = /kubelab_learner=([^;]+)/.exec(first.setCookie ?? '')?.[1];
  if (!cookie) throw new Error(`learner ${i}: the first page issued no cookie (${first.status} ${first.text})`);
  return cookie;
}

const JOB = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: work\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: ["sh", "-c", "echo done"]\n';

/** A learner's visits through NGINX: a page, the lab session, an apply (a ConfigMap and a Job), a lesson read, their kubeconfig. */
async function arrive(i: number, cookie: string): Promise<Learner> {
  const shard = (await page(cookie)).shard;
  const session = await call('/api/lab/session', { method: 'POST', cookie });
  expect(session.status, session.text).toBe(200);
  expect(session.shard).toBe(shard);
  const { clusterId } = JSON.parse(session.text) as { clusterId: string };
  expect(clusterId.slice(0, 1 + SHARD_KEY_LENGTH)).toBe(`k${cookie.slice(0, SHARD_KEY_LENGTH)}`);
  const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: learner-${i}\ndata:\n  n: "${i}"\n---\n${JOB}`;
  const applied = await call('/api/lab/apply', { method: 'POST', cookie, body: { yaml } });
  expect(applied.status, applied.text).toBe(200);
  expect(applied.shard).toBe(shard);
  const read = await call('/api/progress', { method: 'POST', cookie, body: { lesson } });
  expect(read.status, read.text).toBe(200);
  const kubeconfig = await call('/api/lab/kubeconfig', { cookie });
  expect(kubeconfig.status, kubeconfig.text).toBe(200);
  const server = /server: (\S+)/.exec(kubeconfig.text)![1];
  const token = /token: (\S+)/.exec(kubeconfig.text)![1];
  return { i, cookie, shard, clusterId, server, token };
}

/** What the learner's own kubectl reads at their kubeconfig's server URL. */
function kubectlGet(l: Learner, path: string) {
  return call(`${l.server.replace(/\/$/, '')}${path}`, { headers: { authorization: `Bearer ${l.token}` } });
}

/** The learner's Job's pods, once the Job controller has made one (a watch through NGINX, as `kubectl get pods -w`). */
function jobPod(l: Learner): Promise<string> {
  const url = new URL(`${l.server.replace(/\/$/, '')}/api/v1/namespaces/default/pods?watch=true&labelSelector=job-name%3Dwork`);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${l.token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`learner ${l.i}: pod watch answered ${res.statusCode}`));
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        const name = /"type":"ADDED","object":\{.*?"name":"(work-[^"]+)"/.exec(buf)?.[1];
        if (name) {
          resolve(name);
          req.destroy();
        }
      });
    });
    req.on('error', reject);
  });
}

/**
 * Everything a learner had, read on the shard that now runs their cluster: the portal session
 * names the same cluster; their kubeconfig's server URL and token (unchanged: their terminal's
 * and their own kubectl's) reach it; their ConfigMap, Job and its pod are there; their progress
 * says the lesson is read; a new kubeconfig is the same one.
 */
async function expectEverythingKept(l: Learner, pod: string, shard: string): Promise<void> {
  const configMap = await once503Passes(() => kubectlGet(l, `/api/v1/namespaces/default/configmaps/learner-${l.i}`));
  expect(configMap.status, configMap.text).toBe(200);
  expect(configMap.shard).toBe(shard);
  expect((JSON.parse(configMap.text) as { data: { n: string } }).data.n).toBe(String(l.i));
  const job = await kubectlGet(l, '/apis/batch/v1/namespaces/default/jobs/work');
  expect(job.status, job.text).toBe(200);
  const pods = await kubectlGet(l, '/api/v1/namespaces/default/pods?labelSelector=job-name%3Dwork');
  expect((JSON.parse(pods.text) as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name)).toContain(pod);

  const session = await once503Passes(() => call('/api/lab/session', { method: 'POST', cookie: l.cookie }));
  expect(session.status, session.text).toBe(200);
  expect(session.shard).toBe(shard);
  expect((JSON.parse(session.text) as { clusterId: string }).clusterId).toBe(l.clusterId);
  const progress = await call('/api/progress', { cookie: l.cookie });
  expect(progress.status, progress.text).toBe(200);
  expect((JSON.parse(progress.text) as { progress: { lessons: { lesson: string }[] } }).progress.lessons.map((x) => x.lesson)).toContain(lesson);
  const kubeconfig = await call('/api/lab/kubeconfig', { cookie: l.cookie });
  expect(kubeconfig.status, kubeconfig.text).toBe(200);
  expect(/server: (\S+)/.exec(kubeconfig.text)![1]).toBe(l.server);
  expect(/token: (\S+)/.exec(kubeconfig.text)![1]).toBe(l.token);
}

/** A database of its own on the run's PostgreSQL server, shared by this test's shards. */
async function sharedDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kubelab_shards_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

describe.skipIf(!NGINX || !pg.url)('Kubelab shards behind NGINX (hash by the learner shard key, consistent), sharing PostgreSQL', () => {
  const pods = new Map<string, string>();
  /** The learners of the shard killed. */
  const victimLearners = new Set<Learner>();

  beforeAll(async () => {
    database = await sharedDatabase(pg.url!);
    fleet = new ShardFleet({ KUBELAB_SESSIONS_PER_MINUTE: '1000', KUBELAB_DATABASE_URL: database.url, KUBELAB_LEASE_SECONDS: String(LEASE_SECONDS) });
    await Promise.all(['shard-a', 'shard-b', 'shard-c'].map((id) => fleet.addShard(id)));
    await fleet.startNginx();
  }, 90_000);

  afterAll(async () => {
    await fleet?.close();
    await database?.drop();
  });

  it('sends each of thirty learners to one shard: pages, lab session, apply, progress, and their own kubectl at the kubeconfig server URL', async () => {
    learners.push(...(await Promise.all(Array.from({ length: LEARNERS }, async (_, i) => arrive(i, await newCookie(i))))));
    await Promise.all(
      learners.map(async (l) => {
        const got = await kubectlGet(l, `/api/v1/namespaces/default/configmaps/learner-${l.i}`);
        expect(got.status, got.text).toBe(200);
        expect(got.shard).toBe(l.shard);
        // A sharded portal's kubeconfig over https names /k8s/<id> with the token as a bearer
        // header (shard-kubeconfig.ts): behind the ingress's TLS that reaches NGINX as this.
        const bearer = await call(`/k8s/${l.clusterId}/api/v1/namespaces/default/configmaps/learner-${l.i}`, { headers: { authorization: `Bearer ${l.token}` } });
        expect(bearer.status, bearer.text).toBe(200);
        expect(bearer.shard).toBe(l.shard);
        pods.set(l.cookie, await jobPod(l));
      }),
    );
    // Thirty random keys on a ring of three shards use more than one of them.
    expect(new Set(learners.map((l) => l.shard)).size).toBeGreaterThan(1);
  }, 60_000);

  it("streams through NGINX as written: the learner's kubectl watch sees an object applied through the portal", async () => {
    const l = learners[0];
    const url = new URL(`${l.server.replace(/\/$/, '')}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0`);
    const seen = new Promise<{ shard: string }>((resolve, reject) => {
      const req = http.get(url, { headers: { authorization: `Bearer ${l.token}` } }, (res) => {
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('"name":"streamed"')) {
            resolve({ shard: String(res.headers['x-kubelab-shard']) });
            req.destroy();
          }
        });
        // Applied once the watch is open: the ADDED event can only come through the open stream.
        void call('/api/lab/apply', { method: 'POST', cookie: l.cookie, body: { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: streamed\n' } }).then((r) => r.status === 200 || reject(new Error(r.text)));
      });
      req.on('error', reject);
    });
    expect((await seen).shard).toBe(l.shard);
  });

  it('after SIGKILL to one shard, only its learners move, and once the lease runs out they continue on a survivor with their objects, progress and kubeconfig', async () => {
    const counts = new Map<string, number>();
    for (const l of learners) counts.set(l.shard, (counts.get(l.shard) ?? 0) + 1);
    const victimId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    await fleet.kill(fleet.shards.find((s) => s.id === victimId)!);
    await Promise.all(
      learners.map(async (l) => {
        const now = (await page(l.cookie)).shard;
        if (l.shard !== victimId) {
          // Consistent hashing: a learner of a surviving shard stays.
          expect(now).toBe(l.shard);
          return;
        }
        expect(now).not.toBe(victimId);
        victimLearners.add(l);
        await expectEverythingKept(l, pods.get(l.cookie)!, now);
        l.shard = now;
      }),
    );
  }, 60_000);

  it('a fourth shard takes only learners it now owns on the ring; their clusters are handed over with everything kept, the others stay', async () => {
    const before = new Map(learners.map((l) => [l.cookie, l.shard]));
    // The reload also drops the killed shard from the ring (a Deployment's or a shrunk StatefulSet's
    // config): its former learners, placed by NGINX's retry until now, may move between survivors too.
    await fleet.addShard('shard-d');
    await fleet.reloadNginx();
    const moved: { l: Learner; now: string }[] = [];
    for (const l of learners) {
      const now = (await page(l.cookie)).shard;
      if (now === before.get(l.cookie)) continue;
      if (!victimLearners.has(l)) expect(now).toBe('shard-d');
      moved.push({ l, now });
    }
    expect(moved.filter((m) => m.now === 'shard-d').length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(learners.length);
    await Promise.all(moved.map(({ l, now }) => expectEverythingKept(l, pods.get(l.cookie)!, now)));
    for (const { l, now } of moved) l.shard = now;
    for (const l of learners.filter((x) => !moved.some((m) => m.l === x))) {
      const got = await kubectlGet(l, '/api/v1/namespaces/default/configmaps');
      expect(got.status, got.text).toBe(200);
      expect(got.shard).toBe(l.shard);
    }
  }, 60_000);
});
