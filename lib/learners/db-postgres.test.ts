import { afterEach, describe, expect, it } from 'vitest';
import { freshSchema, testPostgres, withClient } from '../testing/postgres';
import { classOfLearner, createClass, joinClass } from '../classes/classes';
import { PgLearnerDb, ParameterCountError } from './db-postgres';
import { MIGRATIONS } from './db-migrations';
import { draftsFor, saveDraft } from './drafts';
import { learnerFor, newLearnerSecret } from './identity';
import { markLessonRead, progressOf, recordQuizAnswer, recordStep } from './progress';
import { LearnerDbUnavailableError, openLearnerDbFor } from './open-learner-db';

const pg = testPostgres();

describe.skipIf(!pg.url)('the learners database on PostgreSQL', () => {
  const url = pg.url!;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const schema = async () => {
    const s = await freshSchema(url);
    cleanups.push(() => s.drop());
    return s.schema;
  };
  const open = (s: string) => {
    const db = new PgLearnerDb({ url, schema: s });
    cleanups.push(() => db.close());
    return db;
  };

  it('gives a learner whose shard died their progress, quiz attempts, drafts and class on the next shard', async () => {
    const s = await schema();
    const first = open(s);
    const secret = newLearnerSecret();
    const me = learnerFor(first, secret, new Date('2026-03-01T09:00:00Z'))!;
    markLessonRead(first, me.id, 'jobs', new Date('2026-03-01T09:01:00Z'));
    recordQuizAnswer(first, me.id, { quiz: 'jobs', question: 'q1', answer: { choice: 'b' }, score: 1, correct: true }, new Date('2026-03-01T09:02:00Z'));
    recordStep(first, me.id, 'exercise-5-3-jobs', 'single-job', { passed: true, at: new Date('2026-03-01T09:03:00Z'), solutionShown: false });
    saveDraft(first, me.id, 'jobs', 'job.yaml', 'kind: Job\n', new Date('2026-03-01T09:04:00Z'));
    const cls = createClass(first, { name: 'Morning' });
    joinClass(first, me.id, cls.id, 'Ada');
    const before = progressOf(first, me.id);
    first.close();

    const next = open(s);
    expect(learnerFor(next, secret, new Date('2026-03-01T10:00:00Z'))).toEqual(me);
    expect(progressOf(next, me.id)).toEqual(before);
    expect(before.quizAnswers).toHaveLength(1);
    expect(draftsFor(next, me.id, 'jobs')).toEqual([{ tab: 'job.yaml', content: 'kind: Job\n', updatedAt: '2026-03-01T09:04:00.000Z' }]);
    expect(classOfLearner(next, me.id)?.id).toBe(cls.id);
  });

  it('migrates a schema once: a second shard opening it finds the last version and changes nothing', async () => {
    const s = await schema();
    open(s);
    open(s);
    const rows = await withClient(url, (c) => c.query('SELECT version FROM schema_version'), s);
    expect(rows.rows).toEqual([{ version: MIGRATIONS.length }]);
  });

  it('answers again after its connection was cut (a server restart): the call in flight fails, the next reconnects', async () => {
    const s = await schema();
    const db = open(s);
    const me = learnerFor(db, newLearnerSecret())!;
    // The timeout makes PostgreSQL wait until the backend is gone (PostgreSQL 14+).
    const killed = await withClient(url, (c) => c.query('SELECT pg_terminate_backend(pid, 10000) AS ok FROM pg_stat_activity WHERE application_name = $1', [`kubelab-learners:${s}`]));
    expect(killed.rows).toEqual([{ ok: true }]);
    let failures = 0;
    for (let i = 0; i < 2; i++) {
      try {
        db.prepare('SELECT 1 AS one').get();
      } catch {
        failures++;
      }
    }
    expect(failures).toBeLessThanOrEqual(1);
    expect(db.prepare<[string], { id: string }>('SELECT id FROM learners WHERE id = ?').get(me.id)).toEqual({ id: me.id });
  });

  it('refuses a statement given the wrong number of parameters, naming it', async () => {
    const db = open(await schema());
    expect(() => db.prepare('SELECT 1 FROM learners WHERE id = ?').get()).toThrow(ParameterCountError);
    expect(() => db.prepare('SELECT 1 FROM learners WHERE id = ?').get('a', 'b')).toThrow(/takes 1 parameter\(s\), 2 given: SELECT 1 FROM learners/);
  });

  it('is what KUBELAB_DATABASE_URL selects; without it, SQLite in the data directory', async () => {
    const s = await schema();
    const db = openLearnerDbFor('/nonexistent-not-used', `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${s}`)}`);
    cleanups.push(() => db.close());
    expect(db.dialect).toBe('postgres');
    expect((await withClient(url, (c) => c.query('SELECT version FROM schema_version'), s)).rows).toEqual([{ version: MIGRATIONS.length }]);
  });
});

describe('opening the learners database on a PostgreSQL that cannot be used', () => {
  it('stops with a message that names the setting and never the password', () => {
    const url = 'postgres://kubelab:s3cret-pw@127.0.0.1:1/kubelab';
    let err: unknown;
    try {
      openLearnerDbFor('/nonexistent-not-used', url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LearnerDbUnavailableError);
    expect(String((err as Error).message)).toMatch(/^KUBELAB_DATABASE_URL: the learners' database on PostgreSQL could not be used: .*ECONNREFUSED/);
    expect(String((err as Error).message)).not.toContain('s3cret-pw');
  });
});
