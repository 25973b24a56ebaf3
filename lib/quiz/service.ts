/**
 * What the progress and quiz routes do, without HTTP: grade and record an answer, read back a
 * quiz's saved answers with their feedback, and summarise a learner's progress for the module
 * (grades, lessons read, exercise steps, the completion checklist). Saved answers are graded
 * again against the current answer key when read, so a corrected key corrects old grades too.
 */
import { z } from 'zod';
import { moduleLessons } from '../content/lessons';
import type { LearnerDb } from '../learners/db';
import { latestAnswers, progressOf, recordQuizAnswer, type LatestAnswer, type LessonRead, type Regrade, type StepRecord } from '../learners/progress';
import { moduleChecklist, tickChecklist, type ChecklistItem } from './checklist';
import { gradeModule, gradeQuestion, gradeQuiz, type ModuleGrade, type QuestionResult, type QuizGrade } from './grade';
import { findQuestion, findQuiz, quizzes } from './load';
import { answerSchema, QUIZ_ID, type Answer, type Question } from './schema';
import { feedbackFor, type Feedback } from './view';

export class UnknownQuestionError extends Error {
  constructor(readonly quiz: string, readonly question: string) {
    super(`quiz "${quiz}" has no question "${question}"`);
    this.name = 'UnknownQuestionError';
  }
}

export class BadAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadAnswerError';
  }
}

const answerRequest = z.object({ quiz: z.string().regex(QUIZ_ID), question: z.string().regex(QUIZ_ID), answer: answerSchema }).strict();

function questionOf(quizId: string, questionId: string): Question {
  const question = findQuestion(findQuiz(quizId), questionId);
  if (!question) throw new UnknownQuestionError(quizId, questionId);
  return question;
}

/** A stored answer graded against the current key; undefined if it no longer fits the question. */
function regradeStored(question: Question, stored: unknown): { answer: Answer; result: QuestionResult } | undefined {
  const parsed = answerSchema.safeParse(stored);
  if (!parsed.success || parsed.data.kind !== question.kind) return undefined;
  return { answer: parsed.data, result: gradeQuestion(question, parsed.data) };
}

function latestResults(latest: LatestAnswer[]): Map<string, Map<string, QuestionResult>> {
  const byQuiz = new Map<string, Map<string, QuestionResult>>();
  for (const a of latest) {
    const quiz = quizzes().get(a.quiz);
    const question = quiz && findQuestion(quiz, a.question);
    const graded = question && regradeStored(question, a.answer);
    if (!graded) continue;
    if (!byQuiz.has(a.quiz)) byQuiz.set(a.quiz, new Map());
    byQuiz.get(a.quiz)!.set(a.question, graded.result);
  }
  return byQuiz;
}

export interface AnswerOutcome {
  question: string;
  feedback: Feedback;
  quiz: QuizGrade;
}

export function answerQuestion(db: LearnerDb, learnerId: string, body: unknown, now = new Date()): AnswerOutcome {
  const parsed = answerRequest.safeParse(body);
  if (!parsed.success) throw new BadAnswerError(parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  const { quiz: quizId, question: questionId, answer } = parsed.data;
  const question = questionOf(quizId, questionId);
  if (question.kind !== answer.kind) throw new BadAnswerError(`answer.kind: question "${questionId}" is a ${question.kind} question`);
  const result = gradeQuestion(question, answer);
  const saved = recordQuizAnswer(db, learnerId, { quiz: quizId, question: questionId, answer, ...result }, now);
  const latest = latestAnswers(db, learnerId, quizId);
  const attempts = latest.find((a) => a.question === questionId)?.attempts ?? 1;
  return {
    question: questionId,
    feedback: feedbackFor(question, answer, saved.answeredAt, attempts, result),
    quiz: gradeQuiz(findQuiz(quizId), latestResults(latest).get(quizId) ?? new Map()),
  };
}

export interface SavedQuiz {
  answers: Record<string, Feedback>;
  grade: QuizGrade;
}

export function savedQuiz(db: LearnerDb, learnerId: string | undefined, quizId: string): SavedQuiz {
  const quiz = findQuiz(quizId);
  const latest = learnerId ? latestAnswers(db, learnerId, quizId) : [];
  const answers: Record<string, Feedback> = {};
  for (const a of latest) {
    const question = findQuestion(quiz, a.question);
    const graded = question && regradeStored(question, a.answer);
    if (question && graded) answers[a.question] = feedbackFor(question, graded.answer, a.answeredAt, a.attempts, graded.result);
  }
  return { answers, grade: gradeQuiz(quiz, latestResults(latest).get(quizId) ?? new Map()) };
}

/** The import's re-grading: attempts at unknown questions, or that no longer fit, are skipped. */
export const regradeImported: Regrade = (quizId, questionId, answer) => {
  const quiz = quizzes().get(quizId);
  const question = quiz && findQuestion(quiz, questionId);
  return question ? regradeStored(question, answer)?.result : undefined;
};

export interface ProgressSummary {
  lessons: LessonRead[];
  module: ModuleGrade;
  exerciseSteps: StepRecord[];
  checklist: ChecklistItem[];
}

export function progressSummary(db: LearnerDb, learnerId: string | undefined): ProgressSummary {
  const progress = learnerId ? progressOf(db, learnerId) : { lessons: [], quizAnswers: [], exerciseSteps: [] };
  const all = [...quizzes().values()];
  const grade = gradeModule(all, latestResults(progress.quizAnswers));
  const byLesson = new Map(all.map((q, i) => [q.lesson, grade.quizzes[i]]));
  const checklist = tickChecklist(moduleChecklist(), {
    sections: new Map(moduleLessons().map((l) => [l.slug, l.section])),
    lessonsRead: new Set(progress.lessons.map((l) => l.lesson)),
    quizzes: byLesson,
    steps: progress.exerciseSteps,
  });
  return { lessons: progress.lessons, module: grade, exerciseSteps: progress.exerciseSteps, checklist };
}
