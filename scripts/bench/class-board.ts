/**
 * Live class board benchmark: a class of N learners (default 100), each with a sandbox cluster
 * (three workers and a Job), and the instructor's board stream open through the real route
 * handlers (as test/hostile/route-harness.ts wires them, in this process). Measures:
 *  - update latency: a learner's action (marking a lesson read through /api/progress) to its
 *    row arriving on the board's stream, one learner at a time (p50, p95, max);
 *  - a burst: every learner acts in the same tick; time until the last row arrives;
 *  - CPU of the process with the board open and nothing happening (pods are re-read every
 *    5 s), and during the burst.
 * Run: npx tsx scripts/bench/class-board.ts [N] [idle seconds]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pageLoad, request } from '../../test/hostile/route-harness';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { productComponents } from '../../lib/k8s/sandbox/components';
import { buildPortalContext } from '../../lib/lab/context';
import { portalContext, registerPortalContext, unregisterPortalContext } from '../../lib/portal/context';
import { instructorToken, INSTRUCTOR_COOKIE } from '../../lib/instructor/access';
import { openInstructorSession } from '../../lib/instructor/portal';
import { learnerIdOf } from '../../lib/learners/identity';
import type { BoardMessage } from '../../lib/classes/board-stream';
import * as classes from '../../app/api/instructor/classes/route';
import * as board from '../../app/api/instructor/classes/[id]/board/route';
import * as join from '../../app/api/classes/join/route';
import * as labSession from '../../app/api/lab/session/route';
import * as labApply from '../../app/api/lab/apply/route';
import * as progress from '../../app/api/progress/route';
import { pct } from './support/stats.mjs';

process.env.KUBELAB_SESSIONS_PER_MINUTE = '100000';
const n = Number(process.argv[2] ?? 100);
const idleSeconds = Number(process.argv[3] ?? 20);
const LESSONS = ['jobs', 'daemonsets'];
const JOB = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bench\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n          command: ["sh", "-c", "exit 1"]\n';

const cores = (cpu: NodeJS.CpuUsage, ms: number) => ((cpu.user + cpu.system) / 1000 / ms).toFixed(3);

/** The portal's routes in this process, wired as server.ts wires them, with the product's controllers (Jobs run). */
async function startPortal(): Promise<{ dataDir: string; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-class-board-'));
  process.env.KUBELAB_DATA_DIR = dataDir;
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }), components: productComponents });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registerPortalContext(buildPortalContext({ host, internalBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dataDir }));
  return {
    dataDir,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      host.close();
      portalContext().db.close();
      unregisterPortalContext();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const harness = await startPortal();
  instructorToken(harness.dataDir);
  const teacher = `${INSTRUCTOR_COOKIE}=${openInstructorSession()}`;
  const made = (await (await classes.POST(request('/api/instructor/classes', { cookie: teacher, body: { name: 'Bench class' } }))).json()) as { class: { id: string; code: string } };
  const klass = made.class;

  const t0 = performance.now();
  const learners: { cookie: string; id: string }[] = [];
  for (let i = 0; i < n; i++) {
    const cookie = pageLoad()!;
    const address = `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    await join.POST(request('/api/classes/join', { cookie, address, body: { code: klass.code, name: `Learner ${i}` } }));
    await labSession.POST(request('/api/lab/session', { cookie, address, body: {} }));
    // A failing Job: pods in trouble for the board's pod scan to find.
    await labApply.POST(request('/api/lab/apply', { cookie, address, body: { yaml: JOB } }));
    learners.push({ cookie, id: learnerIdOf(cookie.split('=')[1].split('.')[0]) });
  }
  console.log(`setup: ${n} learners joined, each with a cluster and a failing Job, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The board's stream, read as the browser's EventSource would.
  const ac = new AbortController();
  const res = await board.GET(new Request(request(`/api/instructor/classes/${klass.id}/board`, { cookie: teacher }), { signal: ac.signal }), { params: Promise.resolve({ id: klass.id }) });
  const waiting = new Map<string, (at: number) => void>();
  const expected = new Map<string, string>();
  let firstRows = 0;
  let messages = 0;
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (!data) continue;
        const m = JSON.parse(data.slice(6)) as BoardMessage;
        messages++;
        if (m.type === 'rows') firstRows = m.rows.length;
        if (m.type === 'row') {
          const done = waiting.get(m.row.id);
          if (done && m.row.lesson === expected.get(m.row.id)) {
            waiting.delete(m.row.id);
            done(performance.now());
          }
        }
      }
    }
  })();
  const arrival = (id: string, lesson: string) => {
    expected.set(id, lesson);
    return new Promise<number>((resolve) => waiting.set(id, resolve));
  };
  await new Promise((r) => setTimeout(r, 500));
  console.log(`board opened with ${firstRows} rows`);

  // One learner at a time.
  const latencies: number[] = [];
  for (let round = 0; round < 200; round++) {
    const l = learners[round % n];
    const lesson = LESSONS[Math.floor(round / n) % LESSONS.length];
    const seen = arrival(l.id, lesson);
    const sent = performance.now();
    await progress.POST(request('/api/progress', { cookie: l.cookie, body: { lesson } }));
    latencies.push((await seen) - sent);
  }
  console.log(`update latency (action -> row on the stream), 200 single actions: p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);

  // Everyone at once.
  const burstLesson = 'cronjobs';
  const cpuBurst = process.cpuUsage();
  const burstStart = performance.now();
  const arrivals = learners.map((l) => arrival(l.id, burstLesson));
  await Promise.all(learners.map((l) => progress.POST(request('/api/progress', { cookie: l.cookie, body: { lesson: burstLesson } }))));
  const times = await Promise.all(arrivals);
  const burstMs = performance.now() - burstStart;
  console.log(`burst: ${n} learners act in the same tick; last row on the board after ${(Math.max(...times) - burstStart).toFixed(0)} ms (p95 ${(pct(times, 95) - burstStart).toFixed(0)} ms); CPU ${cores(process.cpuUsage(cpuBurst), burstMs)} cores over the burst`);

  // Quiet: the board open, the clusters running their failing Jobs, nobody acting.
  const before = messages;
  const cpuIdle = process.cpuUsage();
  const idleStart = performance.now();
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const idleMs = performance.now() - idleStart;
  console.log(`quiet ${idleSeconds} s with the board open over ${n} awake clusters: CPU ${cores(process.cpuUsage(cpuIdle), idleMs)} cores (clusters' controllers included), ${messages - before} row updates sent (pods changing state)`);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`RSS ${rss.toFixed(0)} MiB`);

  ac.abort();
  await harness.close();
  process.exit(0);
}

void main();
