/**
 * A learner request's database work on SQLite vs PostgreSQL: the same calls a route makes
 * (the cookie verified and the learner recorded, then the write or read), timed per request,
 * on SQLite in a temp folder (WAL, synchronous=FULL: each commit fsynced) and on a throwaway
 * PostgreSQL server over its unix socket with its durable defaults (fsync on, synchronous_commit
 * on), through the synchronous bridge. Prints p50 and p95 per request kind and backend.
 *
 * Run: npx tsx scripts/bench/learner-db.ts [requests per kind, default 300] [learners, default 30] [nosync]
 * nosync: neither backend waits for the disk (SQLite synchronous=OFF, PostgreSQL fsync off), so
 * what is left is each backend's own cost (for PostgreSQL: the bridge, the socket, the server).
 * Noisy on a shared machine: compare the two backends of the same run, and run it twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openLearnerDb, type LearnerDb } from '../../lib/learners/db';
import { PgLearnerDb } from '../../lib/learners/db-postgres';
import { issueLearnerCookieValue, LEARNER_COOKIE } from '../../lib/learners/identity';
import { writingLearner, readingLearner } from '../../lib/http/learner-request';
import { saveDraft } from '../../lib/learners/drafts';
import { assertDraftFits } from '../../lib/learners/draft-quota';
import { markLessonRead, progressOf, recordQuizAnswer, recordStep } from '../../lib/learners/progress';
import { startThrowawayPostgres } from '../../lib/testing/postgres-server';

const requests = Number(process.argv[2] ?? 300);
const learnerCount = Number(process.argv[3] ?? 30);
const durable = process.argv[4] !== 'nosync';
const key = randomBytes(32);
const draft = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n      restartPolicy: Never\n`.repeat(4);

type Kind = { name: string; run(db: LearnerDb, req: Request, i: number): void };
const kinds: Kind[] = [
  { name: 'one round trip (SELECT 1)', run: (db) => void db.prepare('SELECT 1 AS one').get() },
  {
    name: 'save a draft (PUT /api/lab/drafts)',
    run: (db, req, i) => {
      const me = writingLearner(req, db, key);
      const content = `${draft}# ${i}\n`;
      assertDraftFits(db, me.id, 'jobs', 'job.yaml', content);
      saveDraft(db, me.id, 'jobs', 'job.yaml', content);
    },
  },
  { name: 'mark a lesson read', run: (db, req, i) => void markLessonRead(db, writingLearner(req, db, key).id, `lesson-${i % 20}`) },
  {
    name: 'answer a quiz question',
    run: (db, req, i) => void recordQuizAnswer(db, writingLearner(req, db, key).id, { quiz: 'jobs', question: `q${i % 8}`, answer: { choice: 'b' }, score: 1, correct: true }),
  },
  { name: 'record a step check', run: (db, req, i) => void recordStep(db, writingLearner(req, db, key).id, 'exercise-5-3-jobs', `step-${i % 4}`, { passed: i % 2 === 0, at: new Date(), solutionShown: false }) },
  {
    name: 'read progress (GET /api/progress)',
    run: (db, req) => {
      const me = readingLearner(req, db, key);
      if (me) progressOf(db, me.id);
    },
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function bench(backend: string, db: LearnerDb): void {
  const label = durable ? backend : `${backend} nosync`;
  const cookies = Array.from({ length: learnerCount }, () => new Request('http://localhost/', { headers: { cookie: `${LEARNER_COOKIE}=${issueLearnerCookieValue(key)}` } }));
  // Every learner exists with some progress before timing (a first write creates the row).
  cookies.forEach((req, i) => kinds.slice(1, 5).forEach((k) => k.run(db, req, i)));
  for (const kind of kinds) {
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const req = cookies[i % cookies.length];
      const t0 = performance.now();
      kind.run(db, req, i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(17)} ${kind.name.padEnd(36)} p50 ${percentile(times, 50).toFixed(2).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(2).padStart(6)} ms  (${requests} requests)`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-learners-'));
const pg = startThrowawayPostgres({ durable });
try {
  const sqlite = openLearnerDb(dir);
  if (!durable) sqlite.sqlite.pragma('synchronous = OFF');
  bench('SQLite', sqlite);
  sqlite.close();
  const postgres = new PgLearnerDb({ url: pg.url });
  bench('PostgreSQL', postgres);
  postgres.close();
} finally {
  pg.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
