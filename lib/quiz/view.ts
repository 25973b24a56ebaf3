/**
 * What the page may know about a quiz before the learner answers (questions without their
 * answer key or explanation), and what it learns after an answer (the key and why, once the
 * answer is right or the learner asked to see it; before that, only what was wrong). Open
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
  /** The latest answer. `score` and `correct` are what counts for the quiz (see `attempt`). */
  answer: Answer;
  /** This answer's own grade; differs from score/correct when it was given after the key was shown. */
  attempt: QuestionResult;
  /**
   * The right answer and why, only once the learner has it right or asked to see it: showing
   * it after a wrong try would make "Try again" a copy exercise worth full marks.
   */
  key?: Key;
  explanation?: string;
  /** For a try that is not right and before the key is shown: what was right and wrong in it. */
  hint?: string;
  /** The learner asked to see the answer; later tries are practice and do not raise the score. */
  revealed: boolean;
  answeredAt: string;
  attempts: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a wrong or partly right answer got right and wrong, without naming the right answer. */
export function hintFor(q: Question, answer: Answer): string | undefined {
  if (q.kind === 'multiple' && answer.kind === 'multiple') {
    const right = answer.choices.filter((c) => q.answer.includes(c)).length;
    const wrong = answer.choices.length - right;
    const missed = q.answer.length - right;
    return `${plural(right, 'of your choices is', 'of your choices are')} right, ${wrong} ${wrong === 1 ? 'is' : 'are'} not, and you missed ${missed}.`;
  }
  if ((q.kind === 'single' || q.kind === 'workload') && (answer.kind === 'single' || answer.kind === 'workload')) return 'That is not the answer. Think it through again, or show the answer.';
  if (q.kind === 'order' && answer.kind === 'order') {
    const inPlace = answer.order.filter((id, i) => q.steps[i]?.id === id).length;
    return `${plural(inPlace, 'step is', 'steps are')} in the right place, out of ${q.steps.length}.`;
  }
  if (q.kind === 'bug' && answer.kind === 'bug') {
    const faulty = answer.lines.filter((l) => q.answer.includes(l)).length;
    const fine = answer.lines.length - faulty;
    const missed = q.answer.length - faulty;
    return `${plural(faulty, 'line you ticked is', 'lines you ticked are')} faulty, ${fine} ${fine === 1 ? 'is' : 'are'} fine, and you missed ${missed}.`;
  }
  return undefined;
}

/**
 * The feedback for a question: `counted` is the result that counts for the quiz (capped after
 * a reveal), `revealed` whether the learner asked to see the key. Open questions are
 * self-assessed against a model answer they already see, so their explanation always shows.
 */
export function feedbackFor(
  q: Question,
  answer: Answer,
  answeredAt: string,
  attempts: number,
  opts: { counted?: QuestionResult; revealed?: boolean } = {},
): Feedback {
  const attempt = gradeQuestion(q, answer);
  const counted = opts.counted ?? attempt;
  const revealed = opts.revealed ?? false;
  const show = attempt.correct || revealed || q.kind === 'open';
  return {
    ...counted,
    answer,
    attempt,
    ...(show ? { key: keyOf(q), explanation: q.explanation } : { hint: hintFor(q, answer) }),
    revealed,
    answeredAt,
    attempts,
  };
}
