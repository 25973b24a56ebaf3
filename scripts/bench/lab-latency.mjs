#!/usr/bin/env node
/**
 * Lab bench latency, measured against a running portal (npm start) over HTTP, as the browser
 * talks to it:
 *  - apply: 50 applies of a new Pod through /api/lab/apply; for each, the time from sending
 *    the request to the pod's ADDED event arriving on the learner's /api/lab/stream (SSE).
 *    Rendering adds one animation frame in the browser, not counted here.
 *  - fanout: LEARNERS learners (default 50) each hold an open stream; one applies 50 pods
 *    while the delay of that learner's events and the server's CPU (from /proc) are measured.
 * Usage: node scripts/bench/lab-latency.mjs [baseUrl] [apply|fanout]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { pct } from './support/stats.mjs';

const base = process.argv[2] ?? 'http://localhost:3000';
const mode = process.argv[3] ?? 'apply';
const LEARNERS = Number(process.env.LEARNERS ?? 50);
const N = 50;

/**
 * A learner as the browser makes one: the first page load issues the cookie, then the bench
 * opens the lab with it. All come from this machine's address: run the portal with
 * KUBELAB_SESSIONS_PER_MINUTE at least LEARNERS, or the later ones are answered 429.
 */
async function learner() {
  const page = await fetch(`${base}/learn/module-05`, { headers: { accept: 'text/html' } });
  const cookie = page.headers.get('set-cookie').split(';')[0];
  const res = await fetch(`${base}/api/lab/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie }, body: '{}' });
  if (!res.ok) throw new Error(`opening the lab: HTTP ${res.status} ${await res.text()}`);
  return { cookie };
}

/** Opens the SSE stream and calls onEvent for each parsed event. */
async function stream(l, onEvent) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/lab/stream`, { headers: { cookie: l.cookie }, signal: ac.signal });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((x) => x.startsWith('data: ')).map((x) => x.slice(6)).join('\n');
          if (data) onEvent(JSON.parse(data));
        }
      }
    } catch {
      // aborted
    }
  })();
  return () => ac.abort();
}

function apply(l, yaml) {
  return fetch(`${base}/api/lab/apply`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie: l.cookie }, body: JSON.stringify({ yaml }) });
}


/** CPU ms used so far by the portal's processes (every process running server.ts), from /proc. */
function serverCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.ts')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // process gone
    }
  }
  return ticks * 10;
}

async function measureApplies(l, label) {
  const waiting = new Map();
  const snapshotSeen = new Promise((resolve) => {
    void stream(l, (e) => {
      if (e.type === 'SNAPSHOT' && e.resource === 'pods') resolve();
      if (e.type === 'ADDED' && e.resource === 'pods') waiting.get(e.object.metadata.name)?.();
    }).then((close) => (l.close = close));
  });
  await snapshotSeen;
  const times = [];
  for (let i = 0; i < N; i++) {
    const podName = `bench-${Date.now().toString(36)}-${i}`;
    const seen = new Promise((resolve) => waiting.set(podName, resolve));
    const t0 = performance.now();
    const r = await apply(l, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${podName}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n`);
    if (!r.ok) throw new Error(`apply failed: ${r.status} ${await r.text()}`);
    await seen;
    times.push(performance.now() - t0);
  }
  l.close?.();
  console.log(`${label}: apply → pod event on the stream over ${N} applies: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target p95 < 200 ms)`);
}

if (mode === 'apply') {
  await measureApplies(await learner(), 'one learner');
} else {
  const others = await Promise.all(Array.from({ length: LEARNERS - 1 }, () => learner()));
  const closers = [];
  let othersEvents = 0;
  for (const o of others) closers.push(await stream(o, () => othersEvents++));
  // Let the 49 streams finish their initial lists before measuring: steady state, not start-up.
  await new Promise((r) => setTimeout(r, 5000));
  const me = await learner();
  const before = othersEvents;
  const server0 = serverCpuMs();
  const t0 = performance.now();
  await measureApplies(me, `${LEARNERS} learners streaming, one applying`);
  const wall = performance.now() - t0;
  const serverMs = serverCpuMs() - server0;
  console.log(`server CPU ${serverMs} ms over ${(wall / 1000).toFixed(1)} s wall (${((100 * serverMs) / wall).toFixed(0)}% of one core); the ${LEARNERS - 1} other learners received ${othersEvents - before} events meanwhile (isolation: none of the applier's)`);
  for (const c of closers) c();
}
process.exit(0);
