/**
 * Grading, as pure functions: a question's score from an answer, a quiz's and the module's
 * from the latest result of each question. A learner may answer again as often as they like;
 * only the latest attempt counts (progress.ts keeps the others as history).
 *
 * Scores are fractions in [0, 1]. Choice-like questions with several right picks (multiple
 * choice, find the bug) give partial credit, right picks minus wrong picks, so ticking every
 * box never pays; an ordering scores the steps in their right place. `correct` means fully
 * right. Open questions are scored by the learner's own ticks on the rubric.
 */
import type { Answer, Question, Quiz } from './schema';

export interface QuestionResult {
  score: number;
  correct: boolean;
}

/** A self-assessed answer that covers this share of the rubric counts as right. */
export const OPEN_CORRECT_AT = 0.7;

export class AnswerKindError extends Error {
  constructor(
    readonly question: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`question "${question}" is a ${expected} question; the answer is for a ${got} question`);
    this.name = 'AnswerKindError';
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** Right picks minus wrong picks over the number of right ones, never below zero. */
function setScore<T>(picked: T[], right: T[]): QuestionResult {
  const chosen = new Set(picked);
  const key = new Set(right);
  let hits = 0;
  let wrong = 0;
  for (const p of chosen) {
    if (key.has(p)) hits++;
    else wrong++;
  }
  return { score: round(Math.max(0, (hits - wrong) / key.size)), correct: hits === key.size && wrong === 0 };
}

const full = (ok: boolean): QuestionResult => ({ score: ok ? 1 : 0, correct: ok });

export function gradeQuestion(question: Question, answer: Answer): QuestionResult {
  if (question.kind !== answer.kind) throw new AnswerKindError(question.id, question.kind, answer.kind);
  switch (question.kind) {
    case 'single':
      return full((answer as Extract<Answer, { kind: 'single' }>).choice === question.answer);
    case 'workload':
      return full((answer as Extract<Answer, { kind: 'workload' }>).choice === question.answer);
    case 'multiple':
      return setScore((answer as Extract<Answer, { kind: 'multiple' }>).choices, question.answer);
    case 'bug':
      return setScore((answer as Extract<Answer, { kind: 'bug' }>).lines, question.answer);
    case 'order': {
      const order = (answer as Extract<Answer, { kind: 'order' }>).order;
      const right = question.steps.map((s) => s.id);
      // Anything but a permutation of the steps is not an ordering of them.
      const isPermutation = order.length === right.length && new Set(order).size === order.length && order.every((id) => right.includes(id));
      if (!isPermutation) return full(false);
      const inPlace = order.filter((id, i) => right[i] === id).length;
      return { score: round(inPlace / right.length), correct: inPlace === right.length };
    }
    case 'open': {
      const { text, ticked } = answer as Extract<Answer, { kind: 'open' }>;
      // Ticks without a written answer are not a self-assessment of anything.
      if (!text.trim()) return full(false);
      const valid = new Set(ticked.filter((i) => i >= 0 && i < question.rubric.length));
      const score = round(valid.size / question.rubric.length);
      return { score, correct: score >= OPEN_CORRECT_AT };
    }
  }
}

export interface QuizGrade {
  quiz: string;
  /** Questions in the quiz. */
  total: number;
  answered: number;
  correct: number;
  /** Sum of the latest scores. */
  points: number;
  /** points / total, unanswered questions counting 0. */
  fraction: number;
  passed: boolean;
}

/** A quiz's grade from the latest result per question id (results for unknown ids are ignored). */
export function gradeQuiz(quiz: Quiz, latest: ReadonlyMap<string, QuestionResult>): QuizGrade {
  let answered = 0;
  let correct = 0;
  let points = 0;
  for (const q of quiz.questions) {
    const r = latest.get(q.id);
    if (!r) continue;
    answered++;
    if (r.correct) correct++;
    points += r.score;
  }
  const fraction = round(points / quiz.questions.length);
  return { quiz: quiz.id, total: quiz.questions.length, answered, correct, points: round(points), fraction, passed: fraction >= quiz.passMark };
}

export interface ModuleGrade {
  quizzes: QuizGrade[];
  total: number;
  answered: number;
  points: number;
  fraction: number;
  passedQuizzes: number;
}

/** The module's grade: every question of every quiz weighs the same. */
export function gradeModule(all: Quiz[], latestByQuiz: ReadonlyMap<string, ReadonlyMap<string, QuestionResult>>): ModuleGrade {
  const grades = all.map((quiz) => gradeQuiz(quiz, latestByQuiz.get(quiz.id) ?? new Map()));
  const total = grades.reduce((n, g) => n + g.total, 0);
  const points = grades.reduce((n, g) => n + g.points, 0);
  return {
    quizzes: grades,
    total,
    answered: grades.reduce((n, g) => n + g.answered, 0),
    points: round(points),
    fraction: total ? round(points / total) : 0,
    passedQuizzes: grades.filter((g) => g.passed).length,
  };
}
