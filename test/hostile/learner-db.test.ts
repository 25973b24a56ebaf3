/**
 * Hostile cases for the learners' database on both backends (SQLite, and PostgreSQL when
 * KUBELAB_DATABASE_URL is set): whatever a learner types travels as a bound parameter, never as
 * SQL, so quotes, PostgreSQL's `$1`, SQLite's `?` and `@name`, comment markers and statement
 * separators come back byte for byte and change nothing else; a NUL, which PostgreSQL's text
 * cannot hold, is refused alike on both (400) and stores nothing; a forged id finds nobody.
 */
import { describe, expect, it } from 'vitest';
import { describeLearnerBackends } from '../../lib/testing/learner-db';
import { NulInTextError } from '../../lib/learners/db';
import { draftsFor, saveDraft } from '../../lib/learners/drafts';
import { displayNameOf, setDisplayName } from '../../lib/learners/display-name';
import { learnerFor, newLearnerSecret } from '../../lib/learners/identity';
import { latestAnswers, recordQuizAnswer } from '../../lib/learners/progress';
import { classOfLearner, createClass, joinClass, listClasses } from '../../lib/classes/classes';
import { noteCheck, lastCheckOf } from '../../lib/classes/last-check';

const HOSTILE = [
  "Robert'); DROP TABLE learners; --",
  'a $1 b $2',
  'a ? b ?? c',
  '@learner @quiz :x $x',
  '" OR ""="',
  "' OR '1'='1",
  'back\\slash \\\\ end\\',
  '/* open comment',
  'min(a, b) max(?, ?)',
  'emoji 🧪 and ünïcödé and 𝔘',
];

describeLearnerBackends((freshDb) => {
  describe('learner text that looks like SQL', () => {
    it('comes back byte for byte as a draft, and the other tables are untouched', () => {
      const db = freshDb();
      const me = learnerFor(db, newLearnerSecret())!;
      HOSTILE.forEach((text, i) => saveDraft(db, me.id, 'jobs', `tab-${i}`, text));
      expect(Object.fromEntries(draftsFor(db, me.id, 'jobs').map((d) => [d.tab, d.content]))).toEqual(Object.fromEntries(HOSTILE.map((text, i) => [`tab-${i}`, text])));
      expect(learnerFor(db, newLearnerSecret())).toBeDefined();
      expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM learners').get()!.n).toBe(2);
    });

    it('comes back byte for byte as a display name, a class name and a quiz answer', () => {
      const db = freshDb();
      const me = learnerFor(db, newLearnerSecret())!;
      for (const text of HOSTILE) {
        expect(setDisplayName(db, me.id, text)).toBe(text);
        expect(displayNameOf(db, me.id)).toBe(text);
      }
      const cls = createClass(db, { name: HOSTILE[0] });
      joinClass(db, me.id, cls.id, HOSTILE[1]);
      expect(classOfLearner(db, me.id)?.name).toBe(HOSTILE[0]);
      expect(listClasses(db).map((c) => c.name)).toEqual([HOSTILE[0]]);
      recordQuizAnswer(db, me.id, { quiz: 'jobs', question: 'q1', answer: { text: HOSTILE.join('\n'), nul: 'a\u0000b' }, score: 0, correct: false });
      // JSON carries a NUL as the escape \u0000, so an answer holding one is stored and read back.
      expect(latestAnswers(db, me.id)[0].answer).toEqual({ text: HOSTILE.join('\n'), nul: 'a\u0000b' });
    });

    it('refuses a draft holding a NUL (400) on either backend and keeps the draft it had', () => {
      const db = freshDb();
      const me = learnerFor(db, newLearnerSecret())!;
      saveDraft(db, me.id, 'jobs', 'job.yaml', 'kind: Job');
      expect(() => saveDraft(db, me.id, 'jobs', 'job.yaml', 'kind: Job\u0000')).toThrow(NulInTextError);
      expect(() => saveDraft(db, me.id, 'jobs', 'job.yaml', '\u0000'.repeat(10_000))).toThrow(expect.objectContaining({ status: 400, code: 'NulInText' }));
      expect(draftsFor(db, me.id, 'jobs').map((d) => d.content)).toEqual(['kind: Job']);
    });

    it('shows a NUL in what a check saw as U+FFFD instead of failing the check', () => {
      const db = freshDb();
      const me = learnerFor(db, newLearnerSecret())!;
      noteCheck(db, me.id, 'exercise-5-3-jobs', [{ step: 'single-job', passed: false, saw: 'log line \u0000 here' }]);
      expect(lastCheckOf(db, me.id)?.message).toBe('log line \uFFFD here');
    });

    it('finds nobody for ids that are SQL, and leaves every learner in place', () => {
      const db = freshDb();
      learnerFor(db, newLearnerSecret());
      const find = db.prepare<[string], { id: string }>('SELECT id FROM learners WHERE id = ?');
      for (const id of HOSTILE) expect(find.get(id)).toBeUndefined();
      expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM learners').get()!.n).toBe(1);
    });
  });
});
