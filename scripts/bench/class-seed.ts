/**
 * Seeds a data directory with an enrolled course for scripts/bench/class-capacity.mjs:
 * LEARNERS learners (default 1,000), each with a learner row, a signed cookie and a stored
 * sandbox cluster holding Exercise 5.3 (the three Jobs of workload-types/job-patterns.yaml and a
 * 3-replica StatefulSet, two virtual minutes on, so the Jobs finished and the StatefulSet is
 * ready). One cluster is run for real; the others are copies of its rows with their own ids and
 * tokens, so seeding 1,000 takes seconds. The cookies are written to <dir>/bench-learners.json
 * (the bench's only way in: a cookie is what a learner's browser holds).
 * Run: npx tsx scripts/bench/class-seed.ts <dataDir> [learners]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { storeExercise53Clusters } from './support/exercise-53';
import { openLearnerDb } from '../../lib/learners/db';
import { learnerCookieKey, learnerIdOf, newLearnerSecret, recordLearner } from '../../lib/learners/identity';

export const BENCH_LEARNERS_FILE = 'bench-learners.json';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const count = Number(process.argv[3] ?? 1000);
  if (!dir || !Number.isInteger(count) || count < 1) {
    console.error('usage: npx tsx scripts/bench/class-seed.ts <dataDir> [learners]');
    process.exit(2);
  }
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const { records } = await storeExercise53Clusters(dir, count - 1, (model) => ({ ...model, id: `c${randomBytes(16).toString('hex')}`, token: randomBytes(32).toString('base64url') }));

  // Learners as the portal makes them: a signed cookie value (secret.HMAC under the portal's key), a row, their cluster.
  const key = learnerCookieKey(dir);
  const db = openLearnerDb(dir);
  const own = db.prepare('INSERT INTO learner_clusters (learner_id, cluster_id, created_at) VALUES (?, ?, ?)');
  const cookies: string[] = [];
  db.transaction(() => {
    for (const r of records) {
      const secret = newLearnerSecret();
      const learner = recordLearner(db, learnerIdOf(secret));
      own.run(learner.id, r.id, new Date().toISOString());
      cookies.push(`kubelab_learner=${secret}.${createHmac('sha256', key).update(secret).digest('base64url')}`);
    }
  })();
  db.close();
  fs.writeFileSync(path.join(dir, BENCH_LEARNERS_FILE), JSON.stringify(cookies));
  console.log(`seeded ${count} learners with stored Exercise 5.3 clusters in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

void main();
