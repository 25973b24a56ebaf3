/**
 * What the progress and quiz routes do, without HTTP: grade and record an answer, read back a
 * quiz's saved answers with their feedback, and summarise a learner's progress for the module
 * (grades, lessons read, exercise steps, the completion checklist). Saved answers are graded
 * again against the current answer key when read, so a corrected key corrects old grades too.
 *
 * The key is shown only once an answer is right or the learner asks to see it (`reveal: true`,
 * saved with that attempt). From a reveal on, the question keeps the score it had then: later
 * tries are practice, so copying the shown answer earns nothing.
 */
import { z } from 'zod';
import { moduleLessons } from '../content/lessons';
import type { LearnerDb } from '../learners/db';
import { progressOf, quizHistory, recordQuizAnswer, type LessonRead, type QuizAttempt, type Regrade, type StepRecord } from '../learners/progress';
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

const answerRequest = z.object({ quiz: z.string().regex(QUIZ_ID), question: z.string().regex(QUIZ_ID), answer: answerSchema, reveal: z.literal(true).optional() }).strict();

function questionOf(quizId: string, questionId: string): Question {
  const question = findQuestion(findQuiz(quizId), questionId);
  if (!question) throw new UnknownQuestionError(quizId, questionId);
  return question;
}

/** A stored attempt's answer and whether that attempt asked for the key (saved beside the answer). */
function splitStored(stored: unknown): { answer: unknown; revealed: boolean } {
  if (!stored || typeof stored !== 'object' || !('revealed' in stored)) return { answer: stored, revealed: false };
  const { revealed, ...answer } = stored as Record<string, unknown>;
  return { answer, revealed: revealed === true };
}

/** A stored answer graded against the current key; undefined if it no longer fits the question. */
function regradeStored(question: Question, stored: unknown): { answer: Answer; result: QuestionResult } | undefined {
  const parsed = answerSchema.safeParse(splitStored(stored).answer);
  if (!parsed.success || parsed.data.kind !== question.kind) return undefined;
  return { answer: parsed.data, result: gradeQuestion(question, parsed.data) };
}

/** Where a question stands after all its attempts: the latest answer and what counts. */
interface Standing {
  question: Question;
  answer: Answer;
  counted: QuestionResult;
  revealed: boolean;
  attempts: number;
  answeredAt: string;
}

/**
 * Every attempt in order, per quiz and question: the latest answer counts, except that after
 * the attempt that revealed the key no later attempt counts for more than that one did.
 */
function standings(history: QuizAttempt[]): Map<string, Map<string, Standing>> {
  const byQuiz = new Map<string, Map<string, Standing>>();
  for (const a of history) {
    const quiz = quizzes().get(a.quiz);
    const question = quiz && findQuestion(quiz, a.question);
    const graded = question && regradeStored(question, a.answer);
    if (!question || !graded) continue;
    if (!byQuiz.has(a.quiz)) byQuiz.set(a.quiz, new Map());
    const questions = byQuiz.get(a.quiz)!;
    const before = questions.get(a.question);
    const cap = before?.revealed ? before.counted : undefined;
    const counted = cap && graded.result.score > cap.score ? cap : graded.result;
    questions.set(a.question, {
      question,
      answer: graded.answer,
      counted,
      revealed: Boolean(before?.revealed) || splitStored(a.answer).revealed,
      attempts: (before?.attempts ?? 0) + 1,
      answeredAt: a.answeredAt,
    });
  }
  return byQuiz;
}

function countedResults(byQuiz: Map<string, Map<string, Standing>>): Map<string, Map<string, QuestionResult>> {
  return new Map([...byQuiz].map(([quiz, qs]) => [quiz, new Map([...qs].map(([id, st]) => [id, st.counted]))]));
}

const feedbackOf = (st: Standing): Feedback => feedbackFor(st.question, st.answer, st.answeredAt, st.attempts, { counted: st.counted, revealed: st.revealed });

export interface AnswerOutcome {
  question: string;
  feedback: Feedback;
  quiz: QuizGrade;
}

export function answerQuestion(db: LearnerDb, learnerId: string, body: unknown, now = new Date()): AnswerOutcome {
  const parsed = answerRequest.safeParse(body);
  if (!parsed.success) throw new BadAnswerError(parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  const { quiz: quizId, question: questionId, answer, reveal } = parsed.data;
  const question = questionOf(quizId, questionId);
  if (question.kind !== answer.kind) throw new BadAnswerError(`answer.kind: question "${questionId}" is a ${question.kind} question`);
  const result = gradeQuestion(question, answer);
  recordQuizAnswer(db, learnerId, { quiz: quizId, question: questionId, answer: reveal ? { ...answer, revealed: true } : answer, ...result }, now);
  const mine = standings(quizHistory(db, learnerId).filter((a) => a.quiz === quizId));
  return {
    question: questionId,
    feedback: feedbackOf(mine.get(quizId)!.get(questionId)!),
    quiz: gradeQuiz(findQuiz(quizId), countedResults(mine).get(quizId) ?? new Map()),
  };
}

export interface SavedQuiz {
  answers: Record<string, Feedback>;
  grade: QuizGrade;
}

export function savedQuiz(db: LearnerDb, learnerId: string | undefined, quizId: string): SavedQuiz {
  const quiz = findQuiz(quizId);
  const mine = standings(learnerId ? quizHistory(db, learnerId).filter((a) => a.quiz === quizId) : []);
  const answers: Record<string, Feedback> = {};
  for (const [id, st] of mine.get(quizId) ?? []) answers[id] = feedbackOf(st);
  return { answers, grade: gradeQuiz(quiz, countedResults(mine).get(quizId) ?? new Map()) };
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
  const grade = gradeModule(all, countedResults(standings(learnerId ? quizHistory(db, learnerId) : [])));
  const byLesson = new Map(all.map((q, i) => [q.lesson, grade.quizzes[i]]));
  const checklist = tickChecklist(moduleChecklist(), {
    sections: new Map(moduleLessons().map((l) => [l.slug, l.section])),
    lessonsRead: new Set(progress.lessons.map((l) => l.lesson)),
    quizzes: byLesson,
    steps: progress.exerciseSteps,
  });
  return { lessons: progress.lessons, module: grade, exerciseSteps: progress.exerciseSteps, checklist };
}
