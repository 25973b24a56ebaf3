import { describe, expect, it } from 'vitest';
import { setDisplayName } from '../learners/display-name';
import { learnerFor, newLearnerSecret } from '../learners/identity';
import { markLessonRead, recordStep } from '../learners/progress';
import { answerQuestion } from '../quiz/service';
import { classOverview, type ExerciseOutline } from './class-overview';
import { describeLearnerBackends } from '../testing/learner-db';

describeLearnerBackends((freshDb) => {
  const exercises: ExerciseOutline[] = [
    { exercise: 'exercise-5-3-jobs', title: 'Jobs', steps: [{ id: 'single-job', title: 'One Job' }, { id: 'parallel-job', title: 'Parallel' }, { id: 'queue-job', title: 'Queue' }] },
    { exercise: 'exercise-5-4-cronjobs', title: 'CronJobs', steps: [{ id: 'hello-cron', title: 'Hello' }] },
  ];

  const at = (time: string) => new Date(`2026-03-02T${time}Z`);

  function classOfTwo() {
    const db = freshDb();
    const ada = learnerFor(db, newLearnerSecret(), at('09:00:00'))!;
    const bob = learnerFor(db, newLearnerSecret(), at('09:50:00'))!;
    setDisplayName(db, ada.id, 'Ada');
    markLessonRead(db, ada.id, 'jobs', at('09:05:00'));
    markLessonRead(db, ada.id, 'cronjobs', at('09:06:00'));
    answerQuestion(db, ada.id, { quiz: 'jobs', question: 'restart-policy-bug', answer: { kind: 'bug', lines: [9] } }, at('09:07:00'));
    recordStep(db, ada.id, 'exercise-5-3-jobs', 'single-job', { passed: true, at: at('09:10:00'), solutionShown: false });
    recordStep(db, ada.id, 'exercise-5-3-jobs', 'parallel-job', { passed: false, at: at('09:11:00'), solutionShown: true });
    recordStep(db, ada.id, 'exercise-5-3-jobs', 'parallel-job', { passed: true, at: at('09:12:00'), solutionShown: false });
    recordStep(db, bob.id, 'exercise-5-3-jobs', 'single-job', { passed: true, at: at('09:51:00'), solutionShown: false });
    recordStep(db, bob.id, 'exercise-5-3-jobs', 'queue-job', { passed: false, at: at('09:52:00'), solutionShown: false });
    return { db, ada, bob };
  }

  describe('the class overview', () => {
    it('has a row per learner, most recently seen first, named or called by their id', () => {
      const { db, ada, bob } = classOfTwo();
      const o = classOverview({ db, exercises, lessonCount: 22, now: at('10:00:00') });
      expect(o.learners.map((l) => l.label)).toEqual([`learner ${bob.id.slice(0, 8)}`, 'Ada']);
      expect(o.learners[1]).toMatchObject({ id: ada.id, named: true, lessonsRead: 2, questionsAnswered: 1, stepsPassed: 2, solutionsShown: 1 });
      expect(o.learners[1].exercises).toEqual([
        { exercise: 'exercise-5-3-jobs', passed: 2, total: 3 },
        { exercise: 'exercise-5-4-cronjobs', passed: 0, total: 1 },
      ]);
      expect(o.learners[0]).toMatchObject({ named: false, lessonsRead: 0, stepsPassed: 1, solutionsShown: 0, quizFraction: 0 });
      expect(o.learners[1].quizFraction).toBeGreaterThan(0);
    });

    it('counts per step how many passed and how many of them had seen the solution', () => {
      const { db } = classOfTwo();
      const o = classOverview({ db, exercises, lessonCount: 22, now: at('10:00:00') });
      expect(o.steps.map((s) => [s.step, s.passed, s.withSolution])).toEqual([
        ['single-job', 2, 0],
        ['parallel-job', 1, 1],
        ['queue-job', 0, 0],
        ['hello-cron', 0, 0],
      ]);
      expect(o.stepCount).toBe(4);
      expect(o.quizCount).toBeGreaterThan(0);
      expect(o.checklistCount).toBeGreaterThan(0);
    });

    it('says who is active now (seen in the last 15 minutes) and shows each learner\'s cluster health', () => {
      const { db, bob } = classOfTwo();
      const o = classOverview({
        db,
        exercises,
        lessonCount: 22,
        now: at('10:00:00'),
        clusterHealth: (id) => (id === bob.id ? { pods: 3, problems: ['default/web-0: CrashLoopBackOff'] } : undefined),
      });
      expect(o.activeNow).toBe(1);
      expect(o.learners[0].cluster).toEqual({ pods: 3, problems: ['default/web-0: CrashLoopBackOff'] });
      expect(o.learners[1].cluster).toBeUndefined();
    });

    it('is empty but complete for a class nobody has joined yet', () => {
      const o = classOverview({ db: freshDb(), exercises, lessonCount: 22 });
      expect(o).toMatchObject({ learners: [], activeNow: 0, stepCount: 4, lessonCount: 22 });
      expect(o.steps.every((s) => s.passed === 0)).toBe(true);
    });
  });
});
