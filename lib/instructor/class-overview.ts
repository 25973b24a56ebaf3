/**
 * The class at a glance for an instructor: one row per learner (name, when last seen, lessons
 * read, quiz score, exercise steps passed and with how much help, the completion checklist,
 * their cluster's pods in trouble) and one line per exercise step (how many passed it, how
 * many needed its solution) so the instructor sees where the class is stuck.
 */
import type { LearnerDb } from '../learners/db';
import { moduleChecklist } from '../quiz/checklist';
import { quizzes } from '../quiz/load';
import { progressSummary } from '../quiz/service';
import type { PodHealth } from './pod-health';

export interface ExerciseOutline {
  exercise: string;
  title: string;
  steps: { id: string; title: string }[];
}

export interface LearnerExercise {
  exercise: string;
  passed: number;
  total: number;
}

export interface LearnerRow {
  id: string;
  /** What the overview calls them: their chosen name, else "learner <first 8 of id>". */
  label: string;
  named: boolean;
  createdAt: string;
  lastSeenAt: string;
  lessonsRead: number;
  quizFraction: number;
  quizzesPassed: number;
  questionsAnswered: number;
  stepsPassed: number;
  solutionsShown: number;
  checklistDone: number;
  exercises: LearnerExercise[];
  cluster?: PodHealth;
}

export interface StepLine {
  exercise: string;
  exerciseTitle: string;
  step: string;
  title: string;
  passed: number;
  /** Of those who passed, how many had asked for the solution first. */
  withSolution: number;
}

export interface ClassOverview {
  learners: LearnerRow[];
  steps: StepLine[];
  lessonCount: number;
  quizCount: number;
  stepCount: number;
  checklistCount: number;
  /** Learners seen in the last 15 minutes. */
  activeNow: number;
}

export interface OverviewInput {
  db: LearnerDb;
  exercises: ExerciseOutline[];
  lessonCount: number;
  /** The pods of a learner's cluster, when they have one (the sandbox backend). */
  clusterHealth?: (learnerId: string) => PodHealth | undefined;
  now?: Date;
  /** Only the members of this class (lib/classes); every learner when absent. */
  classId?: string;
}

const ACTIVE_MS = 15 * 60 * 1000;

interface LearnerDbRow {
  id: string;
  created_at: string;
  last_seen_at: string;
  display_name: string | null;
}

export function classOverview(input: OverviewInput): ClassOverview {
  const { db, exercises, lessonCount } = input;
  const now = (input.now ?? new Date()).getTime();
  const rows = input.classId === undefined
    ? db.prepare<[], LearnerDbRow>('SELECT id, created_at, last_seen_at, display_name FROM learners ORDER BY last_seen_at DESC, id').all()
    : db.prepare<[string], LearnerDbRow>('SELECT id, created_at, last_seen_at, display_name FROM learners WHERE id IN (SELECT learner_id FROM class_members WHERE class_id = ?) ORDER BY last_seen_at DESC, id').all(input.classId);
  const known = new Set(exercises.flatMap((e) => e.steps.map((s) => `${e.exercise}/${s.id}`)));
  const passedBy = new Map<string, { passed: number; withSolution: number }>();

  const learners = rows.map((r): LearnerRow => {
    const summary = progressSummary(db, r.id);
    const passed = summary.exerciseSteps.filter((s) => s.passed && known.has(`${s.exercise}/${s.step}`));
    for (const s of passed) {
      const key = `${s.exercise}/${s.step}`;
      const tally = passedBy.get(key) ?? { passed: 0, withSolution: 0 };
      tally.passed++;
      if (s.solutionShown) tally.withSolution++;
      passedBy.set(key, tally);
    }
    return {
      id: r.id,
      label: r.display_name ?? `learner ${r.id.slice(0, 8)}`,
      named: r.display_name !== null,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      lessonsRead: summary.lessons.length,
      quizFraction: summary.module.fraction,
      quizzesPassed: summary.module.passedQuizzes,
      questionsAnswered: summary.module.answered,
      stepsPassed: passed.length,
      solutionsShown: summary.exerciseSteps.filter((s) => s.solutionShown).length,
      checklistDone: summary.checklist.filter((c) => c.done).length,
      exercises: exercises.map((e) => ({ exercise: e.exercise, passed: passed.filter((s) => s.exercise === e.exercise).length, total: e.steps.length })),
      cluster: input.clusterHealth?.(r.id),
    };
  });

  const steps = exercises.flatMap((e) =>
    e.steps.map((s): StepLine => {
      const tally = passedBy.get(`${e.exercise}/${s.id}`) ?? { passed: 0, withSolution: 0 };
      return { exercise: e.exercise, exerciseTitle: e.title, step: s.id, title: s.title, ...tally };
    }),
  );

  return {
    learners,
    steps,
    lessonCount,
    quizCount: quizzes().size,
    stepCount: known.size,
    checklistCount: moduleChecklist().length,
    activeNow: rows.filter((r) => now - Date.parse(r.last_seen_at) <= ACTIVE_MS).length,
  };
}
