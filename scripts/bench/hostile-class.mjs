#!/usr/bin/env node
/**
 * A class with troublemakers, against a running portal over HTTP (loopback only):
 *  - ORDINARY learners (default 80) each open the lesson page, the lab session and the event
 *    stream, then apply Exercise 5.3 (its three Jobs from workload-types/job-patterns.yaml and
 *    a 3-replica StatefulSet) ROUNDS times under fresh names, timing each apply to the first
 *    event of one of its pods on their stream, and reload the lesson page now and then;
 *  - HOSTILE learners (default 20) each set their clock to 60x, run a `while true` loop in a
 *    pod, and keep running a catastrophically backtracking regex (`grep -E '(a+)+b'` over 45
 *    characters) in another pod through the terminal's kubectl exec.
 * Prints the ordinary learners' apply → first pod event p95 (target < 300 ms), the lesson
 * page's p95 under load (target < 500 ms), and the server process's CPU and peak RSS (from
 * /proc/<pid>; the pid is found by the port, or given with --pid).
 * Every learner comes from its own loopback address (127.0.x.y), as a class's machines would.
 * Usage: node scripts/bench/hostile-class.mjs [baseUrl] [--pid N]
 * Env: ORDINARY, HOSTILE, ROUNDS, REGEX_CHARS, DEADLINE_S (whole run, default 300).
 */
import fs from 'node:fs';
import { listenerPid } from './support/listener-pid.mjs';
import http from 'node:http';
import path from 'node:path';
import { pct } from './support/stats.mjs';

const args = process.argv.slice(2);
const base = new URL(args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'http://localhost:3000');
const pidArg = args.indexOf('--pid') >= 0 ? Number(args[args.indexOf('--pid') + 1]) : undefined;
const ORDINARY = Number(process.env.ORDINARY ?? 80);
const HOSTILE = Number(process.env.HOSTILE ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const REGEX_CHARS = Number(process.env.REGEX_CHARS ?? 45);
const DEADLINE_S = Number(process.env.DEADLINE_S ?? 300);
const PAGE = '/learn/module-05/jobs';
const port = Number(base.port || 80);
const startedAt = Date.now();
const deadline = startedAt + DEADLINE_S * 1000;

if (!['localhost', '127.0.0.1'].includes(base.hostname)) {
  console.error('hostile-class: loopback portals only (http://localhost:PORT)');
  process.exit(2);
}

// ---------------------------------------------------------------- HTTP with a chosen source address
function request(l, method, p, { body, stream, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { host: base.host, connection: 'close' };
    if (l.cookie) headers.cookie = l.cookie;
    if (method === 'GET' && p === PAGE) headers.accept = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
    if (method !== 'GET') {
      headers.origin = base.origin;
      headers['content-type'] = 'application/json';
    }
    const data = body === undefined ? undefined : JSON.stringify(body);
    if (data !== undefined) headers['content-length'] = String(Buffer.byteLength(data));
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, localAddress: l.address, agent: false, setHost: false });
    const timer = setTimeout(() => req.destroy(new Error(`${method} ${p}: no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on('response', (res) => {
      for (const sc of res.headers['set-cookie'] ?? []) {
        const pair = sc.split(';')[0];
        if (pair.startsWith('kubelab_learner=')) l.cookie = pair;
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

// ---------------------------------------------------------------- the server process, from /proc
function serverPid() {
  if (pidArg) return pidArg;
  return listenerPid(port);
}
const CLK_TCK = 100;
function cpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime stime cutime cstime (fields 14-17): the process, then its reaped children (kubectl runs).
  return { own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
}
/** The kubectl spawner (lib/lab/kubectl/spawner-process.mjs) the portal started, if any: kubectl runs are its children. */
function spawnerPid(parent) {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent) continue;
      if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('spawner-process.mjs')) return Number(d);
    } catch {
      // gone
    }
  }
  return undefined;
}
/** CPU ticks of the kubectl runs that ended: reaped by the portal itself (before the spawner) or by the spawner. */
function kubectlTicks(pid) {
  const sp = spawnerPid(pid);
  let spawner = 0;
  try {
    if (sp) spawner = cpuTicks(sp).children;
  } catch {
    // the spawner is gone
  }
  return cpuTicks(pid).children + spawner;
}
function memory(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(s.match(new RegExp(`${k}:\\s+(\\d+) kB`))?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

// ---------------------------------------------------------------- the exercise
const jobsFile = fs.readFileSync(path.join(process.cwd(), 'content/module-05/resources/workload-types/job-patterns.yaml'), 'utf8');
const JOB_NAMES = ['single-job', 'parallel-job', 'queue-job'];
const jobDocs = jobsFile.split(/^---\s*$/m).filter((d) => JOB_NAMES.some((n) => new RegExp(`^  name: ${n}$`, 'm').test(d)));
if (jobDocs.length !== 3) throw new Error(`expected the three Jobs of Exercise 5.3 in job-patterns.yaml, found ${jobDocs.length}`);
function exercise(round) {
  const jobs = jobDocs.map((d) => d.replace(/^  name: ([a-z-]+)$/m, `  name: $1-r${round}`));
  const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-r${round}\nspec:\n  serviceName: web-r${round}\n  replicas: 3\n  selector:\n    matchLabels: {app: web-r${round}}\n  template:\n    metadata:\n      labels: {app: web-r${round}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n`;
  return { yaml: [...jobs, sts].join('\n---\n'), prefixes: [...JOB_NAMES.map((n) => `${n}-r${round}-`), `web-r${round}-`] };
}

// ---------------------------------------------------------------- learners
let addressCount = 0;
function newLearner(kind) {
  const n = addressCount++;
  return { kind, address: `127.0.${1 + Math.floor(n / 250)}.${(n % 250) + 1}`, cookie: undefined };
}
async function open(l) {
  const page = await request(l, 'GET', PAGE);
  if (page.status !== 200) throw new Error(`page ${page.status}`);
  const s = await request(l, 'POST', '/api/lab/session', { body: {} });
  if (s.status !== 200) throw new Error(`session ${s.status}: ${s.text.slice(0, 200)}`);
  l.clusterId = JSON.parse(s.text).clusterId;
  return l;
}
async function pool(items, width, fn) {
  const out = [];
  let i = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (i < items.length) {
      const k = i++;
      out[k] = await fn(items[k]).catch((e) => ({ error: String(e.message ?? e) }));
    }
  }));
  return out;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const podYaml = (name, script) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n    command: ["sh", "-c", ${JSON.stringify(script)}]\n`;

/** Opens the learner's SSE stream; calls onEvent for every parsed event. */
async function openStream(l, onEvent) {
  let buf = '';
  const r = await request(l, 'GET', '/api/lab/stream', {
    stream: (res) => {
      res.on('data', (d) => {
        buf += d.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((x) => x.startsWith('data: ')).map((x) => x.slice(6)).join('\n');
          if (data) {
            try {
              onEvent(JSON.parse(data));
            } catch {
              // not an event
            }
          }
        }
      });
      res.on('error', () => undefined);
    },
  });
  if (r.status !== 200) throw new Error(`stream ${r.status}`);
  return () => r.req.destroy();
}

const pid = serverPid();
if (!pid) {
  console.error(`hostile-class: no process listens on port ${port}; pass --pid`);
  process.exit(2);
}
console.log(`portal ${base.origin} (pid ${pid}); ${ORDINARY} ordinary + ${HOSTILE} hostile learners, ${ROUNDS} applies each, regex over ${REGEX_CHARS} characters`);

// Learners arrive in a burst, ten at a time, as a class does after "open the lab".
const ordinary = Array.from({ length: ORDINARY }, () => newLearner('ordinary'));
const hostile = Array.from({ length: HOSTILE }, () => newLearner('hostile'));
const opened = await pool([...hostile, ...ordinary], 10, open);
const openFailures = opened.filter((o) => o?.error);
if (openFailures.length) console.log(`${openFailures.length} learners could not open the lab, e.g. ${openFailures[0].error}`);

// ---------------------------------------------------------------- the hostile ones
let stopHostile = false;
const regexRuns = [];
const regexScript = `echo ${'a'.repeat(REGEX_CHARS)} | grep -E '(a+)+b'`;
const hostileFailures = [];
const hostileWork = hostile.filter((l) => l.cookie).map((l) => troublemaker(l).catch((e) => hostileFailures.push(String(e.message ?? e))));
async function troublemaker(l) {
  await request(l, 'POST', '/api/lab/clock', { body: { scale: 60 } });
  await request(l, 'POST', '/api/lab/apply', { body: { yaml: [podYaml('spin', 'while true; do :; done'), podYaml('rx', 'sleep 36000')].join('---\n') } });
  // The regex pod must be Running before kubectl exec can reach it: ask the learner's cluster API.
  const kc = await request(l, 'GET', '/api/lab/kubeconfig');
  const token = kc.text?.match(/^\s*token:\s*"?([A-Za-z0-9_-]+)"?\s*$/m)?.[1] ?? kc.text?.match(/\/k8s\/[A-Za-z0-9_-]+\/token-([A-Za-z0-9_-]+)/)?.[1];
  const prefix = token && l.clusterId ? `/k8s/${l.clusterId}/token-${token}` : undefined;
  for (let i = 0; prefix && i < 60 && Date.now() < deadline; i++) {
    const pod = await request(l, 'GET', `${prefix}/api/v1/namespaces/default/pods/rx`, { timeoutMs: 10_000 }).catch(() => undefined);
    if (pod?.status === 200 && JSON.parse(pod.text).status?.phase === 'Running') break;
    await sleep(1000);
  }
  while (!stopHostile && Date.now() < deadline) {
    const t0 = performance.now();
    const r = await request(l, 'POST', '/api/lab/terminal', { body: { command: `kubectl exec rx -- sh -c "${regexScript}"` }, timeoutMs: 45_000 }).catch((e) => ({ status: 0, text: String(e) }));
    regexRuns.push({ ms: performance.now() - t0, status: r.status, tail: (r.text ?? '').slice(-160) });
    if (r.status === 429) await sleep(2000);
  }
}

// Let the loops spin up before the ordinary learners start measuring.
await sleep(5000);

// ---------------------------------------------------------------- the ordinary ones
const applyMs = [];
const pageMs = [];
const failures = [];
const answerMs = [];
const applyByRound = [];
const cpu0 = cpuTicks(pid);
const kubectl0 = kubectlTicks(pid);
const wall0 = performance.now();
let peakRss = memory(pid).rss;
const sampler = setInterval(() => {
  try {
    peakRss = Math.max(peakRss, memory(pid).rss);
  } catch {
    // the process is gone: reported below
  }
}, 250);

await Promise.all(ordinary.filter((l) => l.cookie).map(async (l, k) => {
  const waiting = [];
  let snapshot;
  const snapshotSeen = new Promise((r) => (snapshot = r));
  let close;
  try {
    close = await openStream(l, (e) => {
      if (e.type === 'SNAPSHOT' && e.resource === 'pods') snapshot();
      if (e.type === 'ADDED' && e.resource === 'pods') {
        const name = e.object?.metadata?.name ?? '';
        for (const w of waiting) if (!w.done && w.prefixes.some((p) => name.startsWith(p))) w.resolve();
      }
    });
  } catch (e) {
    failures.push(`stream: ${e.message}`);
    return;
  }
  await Promise.race([snapshotSeen, sleep(30_000)]);
  // Spread the learners' first applies over a few seconds, as people click at different times.
  await sleep((k % 20) * 150);
  let reloading = true;
  const reloads = (async () => {
    while (reloading && Date.now() < deadline) {
      await sleep(2000 + Math.random() * 2000);
      const r = await request(l, 'GET', PAGE, { timeoutMs: 30_000 }).catch(() => undefined);
      if (r?.status === 200) pageMs.push(r.ms);
      else failures.push(`page: ${r?.status ?? 'no answer'}`);
    }
  })();
  for (let round = 1; round <= ROUNDS && Date.now() < deadline; round++) {
    const { yaml, prefixes } = exercise(`${round}`);
    const w = { prefixes, done: false };
    const seen = new Promise((r) => (w.resolve = () => { w.done = true; r(); }));
    waiting.push(w);
    const t0 = performance.now();
    const a = await request(l, 'POST', '/api/lab/apply', { body: { yaml } }).catch((e) => ({ status: 0, text: String(e) }));
    answerMs.push(performance.now() - t0);
    if (a.status !== 200) {
      failures.push(`apply: ${a.status} ${a.text.slice(0, 120)}`);
      continue;
    }
    const ok = await Promise.race([seen.then(() => true), sleep(30_000).then(() => false)]);
    if (ok) {
      applyMs.push(performance.now() - t0);
      (applyByRound[round - 1] ??= []).push(performance.now() - t0);
    }
    else failures.push('apply: no pod event within 30 s');
    await sleep(3000 + Math.random() * 3000);
  }
  reloading = false;
  await reloads;
  close();
}));

const wall = performance.now() - wall0;
const cpu1 = cpuTicks(pid);
const kubectl1 = kubectlTicks(pid);
clearInterval(sampler);
stopHostile = true;
const mem = memory(pid);
await Promise.race([Promise.all(hostileWork), sleep(5000)]);

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const ownPct = (((cpu1.own - cpu0.own) / CLK_TCK) * 1000 * 100) / wall;
const kidsPct = (((kubectl1 - kubectl0) / CLK_TCK) * 1000 * 100) / wall;
const regexDone = regexRuns.filter((r) => r.status === 200);
console.log(`apply → first pod event (ordinary learners): n ${applyMs.length}, p50 ${fmt(pct(applyMs, 50))} ms, p95 ${fmt(pct(applyMs, 95))} ms, max ${fmt(Math.max(...applyMs))} ms (target p95 < 300 ms) ${pct(applyMs, 95) < 300 ? 'OK' : 'MISSED'}`);
console.log(`  apply answer p50 ${fmt(pct(answerMs, 50))} ms, p95 ${fmt(pct(answerMs, 95))} ms; to the first pod event by round: ${applyByRound.map((xs, i) => `${i + 1}: p50 ${fmt(pct(xs, 50))} / p95 ${fmt(pct(xs, 95))} ms`).join('; ')}`);
console.log(`lesson page under load: n ${pageMs.length}, p50 ${fmt(pct(pageMs, 50))} ms, p95 ${fmt(pct(pageMs, 95))} ms, max ${fmt(Math.max(...pageMs))} ms (target p95 < 500 ms) ${pct(pageMs, 95) < 500 ? 'OK' : 'MISSED'}`);
console.log(`server process ${pid}: CPU ${ownPct.toFixed(0)}% of one core over ${(wall / 1000).toFixed(1)} s (+${kidsPct.toFixed(0)}% in finished kubectl runs); RSS now ${(mem.rss / 2 ** 20).toFixed(0)} MiB, peak in the window ${(peakRss / 2 ** 20).toFixed(0)} MiB, peak since start ${(mem.hwm / 2 ** 20).toFixed(0)} MiB`);
console.log(`hostile regex runs: ${regexRuns.length} (answered ${regexDone.length}), p50 ${fmt(pct(regexRuns.map((r) => r.ms), 50))} ms, max ${fmt(Math.max(0, ...regexRuns.map((r) => r.ms)))} ms; last said ${JSON.stringify(regexRuns.at(-1)?.tail ?? '')}`);
if (hostileFailures.length) console.log(`hostile learners that stopped early: ${hostileFailures.length}, e.g. ${hostileFailures[0]}`);
if (failures.length) {
  const byKind = new Map();
  for (const f of failures) byKind.set(f.slice(0, 60), (byKind.get(f.slice(0, 60)) ?? 0) + 1);
  console.log(`failures: ${failures.length}: ${[...byKind].map(([k, v]) => `${v}× ${k}`).join('; ')}`);
}
process.exit(0);
