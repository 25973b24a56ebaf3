/**
 * Kubelab as shards on this machine: three shard processes (the multi-shard test's, without
 * Next.js) behind Debian's NGINX with the generated nginx.conf, sharing one PostgreSQL (a
 * throwaway server from Debian's binaries, durable: fsync on, as SQLite's synchronous=FULL), and
 * for comparison one shard process on SQLite reached directly. LEARNERS learners (default 150):
 *   - apply → first pod event: each learner's own kubectl watches pods (the path of their
 *     kubeconfig, ?watch=true), then all apply Exercise 5.3 (the three Jobs of job-patterns.yaml and
 *     a 3-replica StatefulSet) through the portal API at once; the time until the watch delivers
 *     the first pod (p50/p95), on the shards through NGINX and on the single SQLite process;
 *   - wake after a shard kill: the shard with the most learners is SIGKILLed; once its leases have
 *     run out (KUBELAB_LEASE_SECONDS, default 3 here) each of its learners' kubectl GETs through
 *     NGINX until a survivor answers; the time from the lease's end to that answer (p50/p95);
 *   - the latency NGINX adds: ROUNDS (default 10) rounds of each learner's kubectl GET of their
 *     configmaps and an apply of a ConfigMap through the portal API (a committed write), through
 *     NGINX to the shards and straight to the learner's shard, alternated;
 *   - the latency PostgreSQL adds: the same rounds on one process on PostgreSQL and one on SQLite
 *     (SQLITE_LEARNERS learners each, default 30), both running at once, alternated, so the
 *     machine's load falls on both alike;
 *   - for comparison, apply → first pod event of the LEARNERS learners on one SQLite process.
 * Usage: npx tsx scripts/bench/shards.ts   (needs nginx and postgresql: .ci/run installs both)
 * Env: LEARNERS, ROUNDS, LEASE_SECONDS, SQLITE_LEARNERS. Prints the figures and the machine's load.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ShardFleet } from '../../test/shards/testing/shard-fleet';
import { startThrowawayPostgres } from '../../lib/testing/postgres-server';

const LEARNERS = Number(process.env.LEARNERS ?? 150);
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const LEASE_SECONDS = Number(process.env.LEASE_SECONDS ?? 3);
const PAIR_LEARNERS = Number(process.env.SQLITE_LEARNERS ?? 30);
/** Arrivals (page, session, kubeconfig) at most this many at a time: they are not what is measured. */
const ARRIVING_AT_ONCE = 10;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(port: number, p: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...init.headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function fmt(xs: number[]): string {
  if (xs.length === 0) return 'no samples';
  return `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms (n=${xs.length})`;
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

// Exercise 5.3: the three Jobs of job-patterns.yaml and a 3-replica StatefulSet (as scripts/bench/class-capacity.mjs).
const jobsFile = fs.readFileSync(path.join(import.meta.dirname, '../../content/module-05/resources/workload-types/job-patterns.yaml'), 'utf8');
const JOB_NAMES = ['single-job', 'parallel-job', 'queue-job'];
const jobDocs = jobsFile.split(/^---\s*$/m).filter((d) => JOB_NAMES.some((n) => new RegExp(`^  name: ${n}$`, 'm').test(d)));
if (jobDocs.length !== 3) throw new Error(`expected the three Jobs of Exercise 5.3 in job-patterns.yaml, found ${jobDocs.length}`);
const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n';
const EXERCISE_5_3 = [...jobDocs, STS].join('\n---\n');

interface Learner {
  cookie: string;
  shard: string;
  shardPort: number;
  k8sPath: string;
}

/** Runs fn over items, at most n at a time. */
async function inBatches<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** A learner's first visit through `port` (NGINX, or the single process): a page (cookie), the session, the kubeconfig. */
async function arrive(fleet: ShardFleet, port: number, i: number): Promise<Learner> {
  const first = await request(port, '/lessons', { headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
  const cookie = /kubelab_learner=([^;]+)/.exec(String(first.headers['set-cookie'] ?? ''))?.[1];
  if (!cookie) throw new Error(`learner ${i}: no cookie (${first.status})`);
  const headers = { cookie: `kubelab_learner=${cookie}` };
  const session = await request(port, '/api/lab/session', { method: 'POST', headers });
  if (session.status !== 200) throw new Error(`learner ${i}: session ${session.status} ${session.body}`);
  const kubeconfig = await request(port, '/api/lab/kubeconfig', { headers });
  const server = new URL(/server: (\S+)/.exec(kubeconfig.body)![1]);
  const shard = String(session.headers['x-kubelab-shard']);
  return { cookie, shard, shardPort: fleet.shards.find((s) => s.id === shard)!.port, k8sPath: server.pathname.replace(/\/$/, '') };
}

/** Opens a pod watch through `port` once its headers arrive; event: when the first pod ADDED event arrived. */
function firstPodEvent(port: number, l: Learner): Promise<{ event: Promise<number> }> {
  return new Promise((resolve, reject) => {
    let onEvent!: (t: number) => void;
    const event = new Promise<number>((r) => (onEvent = r));
    const req = http.get({ host: '127.0.0.1', port, path: `${l.k8sPath}/api/v1/namespaces/default/pods?watch=true`, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        if (/"type":"ADDED"/.test(buf)) {
          onEvent(performance.now());
          req.destroy();
        }
      });
      resolve({ event });
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}

/** Every learner presses Apply on Exercise 5.3 at once; apply → first pod event on their watch. */
async function applyBurst(port: number, learners: Learner[]): Promise<number[]> {
  const watches = await Promise.all(learners.map((l) => firstPodEvent(port, l)));
  return Promise.all(
    learners.map(async (l, i) => {
      const started = performance.now();
      const applied = await request(port, '/api/lab/apply', { method: 'POST', headers: { cookie: `kubelab_learner=${l.cookie}`, 'content-type': 'application/json' }, body: JSON.stringify({ yaml: EXERCISE_5_3 }) });
      if (applied.status !== 200) throw new Error(`apply ${applied.status} ${applied.body.slice(0, 300)}`);
      return (await watches[i].event) - started;
    }),
  );
}

/** A kubectl GET of the learner's configmaps and an apply of a ConfigMap (a committed write), timed, one learner after another. */
async function latencyRounds(learners: Learner[], portOf: (l: Learner) => number, into: { get: number[]; write: number[] }, round: number): Promise<void> {
  for (const l of learners) {
    const port = portOf(l);
    let t = performance.now();
    const got = await request(port, `${l.k8sPath}/api/v1/namespaces/default/configmaps`);
    if (got.status !== 200) throw new Error(`get ${got.status}`);
    into.get.push(performance.now() - t);
    t = performance.now();
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: latency\ndata:\n  round: "${round}"\n`;
    const applied = await request(port, '/api/lab/apply', { method: 'POST', headers: { cookie: `kubelab_learner=${l.cookie}`, 'content-type': 'application/json' }, body: JSON.stringify({ yaml }) });
    if (applied.status !== 200) throw new Error(`apply ${applied.status} ${applied.body.slice(0, 300)}`);
    into.write.push(performance.now() - t);
  }
}

/** Says what each shard printed (and whether it still runs) when the bench fails. */
function tellShards(fleet: ShardFleet, err: unknown): never {
  for (const s of fleet.shards) console.error(`--- ${s.id} (${s.child.exitCode === null && s.child.signalCode === null ? 'running' : `exited ${s.child.exitCode ?? s.child.signalCode}`}):\n${s.output().slice(-3000)}`);
  throw err;
}

async function sharded(pgUrl: string): Promise<void> {
  const fleet = new ShardFleet({ KUBELAB_SESSIONS_PER_MINUTE: '100000', KUBELAB_DATABASE_URL: pgUrl, KUBELAB_LEASE_SECONDS: String(LEASE_SECONDS) });
  try {
    await Promise.all(['shard-a', 'shard-b', 'shard-c'].map((id) => fleet.addShard(id)));
    await fleet.startNginx();
    const learners = await inBatches(Array.from({ length: LEARNERS }), ARRIVING_AT_ONCE, (_, i) => arrive(fleet, fleet.nginxPort, i));
    const perShard = new Map<string, number>();
    for (const l of learners) perShard.set(l.shard, (perShard.get(l.shard) ?? 0) + 1);
    console.log(`shards: 3 behind nginx on PostgreSQL ${LEARNERS} learners (${[...perShard].map(([s, n]) => `${s} ${n}`).join(', ')}), load average ${load()} on ${os.cpus().length} cores`);
    console.log(`  apply Exercise 5.3 -> first pod event (all at once, watch through nginx): ${fmt(await applyBurst(fleet.nginxPort, learners))}`);

    const viaNginx = { get: [] as number[], write: [] as number[] };
    const direct = { get: [] as number[], write: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternated, so drift in the machine's load falls on both.
      if (r % 2) {
        await latencyRounds(learners, () => fleet.nginxPort, viaNginx, r);
        await latencyRounds(learners, (l) => l.shardPort, direct, r);
      } else {
        await latencyRounds(learners, (l) => l.shardPort, direct, r);
        await latencyRounds(learners, () => fleet.nginxPort, viaNginx, r);
      }
    }
    console.log(`  kubectl get configmaps through nginx: ${fmt(viaNginx.get)}; straight to the shard: ${fmt(direct.get)}`);
    console.log(`  apply a ConfigMap (portal API, committed) through nginx: ${fmt(viaNginx.write)}; straight to the shard: ${fmt(direct.write)}`);
    console.log(`  nginx adds: get p50 ${(quantile(viaNginx.get, 0.5) - quantile(direct.get, 0.5)).toFixed(1)} ms, apply p50 ${(quantile(viaNginx.write, 0.5) - quantile(direct.write, 0.5)).toFixed(1)} ms`);

    const [victimId] = [...perShard.entries()].sort((a, b) => b[1] - a[1])[0];
    const victims = learners.filter((l) => l.shard === victimId);
    await fleet.kill(fleet.shards.find((s) => s.id === victimId)!);
    const killedAt = performance.now();
    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000));
    const leaseEnd = killedAt + LEASE_SECONDS * 1000;
    const wakes = await Promise.all(
      victims.map(async (l) => {
        for (;;) {
          const got = await request(fleet.nginxPort, `${l.k8sPath}/api/v1/namespaces/default/pods`);
          if (got.status === 200) return performance.now() - leaseEnd;
          if (got.status !== 503 && got.status !== 502) throw new Error(`after the kill: ${got.status} ${got.body.slice(0, 200)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }),
    );
    console.log(`  wake after SIGKILL of ${victimId} (${victims.length} learners, lease ${LEASE_SECONDS} s): from the lease's end to a survivor's answer ${fmt(wakes)}; load average ${load()}`);
  } catch (err) {
    tellShards(fleet, err);
  } finally {
    await fleet.close();
  }
}

/** One process on PostgreSQL and one on SQLite, both at once, the same rounds alternated between them. */
async function postgresAgainstSqlite(pgUrl: string): Promise<void> {
  const onPg = new ShardFleet({ KUBELAB_SESSIONS_PER_MINUTE: '100000', KUBELAB_DATABASE_URL: pgUrl });
  const onSqlite = new ShardFleet({ KUBELAB_SESSIONS_PER_MINUTE: '100000' });
  try {
    const [pgShard, sqliteShard] = await Promise.all([onPg.addShard('one-postgres'), onSqlite.addShard('one-sqlite')]);
    const pgLearners = await inBatches(Array.from({ length: PAIR_LEARNERS }), ARRIVING_AT_ONCE, (_, i) => arrive(onPg, pgShard.port, i));
    const sqliteLearners = await inBatches(Array.from({ length: PAIR_LEARNERS }), ARRIVING_AT_ONCE, (_, i) => arrive(onSqlite, sqliteShard.port, i));
    const pg = { get: [] as number[], write: [] as number[] };
    const sqlite = { get: [] as number[], write: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2) {
        await latencyRounds(pgLearners, () => pgShard.port, pg, r);
        await latencyRounds(sqliteLearners, () => sqliteShard.port, sqlite, r);
      } else {
        await latencyRounds(sqliteLearners, () => sqliteShard.port, sqlite, r);
        await latencyRounds(pgLearners, () => pgShard.port, pg, r);
      }
    }
    console.log(`one process on PostgreSQL and one on SQLite, ${PAIR_LEARNERS} learners each, at once; load average ${load()}`);
    console.log(`  kubectl get configmaps: PostgreSQL ${fmt(pg.get)}; SQLite ${fmt(sqlite.get)}`);
    console.log(`  apply a ConfigMap (portal API, committed): PostgreSQL ${fmt(pg.write)}; SQLite ${fmt(sqlite.write)}`);
    console.log(`  PostgreSQL adds: get p50 ${(quantile(pg.get, 0.5) - quantile(sqlite.get, 0.5)).toFixed(1)} ms, apply p50 ${(quantile(pg.write, 0.5) - quantile(sqlite.write, 0.5)).toFixed(1)} ms, apply p95 ${(quantile(pg.write, 0.95) - quantile(sqlite.write, 0.95)).toFixed(1)} ms`);
  } finally {
    await Promise.all([onPg.close(), onSqlite.close()]);
  }
}

/** The burst on one SQLite process, for comparison with the three shards. */
async function singleSqliteBurst(): Promise<void> {
  const fleet = new ShardFleet({ KUBELAB_SESSIONS_PER_MINUTE: '100000' });
  try {
    const shard = await fleet.addShard('single');
    const learners = await inBatches(Array.from({ length: LEARNERS }), ARRIVING_AT_ONCE, (_, i) => arrive(fleet, shard.port, i));
    console.log(`one process on SQLite: ${LEARNERS} learners, load average ${load()}`);
    console.log(`  apply Exercise 5.3 -> first pod event (all at once, watch straight to the process): ${fmt(await applyBurst(shard.port, learners))}`);
  } finally {
    await fleet.close();
  }
}

async function main(): Promise<void> {
  const pg = startThrowawayPostgres({ durable: true });
  try {
    await sharded(pg.url);
    await postgresAgainstSqlite(pg.url);
  } finally {
    pg.stop();
  }
  await singleSqliteBurst();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
