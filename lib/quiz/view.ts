/**
 * What the page may know about a quiz before the learner answers (questions without their
 * answer key or explanation), and what it learns after an answer (the key and why). Open
 * questions carry their model answer and rubric up front: the learner reveals them after
 * writing, and their own ticks are the score anyway.
 */
import { gradeQuestion, type QuestionResult } from './grade';
import { WORKLOAD_TYPES, manifestLines, type Answer, type Question, type Quiz, type QuizOption } from './schema';

interface ViewBase {
  id: string;
  group?: string;
  prompt: string;
}

export type QuestionView =
  | (ViewBase & { kind: 'single' | 'multiple'; options: QuizOption[] })
  | (ViewBase & { kind: 'workload'; options: QuizOption[] })
  | (ViewBase & { kind: 'order'; steps: QuizOption[] })
  | (ViewBase & { kind: 'bug'; lines: string[] })
  | (ViewBase & { kind: 'open'; modelAnswer: string; rubric: string[] });

export interface QuizView {
  id: string;
  title: string;
  passMark: number;
  groups: { id: string; title: string }[];
  questions: QuestionView[];
}

/** A small deterministic PRNG (mulberry32) so the server and the browser shuffle alike. */
function seeded(text: string): () => number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The steps in a stable order that is never the right one (else the question answers itself). */
export function shuffledSteps(questionId: string, steps: QuizOption[]): QuizOption[] {
  const random = seeded(questionId);
  const out = [...steps];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  if (out.every((s, i) => s.id === steps[i].id)) out.push(out.shift()!);
  return out;
}

export function questionView(q: Question): QuestionView {
  const base = { id: q.id, prompt: q.prompt, ...(q.group ? { group: q.group } : {}) };
  switch (q.kind) {
    case 'single':
    case 'multiple':
      return { ...base, kind: q.kind, options: q.options };
    case 'workload':
      return { ...base, kind: 'workload', options: WORKLOAD_TYPES.map((w) => ({ id: w, text: w })) };
    case 'order':
      return { ...base, kind: 'order', steps: shuffledSteps(q.id, q.steps) };
    case 'bug':
      return { ...base, kind: 'bug', lines: manifestLines(q.manifest) };
    case 'open':
      return { ...base, kind: 'open', modelAnswer: q.modelAnswer, rubric: q.rubric };
  }
}

export function quizView(quiz: Quiz, group?: string): QuizView {
  return {
    id: quiz.id,
    title: quiz.title,
    passMark: quiz.passMark,
    groups: quiz.groups,
    questions: quiz.questions.filter((q) => !group || q.group === group).map(questionView),
  };
}

/** The answer key in the shape of an answer, for showing the right one after a try. */
export type Key = { kind: 'single' | 'workload'; choice: string } | { kind: 'multiple'; choices: string[] } | { kind: 'order'; order: string[] } | { kind: 'bug'; lines: number[] } | { kind: 'open' };

export function keyOf(q: Question): Key {
  switch (q.kind) {
    case 'single':
    case 'workload':
      return { kind: q.kind, choice: q.answer };
    case 'multiple':
      return { kind: 'multiple', choices: q.answer };
    case 'order':
      return { kind: 'order', order: q.steps.map((s) => s.id) };
    case 'bug':
      return { kind: 'bug', lines: q.answer };
    case 'open':
      return { kind: 'open' };
  }
}

/** What the page shows once a question has an answer. */
export interface Feedback extends QuestionResult {
  answer: Answer;
  key: Key;
  explanation: string;
  answeredAt: string;
  attempts: number;
}

export function feedbackFor(q: Question, answer: Answer, answeredAt: string, attempts: number, result: QuestionResult = gradeQuestion(q, answer)): Feedback {
  return { ...result, answer, key: keyOf(q), explanation: q.explanation, answeredAt, attempts };
}
