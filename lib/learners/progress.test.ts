import { beforeEach, describe, expect, it } from 'vitest';
import { type LearnerDb } from './db';
import { learnerFor, newLearnerSecret } from './identity';
import {
  exportProgress,
  importProgress,
  latestAnswers,
  markLessonRead,
  MAX_ANSWER_JSON_BYTES,
  ProgressImportError,
  ProgressInputError,
  progressOf,
  quizHistory,
  recordQuizAnswer,
  recordStep,
  type Regrade,
} from './progress';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  const t = (s: string) => new Date(`2025-03-01T${s}Z`);
  const NOW = new Date('2025-03-02T00:00:00Z');

  /** The real regrade lives in the quiz module; here: a choice "b" is right, anything else wrong, quiz "gone" unknown. */
  const regrade: Regrade = (quiz, _question, answer) => {
    if (quiz === 'gone') return undefined;
    const right = (answer as { choice?: string }).choice === 'b';
    return { score: right ? 1 : 0, correct: right };
  };

  let db: LearnerDb;
  let me: string;
  let other: string;

  beforeEach(() => {
    db = freshDb();
    me = learnerFor(db, newLearnerSecret())!.id;
    other = learnerFor(db, newLearnerSecret())!.id;
  });

  describe('lessons read', () => {
    it('keeps the first read time and moves the last one', () => {
      markLessonRead(db, me, 'jobs', t('10:00:00.000'));
      markLessonRead(db, me, 'jobs', t('12:00:00.000'));
      expect(markLessonRead(db, me, 'jobs', t('11:00:00.000'))).toEqual({ lesson: 'jobs', firstReadAt: '2025-03-01T10:00:00.000Z', lastReadAt: '2025-03-01T12:00:00.000Z' });
      expect(progressOf(db, other).lessons).toEqual([]);
    });

    it('refuses a lesson name that is not a slug and stores nothing', () => {
      expect(() => markLessonRead(db, me, '../etc/passwd')).toThrow(ProgressInputError);
      expect(progressOf(db, me).lessons).toEqual([]);
    });
  });

  describe('quiz answers', () => {
    it('keeps every attempt and counts the latest', () => {
      recordQuizAnswer(db, me, { quiz: 'jobs', question: 'q1', answer: { kind: 'single', choice: 'a' }, score: 0, correct: false }, t('10:00:00.000'));
      recordQuizAnswer(db, me, { quiz: 'jobs', question: 'q1', answer: { kind: 'single', choice: 'b' }, score: 1, correct: true }, t('10:05:00.000'));
      recordQuizAnswer(db, me, { quiz: 'cronjobs', question: 'q1', answer: { kind: 'single', choice: 'a' }, score: 0, correct: false }, t('10:06:00.000'));
      expect(quizHistory(db, me)).toHaveLength(3);
      expect(latestAnswers(db, me, 'jobs')).toEqual([
        { quiz: 'jobs', question: 'q1', answer: { kind: 'single', choice: 'b' }, score: 1, correct: true, answeredAt: '2025-03-01T10:05:00.000Z', attempts: 2 },
      ]);
      expect(latestAnswers(db, me).map((a) => a.quiz)).toEqual(['cronjobs', 'jobs']);
      expect(latestAnswers(db, other)).toEqual([]);
    });

    it('lets a second answer in the same millisecond replace the first', () => {
      recordQuizAnswer(db, me, { quiz: 'jobs', question: 'q1', answer: 'a', score: 0, correct: false }, t('10:00:00.000'));
      recordQuizAnswer(db, me, { quiz: 'jobs', question: 'q1', answer: 'b', score: 1, correct: true }, t('10:00:00.000'));
      expect(quizHistory(db, me)).toMatchObject([{ answer: 'b', score: 1 }]);
    });

    it('refuses scores outside 0..1 and oversized answers', () => {
      expect(() => recordQuizAnswer(db, me, { quiz: 'jobs', question: 'q1', answer: 'a', score: 2, correct: true })).toThrow(ProgressInputError);
      expect(() => recordQuizAnswer(db, me, { quiz: 'jobs', question: 'q1', answer: 'x'.repeat(MAX_ANSWER_JSON_BYTES), score: 0, correct: false })).toThrow(/larger than/);
      expect(quizHistory(db, me)).toEqual([]);
    });
  });

  describe('exercise steps', () => {
    it('stays passed once passed and remembers that the solution was shown', () => {
      recordStep(db, me, 'exercise-5-3-jobs', 'create-job', { passed: false, at: t('10:00:00.000'), solutionShown: false });
      recordStep(db, me, 'exercise-5-3-jobs', 'create-job', { passed: true, at: t('10:10:00.000'), solutionShown: true });
      const last = recordStep(db, me, 'exercise-5-3-jobs', 'create-job', { passed: false, at: t('10:20:00.000'), solutionShown: false });
      expect(last).toEqual({ exercise: 'exercise-5-3-jobs', step: 'create-job', passed: true, passedAt: '2025-03-01T10:10:00.000Z', solutionShown: true, firstAt: '2025-03-01T10:00:00.000Z', updatedAt: '2025-03-01T10:20:00.000Z' });
    });

    it('records a step that has not passed without a pass time', () => {
      expect(recordStep(db, me, 'exercise-5-1-daemonsets', 'one-per-node', { passed: false, at: t('09:00:00.000'), solutionShown: false })).toEqual({
        exercise: 'exercise-5-1-daemonsets',
        step: 'one-per-node',
        passed: false,
        solutionShown: false,
        firstAt: '2025-03-01T09:00:00.000Z',
        updatedAt: '2025-03-01T09:00:00.000Z',
      });
    });

    it('refuses an invalid date', () => {
      expect(() => recordStep(db, me, 'e', 's', { passed: true, at: new Date('nope'), solutionShown: false })).toThrow(ProgressInputError);
    });
  });

  function seed(learner: string): void {
    markLessonRead(db, learner, 'jobs', t('10:00:00.000'));
    recordQuizAnswer(db, learner, { quiz: 'jobs', question: 'q1', answer: { choice: 'a' }, score: 0, correct: false }, t('10:01:00.000'));
    recordQuizAnswer(db, learner, { quiz: 'jobs', question: 'q1', answer: { choice: 'b' }, score: 1, correct: true }, t('10:02:00.000'));
    recordStep(db, learner, 'exercise-5-3-jobs', 'create-job', { passed: true, at: t('10:03:00.000'), solutionShown: true });
  }

  describe('export and import', () => {
    it('round-trips into another learner unchanged', () => {
      seed(me);
      const file = JSON.parse(JSON.stringify(exportProgress(db, me, NOW))) as unknown;
      expect(file).toMatchObject({ format: 'kubelab-progress', version: 1, exportedAt: NOW.toISOString() });
      expect(importProgress(db, other, file, regrade, NOW)).toEqual({ lessons: 1, quizAttempts: 2, skippedAttempts: 0, exerciseSteps: 1 });
      expect(progressOf(db, other)).toEqual(progressOf(db, me));
      expect(quizHistory(db, other)).toEqual(quizHistory(db, me));
    });

    it('is idempotent: importing the same file twice adds nothing', () => {
      seed(me);
      const file = exportProgress(db, me, NOW);
      importProgress(db, me, file, regrade, NOW);
      expect(importProgress(db, me, file, regrade, NOW).quizAttempts).toBe(0);
      expect(quizHistory(db, me)).toHaveLength(2);
    });

    it('merges an older file without losing newer data', () => {
      const old = {
        format: 'kubelab-progress',
        version: 1,
        exportedAt: '2025-02-01T00:00:00.000Z',
        lessons: [{ lesson: 'jobs', firstReadAt: '2025-02-01T08:00:00.000Z', lastReadAt: '2025-02-01T08:00:00.000Z' }],
        quizAttempts: [{ quiz: 'jobs', question: 'q1', answer: { choice: 'a' }, answeredAt: '2025-02-01T08:01:00.000Z' }],
        exerciseSteps: [{ exercise: 'exercise-5-3-jobs', step: 'create-job', passed: false, solutionShown: false, firstAt: '2025-02-01T08:02:00.000Z', updatedAt: '2025-02-01T08:02:00.000Z' }],
      };
      seed(me);
      importProgress(db, me, old, regrade, NOW);
      const p = progressOf(db, me);
      expect(p.lessons).toEqual([{ lesson: 'jobs', firstReadAt: '2025-02-01T08:00:00.000Z', lastReadAt: '2025-03-01T10:00:00.000Z' }]);
      expect(p.quizAnswers).toMatchObject([{ question: 'q1', answer: { choice: 'b' }, correct: true, attempts: 3 }]);
      expect(p.exerciseSteps).toMatchObject([{ passed: true, passedAt: '2025-03-01T10:03:00.000Z', solutionShown: true, firstAt: '2025-02-01T08:02:00.000Z', updatedAt: '2025-03-01T10:03:00.000Z' }]);
    });

    it('re-grades imported attempts instead of trusting their scores, and skips unknown quizzes', () => {
      const file = {
        format: 'kubelab-progress',
        version: 1,
        exportedAt: '2025-02-01T00:00:00.000Z',
        lessons: [],
        quizAttempts: [
          { quiz: 'jobs', question: 'q1', answer: { choice: 'a' }, answeredAt: '2025-02-01T08:01:00.000Z', score: 1, correct: true },
          { quiz: 'gone', question: 'q1', answer: { choice: 'b' }, answeredAt: '2025-02-01T08:01:00.000Z' },
        ],
        exerciseSteps: [],
      };
      expect(importProgress(db, me, file, regrade, NOW)).toMatchObject({ quizAttempts: 1, skippedAttempts: 1 });
      expect(latestAnswers(db, me)).toMatchObject([{ quiz: 'jobs', score: 0, correct: false }]);
    });

    const valid = () => JSON.parse(JSON.stringify(exportProgress(db, me, NOW))) as Record<string, unknown>;
    const hostile: [string, () => unknown][] = [
      ['null', () => null],
      ['a string', () => 'kubelab-progress'],
      ['an array', () => []],
      ['another format', () => ({ ...valid(), format: 'something-else' })],
      ['a future version', () => ({ ...valid(), version: 2 })],
      ['lessons that are not a list', () => ({ ...valid(), lessons: { jobs: true } })],
      ['a lesson name with a path', () => ({ ...valid(), lessons: [{ lesson: '../../x', firstReadAt: '2025-01-01T00:00:00Z', lastReadAt: '2025-01-01T00:00:00Z' }] })],
      ['a time that is not a time', () => ({ ...valid(), lessons: [{ lesson: 'jobs', firstReadAt: 'yesterday', lastReadAt: '2025-01-01T00:00:00Z' }] })],
      ['a time far in the future', () => ({ ...valid(), lessons: [{ lesson: 'jobs', firstReadAt: '2025-01-01T00:00:00Z', lastReadAt: '9999-01-01T00:00:00Z' }] })],
      ['an oversized answer', () => ({ ...valid(), quizAttempts: [{ quiz: 'jobs', question: 'q1', answer: 'x'.repeat(MAX_ANSWER_JSON_BYTES + 1), answeredAt: '2025-01-01T00:00:00Z' }] })],
      ['an attempt without an answer', () => ({ ...valid(), quizAttempts: [{ quiz: 'jobs', question: 'q1', answeredAt: '2025-01-01T00:00:00Z' }] })],
      ['too many attempts', () => ({ ...valid(), quizAttempts: Array.from({ length: 20_001 }, () => ({ quiz: 'jobs', question: 'q1', answer: 1, answeredAt: '2025-01-01T00:00:00Z' })) })],
      ['a step whose passed is a string', () => ({ ...valid(), exerciseSteps: [{ exercise: 'e', step: 's', passed: 'yes', solutionShown: false, firstAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' }] })],
    ];
    for (const [what, make] of hostile) {
      it(`refuses ${what} and changes nothing`, () => {
        seed(me);
        const before = exportProgress(db, me, NOW);
        expect(() => importProgress(db, me, make(), regrade, NOW)).toThrow(ProgressImportError);
        expect(exportProgress(db, me, NOW)).toEqual(before);
      });
    }

    it('ignores __proto__ keys instead of letting them reach objects', () => {
      const file = JSON.parse(`{"format":"kubelab-progress","version":1,"exportedAt":"2025-02-01T00:00:00Z","__proto__":{"polluted":true},"lessons":[],"quizAttempts":[],"exerciseSteps":[]}`) as unknown;
      expect(importProgress(db, me, file, regrade, NOW)).toEqual({ lessons: 0, quizAttempts: 0, skippedAttempts: 0, exerciseSteps: 0 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('rolls back the whole file when a write in the middle fails', () => {
      const file = {
        format: 'kubelab-progress',
        version: 1,
        exportedAt: '2025-02-01T00:00:00.000Z',
        lessons: [{ lesson: 'jobs', firstReadAt: '2025-02-01T08:00:00.000Z', lastReadAt: '2025-02-01T08:00:00.000Z' }],
        quizAttempts: [
          { quiz: 'jobs', question: 'q1', answer: { choice: 'b' }, answeredAt: '2025-02-01T08:01:00.000Z' },
          { quiz: 'jobs', question: 'q2', answer: { choice: 'b' }, answeredAt: '2025-02-01T08:02:00.000Z' },
        ],
        exerciseSteps: [],
      };
      const broken: Regrade = (quiz, question, answer) => (question === 'q2' ? { score: 7, correct: true } : regrade(quiz, question, answer));
      expect(() => importProgress(db, me, file, broken, NOW)).toThrow(ProgressInputError);
      expect(progressOf(db, me)).toEqual({ lessons: [], quizAnswers: [], exerciseSteps: [] });
    });
  });
});
