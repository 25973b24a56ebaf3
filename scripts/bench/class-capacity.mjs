#!/usr/bin/env node
/**
 * A class on one portal, measured over loopback HTTP as browsers talk to it. The bench starts
 * the portal itself (production build in KUBELAB_NEXT_DIST_DIR, default .next; its own port and
 * a temporary data directory) and stops it at the end. Three scenarios:
 *
 *  burst     LEARNERS (default 100) arrive at once: lesson page (the cookie), lab session, the
 *            bench's stream; then all press Apply within the same second on a Job, a 3-replica
 *            StatefulSet and a DaemonSet. Apply answer p50/p95 (target p95 < 1 s), apply → first
 *            pod event on the stream p95 (target < 2 s), session p95, CPU and peak RSS.
 *  arrivals  ARRIVALS (default 300) learners arrive evenly within 30 s (page, then session):
 *            session p95 (target < 1 s) and failures (target none). The portal gets
 *            KUBELAB_MAX_ACTIVE_CLUSTERS above ARRIVALS, since every newcomer needs a cluster awake.
 *  capacity  A course: SEEDED (default 1,000) enrolled learners with stored Exercise 5.3 clusters
 *            (scripts/bench/class-seed.ts), ACTIVE (default 100) of them come back at once, each
 *            waking their cluster (session), opening the stream and applying Exercise 5.3 (three
 *            Jobs and a 3-replica StatefulSet) ROUNDS times (default 3) under fresh names: CPU of
 *            the process (target < 1 core), peak RSS (target < 1.5 GB), apply → first pod event
 *            p95 (target < 200 ms), wake p95, and the portal's start-up time with the course
 *            stored against an empty data directory.
 *
 * Usage: node scripts/bench/class-capacity.mjs burst|arrivals|capacity [--port 3600] [--keep]
 * Env: KUBELAB_NEXT_DIST_DIR (the build to run), LEARNERS, ARRIVALS, SEEDED, ACTIVE, ROUNDS,
 *      PROFILE_DIR (the portal runs with --cpu-prof into it), DEADLINE_S (default 300).
 * Every learner comes from its own loopback address (127.0.x.y), as a class's machines would.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { listenerPid } from './support/listener-pid.mjs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pct } from './support/stats.mjs';

const args = process.argv.slice(2);
const mode = args.find((a) => ['burst', 'arrivals', 'capacity'].includes(a));
const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 3600;
const keep = args.includes('--keep');
if (!mode) {
  console.error('usage: node scripts/bench/class-capacity.mjs burst|arrivals|capacity [--port 3600] [--keep]');
  process.exit(2);
}
const LEARNERS = Number(process.env.LEARNERS ?? 100);
const ARRIVALS = Number(process.env.ARRIVALS ?? 300);
const SEEDED = Number(process.env.SEEDED ?? 1000);
const ACTIVE = Number(process.env.ACTIVE ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DEADLINE_S = Number(process.env.DEADLINE_S ?? 300);
const PAGE = '/learn/module-05/jobs';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const host = '127.0.0.1';
const deadline = Date.now() + DEADLINE_S * 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const verdict = (ok) => (ok ? 'OK' : 'MISSED');
const line = (label, xs, target) => `${label}: n ${xs.length}, p50 ${f0(pct(xs, 50))} ms, p95 ${f0(pct(xs, 95))} ms, max ${f0(Math.max(...xs))} ms${target ? ` (target p95 < ${target} ms) ${verdict(pct(xs, 95) < target)}` : ''}`;

// ---------------------------------------------------------------- the portal, started by the bench
async function startPortal(dataDir, extraEnv = {}) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: host,
    KUBELAB_DATA_DIR: dataDir,
    KUBELAB_SESSIONS_PER_MINUTE: '100000',
    ...extraEnv,
  };
  const profile = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  let listening;
  for (;;) {
    if (exited) throw new Error(`the portal exited while starting:\n${log.slice(-2000)}`);
    if (performance.now() - t0 > 120_000) throw new Error(`the portal did not start in 120 s:\n${log.slice(-2000)}`);
    if (listening === undefined && log.includes('Kubelab ready')) listening = performance.now() - t0;
    if (listening !== undefined) {
      const r = await request({}, 'GET', PAGE, { timeoutMs: 30_000 }).catch(() => undefined);
      if (r?.status === 200) break;
    }
    await sleep(20);
  }
  const firstPage = performance.now() - t0;
  // Ready as a load balancer sees it (/readyz: the sandbox workers have started): a class is let
  // in then, not while the workers still load their code (wakes sent earlier queue behind it).
  for (;;) {
    if (exited) throw new Error(`the portal exited while starting:\n${log.slice(-2000)}`);
    if (performance.now() - t0 > 120_000) throw new Error(`the portal was not ready in 120 s:\n${log.slice(-2000)}`);
    const r = await request({}, 'GET', '/readyz', { timeoutMs: 30_000 }).catch(() => undefined);
    if (r?.status === 200) break;
    await sleep(20);
  }
  const ready = performance.now() - t0;
  const pid = serverPid();
  return {
    child,
    pid,
    listening,
    firstPage,
    ready,
    log: () => log,
    stop: async () => {
      child.kill('SIGTERM');
      for (let i = 0; i < 200 && !exited; i++) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** The process listening on our port. */
function serverPid() {
  return listenerPid(port);
}

/** CPU seconds of the process and of its live children (worker processes, if any), from /proc. */
function cpuSeconds(pid) {
  let ticks = 0;
  const visit = (p) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(c);
      }
    } catch {
      // gone
    }
  };
  visit(pid);
  return ticks / 100;
}
function rssBytes(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(s.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
/** A second in which the portal used less CPU than this counts as settled. */
const SETTLED_CPU_S = 0.15;
/** Waits until the portal uses less than SETTLED_CPU_S of CPU in a second (at most 60 s); the CPU seconds it used meanwhile. */
async function settle(pid) {
  const start = cpuSeconds(pid);
  let last = start;
  for (let i = 0; i < 60; i++) {
    await sleep(1000);
    const now = cpuSeconds(pid);
    if (now - last < SETTLED_CPU_S) return { cpu: now - start, done: true };
    last = now;
  }
  return { cpu: last - start, done: false };
}

/** Samples CPU and RSS of the portal over a window. */
function meter(pid) {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let peak = rssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 200);
  return () => {
    clearInterval(timer);
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    return { cpu, cores: cpu / wall, wall, peakRss: Math.max(peak, rssBytes(pid)) };
  };
}

// ---------------------------------------------------------------- HTTP with a chosen source address
function request(l, method, p, { body, stream, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    // A browser's page load says it accepts HTML: the portal issues the learner cookie with such a page.
    const headers = { host: `localhost:${port}`, connection: 'close', accept: method === 'GET' ? 'text/html' : 'application/json' };
    if (l.cookie) headers.cookie = l.cookie;
    if (method !== 'GET') {
      headers.origin = `http://localhost:${port}`;
      headers['content-type'] = 'application/json';
    }
    const data = body === undefined ? undefined : JSON.stringify(body);
    if (data !== undefined) headers['content-length'] = String(Buffer.byteLength(data));
    const t0 = performance.now();
    const req = http.request({ host, port, method, path: p, headers, localAddress: l.address, agent: false, setHost: false });
    const timer = setTimeout(() => req.destroy(new Error(`${method} ${p}: no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on('response', (res) => {
      for (const sc of res.headers['set-cookie'] ?? []) {
        const pair = sc.split(';')[0];
        if (pair.startsWith('kubelab_learner=') && !l.cookie) l.cookie = pair;
      }
      if (stream) {
        clearTimeout(timer);
        stream(res);
        resolve({ status: res.statusCode, ms: performance.now() - t0, req });
        return;
      }
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode, ms: performance.now() - t0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.end(data);
  });
}

let addressCount = 0;
function newLearner(cookie) {
  const n = addressCount++;
  return { address: `127.0.${1 + Math.floor(n / 250)}.${(n % 250) + 1}`, cookie, waiting: [] };
}

/** Opens the learner's SSE stream; resolves once the pods' SNAPSHOT arrived. ADDED pods resolve waiters by name prefix. */
/**
 * Opens the bench's stream; resolves once its pods SNAPSHOT came. l.populatedMs then says when
 * the last SNAPSHOT so far came (ms after the request): the bench is filled in once every
 * resource's has.
 */
async function openStream(l) {
  let buf = '';
  const t0 = performance.now();
  let snapshot;
  const snapshotSeen = new Promise((r) => (snapshot = r));
  const r = await request(l, 'GET', '/api/lab/stream', {
    stream: (res) => {
      res.on('data', (d) => {
        buf += d.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((x) => x.startsWith('data: ')).map((x) => x.slice(6)).join('\n');
          if (!data) continue;
          let e;
          try {
            e = JSON.parse(data);
          } catch {
            continue;
          }
          if (e.type === 'SNAPSHOT') l.populatedMs = performance.now() - t0;
          if (e.type === 'SNAPSHOT' && e.resource === 'pods') snapshot();
          if (e.type === 'ADDED' && e.resource === 'pods') {
            const name = e.object?.metadata?.name ?? '';
            for (const w of l.waiting) if (!w.done && w.prefixes.some((p) => name.startsWith(p))) w.resolve();
          }
        }
      });
      res.on('error', () => undefined);
    },
  });
  if (r.status !== 200) throw new Error(`stream ${r.status}`);
  l.close = () => r.req.destroy();
  const ok = await Promise.race([snapshotSeen.then(() => true), sleep(60_000).then(() => false)]);
  if (!ok) throw new Error('stream: no pods SNAPSHOT in 60 s');
}

/** Applies yaml; resolves { answerMs, eventMs } (eventMs: to the first ADDED pod with one of the prefixes). */
async function applyAndWatch(l, yaml, prefixes, failures) {
  const w = { prefixes, done: false };
  const seen = new Promise((r) => (w.resolve = () => { w.done = true; r(); }));
  l.waiting.push(w);
  const t0 = performance.now();
  const a = await request(l, 'POST', '/api/lab/apply', { body: { yaml } }).catch((e) => ({ status: 0, text: String(e) }));
  const answerMs = performance.now() - t0;
  if (a.status !== 200) {
    failures.push(`apply: ${a.status} ${a.text.slice(0, 120)}`);
    return undefined;
  }
  const errors = JSON.parse(a.text).results.filter((r) => r.action === 'error');
  if (errors.length) failures.push(`apply: ${errors[0].summary}`);
  const ok = await Promise.race([seen.then(() => true), sleep(30_000).then(() => false)]);
  if (!ok) {
    failures.push('apply: no pod event within 30 s');
    return { answerMs };
  }
  return { answerMs, eventMs: performance.now() - t0 };
}

async function openLab(l, sessions, failures) {
  if (!l.cookie) {
    const page = await request(l, 'GET', PAGE);
    if (page.status !== 200) throw new Error(`page ${page.status}`);
  }
  const s = await request(l, 'POST', '/api/lab/session', { body: {} });
  if (s.status !== 200) {
    failures.push(`session: ${s.status} ${s.text.slice(0, 120)}`);
    return false;
  }
  sessions.push(s.ms);
  return true;
}

function failureSummary(failures) {
  if (!failures.length) return 'failures: none';
  const byKind = new Map();
  for (const f of failures) byKind.set(f.slice(0, 80), (byKind.get(f.slice(0, 80)) ?? 0) + 1);
  return `failures: ${failures.length}: ${[...byKind].map(([k, v]) => `${v}× ${k}`).join('; ')}`;
}

const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;

// ---------------------------------------------------------------- the exercises
const jobsFile = fs.readFileSync(path.join(root, 'content/module-05/resources/workload-types/job-patterns.yaml'), 'utf8');
const JOB_NAMES = ['single-job', 'parallel-job', 'queue-job'];
const jobDocs = jobsFile.split(/^---\s*$/m).filter((d) => JOB_NAMES.some((n) => new RegExp(`^  name: ${n}$`, 'm').test(d)));
if (jobDocs.length !== 3) throw new Error(`expected the three Jobs of Exercise 5.3 in job-patterns.yaml, found ${jobDocs.length}`);
const sts = (n) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${n}\nspec:\n  serviceName: ${n}\n  replicas: 3\n  selector:\n    matchLabels: {app: ${n}}\n  template:\n    metadata:\n      labels: {app: ${n}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n`;
function exercise53(round) {
  const jobs = jobDocs.map((d) => d.replace(/^  name: ([a-z-]+)$/m, `  name: $1-r${round}`));
  return { yaml: [...jobs, sts(`web-r${round}`)].join('\n---\n'), prefixes: [...JOB_NAMES.map((n) => `${n}-r${round}-`), `web-r${round}-`] };
}
const burstYaml = [
  'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: busybox:1.36\n        command: ["sh", "-c", "echo 3.14159"]\n',
  sts('web'),
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: busybox:1.36\n        command: ["sleep", "36000"]\n',
].join('---\n');

// ---------------------------------------------------------------- scenarios
async function burst() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-class-'));
  const portal = await startPortal(dir);
  console.log(`portal pid ${portal.pid} on :${port}: listening after ${f0(portal.listening)} ms, first lesson page after ${f0(portal.firstPage)} ms (empty data directory)`);
  const failures = [];
  const sessions = [];
  const learners = Array.from({ length: LEARNERS }, () => newLearner());
  const m = meter(portal.pid);
  const cpuAt = [cpuSeconds(portal.pid)];
  const t0 = performance.now();
  const opened = await Promise.all(learners.map((l) => openLab(l, sessions, failures).catch((e) => failures.push(`open: ${e.message}`) && false)));
  const ready = learners.filter((_, i) => opened[i] === true);
  const openWall = performance.now() - t0;
  await Promise.all(ready.map((l) => openStream(l).catch((e) => failures.push(e.message))));
  const streaming = ready.filter((l) => l.close);
  cpuAt.push(cpuSeconds(portal.pid));
  console.log(`${LEARNERS} learners arrived at once: all sessions in ${f0(openWall)} ms; ${streaming.length} streams open`);
  await sleep(2000);
  cpuAt.push(cpuSeconds(portal.pid));
  const answers = [];
  const events = [];
  const go = Date.now() + 500;
  await Promise.all(streaming.map(async (l) => {
    await sleep(go - Date.now() + Math.random() * 500);
    const r = await applyAndWatch(l, burstYaml, ['pi-', 'web-', 'agent-'], failures);
    if (r?.answerMs !== undefined) answers.push(r.answerMs);
    if (r?.eventMs !== undefined) events.push(r.eventMs);
  }));
  cpuAt.push(cpuSeconds(portal.pid));
  const settled = await settle(portal.pid);
  const use = m();
  console.log(line('session (POST /api/lab/session, a new cluster each)', sessions, 1000));
  console.log(line('bench filled in (stream opened → its last list, the SNAPSHOT of every resource)', ready.map((l) => l.populatedMs).filter((x) => x !== undefined)));
  console.log(line('apply answer (Job + 3-replica StatefulSet + DaemonSet, all within one second)', answers, 1000));
  console.log(line('apply → first pod event on the stream', events, 2000));
  console.log(`server process: ${use.cores.toFixed(2)} cores over ${use.wall.toFixed(1)} s, peak RSS ${mib(use.peakRss)}`);
  // CPU seconds do not depend on what else the machine runs, latencies do: compare these between builds on a busy machine.
  console.log(`server CPU seconds: sessions + streams opened ${(cpuAt[1] - cpuAt[0]).toFixed(1)} s, 2 s idle with ${streaming.length} streams ${(cpuAt[2] - cpuAt[1]).toFixed(1)} s, the applies until every first pod event ${(cpuAt[3] - cpuAt[2]).toFixed(1)} s`);
  // The whole work of the applies (pods running, statuses and events streamed), however long the
  // latencies were: what a profile of the apply path should shrink.
  console.log(`server CPU seconds from the applies until the clusters settle (a second under ${SETTLED_CPU_S} s): ${(cpuAt[3] - cpuAt[2] + settled.cpu).toFixed(1)} s, ${f0(((cpuAt[3] - cpuAt[2] + settled.cpu) * 1000) / Math.max(1, streaming.length))} ms a learner${settled.done ? '' : ' (not settled in 60 s)'}`);
  console.log(failureSummary(failures));
  for (const l of streaming) l.close();
  await portal.stop();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

async function arrivals() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-class-'));
  const portal = await startPortal(dir, { KUBELAB_MAX_ACTIVE_CLUSTERS: String(ARRIVALS + 10) });
  console.log(`portal pid ${portal.pid} on :${port}: listening after ${f0(portal.listening)} ms (empty data directory)`);
  const failures = [];
  const sessions = [];
  const pages = [];
  const m = meter(portal.pid);
  await Promise.all(Array.from({ length: ARRIVALS }, async (_, k) => {
    await sleep((k * 30_000) / ARRIVALS);
    const l = newLearner();
    const t0 = performance.now();
    try {
      const page = await request(l, 'GET', PAGE);
      if (page.status !== 200) throw new Error(`page ${page.status}`);
      pages.push(performance.now() - t0);
      await openLab(l, sessions, failures);
    } catch (e) {
      failures.push(`arrival: ${e.message}`);
    }
  }));
  const use = m();
  console.log(`${ARRIVALS} learners arriving evenly within 30 s (page, then session):`);
  console.log(line('lesson page', pages));
  console.log(line('session (a new cluster each)', sessions, 1000));
  console.log(`server process: ${use.cores.toFixed(2)} cores over ${use.wall.toFixed(1)} s (${use.cpu.toFixed(1)} CPU seconds), peak RSS ${mib(use.peakRss)}`);
  console.log(failureSummary(failures));
  await portal.stop();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

async function capacity() {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-class-'));
  const none = await startPortal(empty);
  await none.stop();
  fs.rmSync(empty, { recursive: true, force: true });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-course-'));
  const seed = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bench/class-seed.ts', dir, String(SEEDED)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (seed.status !== 0) throw new Error('seeding failed');
  process.stdout.write(seed.stdout);
  const cookies = JSON.parse(fs.readFileSync(path.join(dir, 'bench-learners.json'), 'utf8'));
  const portal = await startPortal(dir);
  console.log(`portal start-up (spawn → listening / → first lesson page 200 / → /readyz 200): ${SEEDED} stored clusters ${f0(portal.listening)} / ${f0(portal.firstPage)} / ${f0(portal.ready)} ms; empty data directory ${f0(none.listening)} / ${f0(none.firstPage)} / ${f0(none.ready)} ms`);
  const rssIdle = rssBytes(portal.pid);

  const failures = [];
  const wakes = [];
  const answers = [];
  const events = [];
  const eventsByRound = [];
  // ACTIVE learners spread over the course come back at once.
  const step = Math.max(1, Math.floor(cookies.length / ACTIVE));
  const learners = Array.from({ length: Math.min(ACTIVE, cookies.length) }, (_, i) => newLearner(cookies[i * step]));
  const m = meter(portal.pid);
  await Promise.all(learners.map(async (l, k) => {
    if (!(await openLab(l, wakes, failures).catch((e) => failures.push(`open: ${e.message}`) && false))) return;
    try {
      await openStream(l);
    } catch (e) {
      failures.push(e.message);
      return;
    }
    // People click at different moments: first applies spread over a few seconds.
    await sleep((k % 20) * 150);
    for (let round = 1; round <= ROUNDS && Date.now() < deadline; round++) {
      const { yaml, prefixes } = exercise53(round);
      const r = await applyAndWatch(l, yaml, prefixes, failures);
      if (r?.answerMs !== undefined) answers.push(r.answerMs);
      if (r?.eventMs !== undefined) {
        events.push(r.eventMs);
        (eventsByRound[round - 1] ??= []).push(r.eventMs);
      }
      await sleep(3000 + Math.random() * 3000);
    }
  }));
  const busy = m();
  // Steady state: everyone's stream open, Exercise 5.3 running, nobody clicking.
  const quiet = meter(portal.pid);
  await sleep(10_000);
  const steady = quiet();
  console.log(`${ACTIVE} of ${SEEDED} enrolled learners active at once, each running Exercise 5.3 ${ROUNDS}× with the stream open:`);
  console.log(line('wake (POST /api/lab/session of a sleeping cluster)', wakes, 300));
  console.log(line('bench filled in (stream opened → its last list, the SNAPSHOT of every resource)', learners.map((l) => l.populatedMs).filter((x) => x !== undefined)));
  console.log(line('apply answer', answers));
  console.log(line('apply → first pod event', events, 200));
  console.log(`  by round: ${eventsByRound.map((xs, i) => `${i + 1}: p50 ${f0(pct(xs, 50))} / p95 ${f0(pct(xs, 95))} ms`).join('; ')}`);
  console.log(`server process: ${busy.cores.toFixed(2)} cores (${busy.cpu.toFixed(1)} CPU seconds) over the ${busy.wall.toFixed(1)} s of applies (target < 1 core) ${verdict(busy.cores < 1)}, ${steady.cores.toFixed(2)} cores in the 10 s after; RSS at start ${mib(rssIdle)}, peak ${mib(Math.max(busy.peakRss, steady.peakRss))} (target < 1536 MiB) ${verdict(Math.max(busy.peakRss, steady.peakRss) < 1.5 * 2 ** 30)}`);
  console.log(failureSummary(failures));
  for (const l of learners) l.close?.();
  await portal.stop();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

try {
  await { burst, arrivals, capacity }[mode]();
} catch (e) {
  console.error(e);
  process.exit(1);
}
process.exit(0);
