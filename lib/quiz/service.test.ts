import { beforeEach, describe, expect, it } from 'vitest';
import { type LearnerDb } from '../learners/db';
import { learnerFor, newLearnerSecret } from '../learners/identity';
import { exportProgress, importProgress, markLessonRead, quizHistory, recordStep } from '../learners/progress';
import { UnknownQuizError } from './load';
import { answerQuestion, BadAnswerError, progressSummary, regradeImported, savedQuiz, UnknownQuestionError } from './service';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  let db: LearnerDb;
  let me: string;
  const at = (m: number) => new Date(Date.UTC(2025, 2, 1, 10, m));

  beforeEach(() => {
    db = freshDb();
    me = learnerFor(db, newLearnerSecret())!.id;
  });

  describe('answering a quiz', () => {
    it('grades, saves and returns the feedback with the quiz grade', () => {
      const out = answerQuestion(db, me, { quiz: 'jobs', question: 'completions-parallelism', answer: { kind: 'single', choice: 'two-at-a-time' } }, at(0));
      expect(out.feedback).toMatchObject({ score: 1, correct: true, key: { kind: 'single', choice: 'two-at-a-time' }, attempts: 1, answeredAt: '2025-03-01T10:00:00.000Z' });
      expect(out.feedback.explanation).toMatch(/completions/);
      expect(out.quiz).toMatchObject({ quiz: 'jobs', answered: 1, correct: 1, total: 7, fraction: 0.1429 });
    });

    it('keeps every attempt and loads the latest with its feedback', () => {
      const wrong = answerQuestion(db, me, { quiz: 'jobs', question: 'completions-parallelism', answer: { kind: 'single', choice: 'six-at-once' } }, at(0));
      expect(wrong.feedback).toMatchObject({ correct: false, hint: 'That is not the answer. Think it through again, or show the answer.' });
      answerQuestion(db, me, { quiz: 'jobs', question: 'completions-parallelism', answer: { kind: 'single', choice: 'two-at-a-time' } }, at(1));
      expect(quizHistory(db, me)).toHaveLength(2);
      const saved = savedQuiz(db, me, 'jobs');
      expect(saved.answers['completions-parallelism']).toMatchObject({ correct: true, attempts: 2, answer: { kind: 'single', choice: 'two-at-a-time' } });
      expect(saved.grade).toMatchObject({ answered: 1, correct: 1 });
    });

    it('does not show the right answer after a partly wrong one, so a retry is the learner\'s own work', () => {
      const out = answerQuestion(db, me, { quiz: 'jobs', question: 'indexed', answer: { kind: 'multiple', choices: ['env', 'queue'] } }, at(0));
      expect(out.feedback).toMatchObject({ correct: false, revealed: false, hint: '1 of your choices is right, 1 is not, and you missed 2.' });
      expect(out.feedback.key).toBeUndefined();
      expect(out.feedback.explanation).toBeUndefined();
      expect(savedQuiz(db, me, 'jobs').answers.indexed.key).toBeUndefined();
      const again = answerQuestion(db, me, { quiz: 'jobs', question: 'indexed', answer: { kind: 'multiple', choices: ['env', 'each-index', 'hostname'] } }, at(1));
      expect(again.feedback).toMatchObject({ score: 1, correct: true, key: { kind: 'multiple' } });
    });

    it('after "Show the answer", trying again with the shown answer is practice: the question keeps the score it had', () => {
      const wrong = { kind: 'multiple', choices: ['env', 'queue'] };
      const first = answerQuestion(db, me, { quiz: 'jobs', question: 'indexed', answer: wrong }, at(0));
      const kept = first.feedback.score;
      expect(kept).toBeLessThan(1);
      const shown = answerQuestion(db, me, { quiz: 'jobs', question: 'indexed', answer: wrong, reveal: true }, at(1));
      expect(shown.feedback).toMatchObject({ revealed: true, score: kept, key: { kind: 'multiple', choices: ['env', 'each-index', 'hostname'] } });
      const copied = answerQuestion(db, me, { quiz: 'jobs', question: 'indexed', answer: { kind: 'multiple', choices: ['env', 'each-index', 'hostname'] } }, at(2));
      expect(copied.feedback).toMatchObject({ attempt: { score: 1, correct: true }, score: kept, correct: false, revealed: true, attempts: 3 });
      expect(copied.quiz.points).toBe(kept);
      expect(savedQuiz(db, me, 'jobs').answers.indexed).toMatchObject({ score: kept, revealed: true });
      expect(progressSummary(db, me).module.quizzes.find((q) => q.quiz === 'jobs')!.points).toBe(kept);
    });

    it('has nothing saved for a visitor without a learner', () => {
      expect(savedQuiz(db, undefined, 'jobs')).toMatchObject({ answers: {}, grade: { answered: 0 } });
    });

    it('scores an open question by the self-assessment', () => {
      const out = answerQuestion(db, me, { quiz: 'knowledge-check', question: 'job-cronjob-deployment', answer: { kind: 'open', text: 'Job for batches, CronJob on a schedule, Deployment for streams.', ticked: [0, 1, 2] } }, at(0));
      expect(out.feedback).toMatchObject({ score: 1, correct: true, key: { kind: 'open' } });
    });

    const bad: [string, unknown, new (...args: never[]) => Error][] = [
      ['an unknown quiz', { quiz: 'nope', question: 'a', answer: { kind: 'single', choice: 'a' } }, UnknownQuizError],
      ['an unknown question', { quiz: 'jobs', question: 'nope', answer: { kind: 'single', choice: 'a' } }, UnknownQuestionError],
      ['an answer of the wrong kind', { quiz: 'jobs', question: 'completions-parallelism', answer: { kind: 'multiple', choices: ['a'] } }, BadAnswerError],
      ['an answer with extra fields', { quiz: 'jobs', question: 'completions-parallelism', answer: { kind: 'single', choice: 'a', score: 1 } }, BadAnswerError],
      ['a body that is not an object', 'single', BadAnswerError],
      ['an open answer that is too long', { quiz: 'knowledge-check', question: 'ambassador', answer: { kind: 'open', text: 'x'.repeat(9000), ticked: [] } }, BadAnswerError],
    ];
    for (const [what, body, error] of bad) {
      it(`refuses ${what} and saves nothing`, () => {
        expect(() => answerQuestion(db, me, body)).toThrow(error);
        expect(quizHistory(db, me)).toEqual([]);
      });
    }
  });

  describe('progress summary', () => {
    it('ticks the checklist from lessons read, quizzes passed and exercise steps', () => {
      markLessonRead(db, me, 'jobs', at(0));
      markLessonRead(db, me, 'batch-processing', at(0));
      const right: Record<string, unknown> = {
        'restart-policy-bug': { kind: 'bug', lines: [9] },
        'completions-parallelism': { kind: 'single', choice: 'two-at-a-time' },
        'backoff-limit': { kind: 'single', choice: 'four-pods' },
        indexed: { kind: 'multiple', choices: ['env', 'each-index', 'hostname'] },
        deadline: { kind: 'single', choice: 'killed' },
        'per-index-retries': { kind: 'single', choice: 'failed-indexes' },
        'replacement-handover-success': { kind: 'multiple', choices: ['failed-waits', 'default-overlaps', 'success-early'] },
      };
      for (const [question, answer] of Object.entries(right)) answerQuestion(db, me, { quiz: 'jobs', question, answer }, at(1));
      recordStep(db, me, 'exercise-5-3-jobs', 'create-job', { passed: true, at: at(2), solutionShown: false });
      const summary = progressSummary(db, me);
      expect(summary.module.quizzes.find((q) => q.quiz === 'jobs')).toMatchObject({ fraction: 1, passed: true });
      const jobsItem = summary.checklist.find((i) => i.text.startsWith('Design and run the Job patterns'))!;
      expect(jobsItem.evidence.map((e) => [e.slug, e.status])).toEqual([
        ['jobs', 'done'],
        ['exercise-5-3-jobs', 'done'],
        ['batch-processing', 'partial'],
      ]);
      expect(jobsItem.done).toBe(false);
    });

    it('re-grades imported answers against the current key', () => {
      answerQuestion(db, me, { quiz: 'jobs', question: 'deadline', answer: { kind: 'single', choice: 'killed' } }, at(0));
      const file = JSON.parse(JSON.stringify(exportProgress(db, me))) as { quizAttempts: { score: number; correct: boolean; answer: unknown }[] };
      file.quizAttempts[0].answer = { kind: 'single', choice: 'warning' };
      file.quizAttempts[0].score = 1;
      const other = learnerFor(db, newLearnerSecret())!.id;
      importProgress(db, other, file, regradeImported);
      expect(savedQuiz(db, other, 'jobs').answers.deadline).toMatchObject({ score: 0, correct: false });
    });
  });
});
