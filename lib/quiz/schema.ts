/**
 * The contract with quiz authors: every file under content/module-05/quizzes/ is checked
 * against this schema when it is loaded (build, content test, answer route). Answers and
 * explanations live in the same file as the questions but never leave the server before the
 * learner has answered (see view.ts).
 */
import { z } from 'zod';

export const QUIZ_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = z.string().regex(QUIZ_ID, 'must be lower case words joined by dashes');

/** The workload types a "choose the workload" question offers, in the order they are shown. */
export const WORKLOAD_TYPES = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

const option = z
  .object({
    id: slug.describe('Stable id of the option; answers refer to it.'),
    text: z.string().min(1).describe('What the learner reads. `backticks` render as code.'),
  })
  .strict();

const common = {
  id: slug.describe('Stable id of the question within its quiz; saved answers refer to it.'),
  group: slug.optional().describe('Optional group (one of the quiz `groups`), to show a quiz in parts.'),
  prompt: z.string().min(10).describe('The question.'),
  explanation: z.string().min(10).describe('Shown after the learner answers, right or wrong: why the answer is what it is.'),
};

function uniqueIds(items: { id: string }[]): boolean {
  return new Set(items.map((i) => i.id)).size === items.length;
}

export const singleQuestion = z
  .object({ ...common, kind: z.literal('single'), options: z.array(option).min(2).max(8), answer: slug.describe('The id of the one right option.') })
  .strict()
  .refine((q) => uniqueIds(q.options), { message: 'option ids must be unique', path: ['options'] })
  .refine((q) => q.options.some((o) => o.id === q.answer), { message: 'answer must be the id of one of the options', path: ['answer'] });

export const multipleQuestion = z
  .object({ ...common, kind: z.literal('multiple'), options: z.array(option).min(3).max(8), answer: z.array(slug).min(1).describe('The ids of every right option.') })
  .strict()
  .refine((q) => uniqueIds(q.options), { message: 'option ids must be unique', path: ['options'] })
  .refine((q) => q.answer.every((a) => q.options.some((o) => o.id === a)), { message: 'every answer must be the id of one of the options', path: ['answer'] })
  .refine((q) => new Set(q.answer).size === q.answer.length, { message: 'answer ids must not repeat', path: ['answer'] });

export const workloadQuestion = z
  .object({ ...common, kind: z.literal('workload'), answer: z.enum(WORKLOAD_TYPES).describe('The workload type the scenario calls for.') })
  .strict();

export const orderQuestion = z
  .object({
    ...common,
    kind: z.literal('order'),
    steps: z.array(option).min(3).max(8).describe('The steps in their right order; the page shuffles them.'),
  })
  .strict()
  .refine((q) => uniqueIds(q.steps), { message: 'step ids must be unique', path: ['steps'] });

export const BUG_CHECKS = ['schema', 'rules', 'semantic'] as const;

export const bugQuestion = z
  .object({
    ...common,
    kind: z.literal('bug'),
    manifest: z.string().min(10).describe('A short YAML manifest with the bug in it; the learner picks lines.'),
    answer: z.array(z.number().int().positive()).min(1).describe('The 1-based line numbers of the faulty line(s).'),
    check: z
      .enum(BUG_CHECKS)
      .describe('How the content test proves the bug: `schema` (the schema validator reports a problem on an answer line), `rules` (the manifest rules do), `semantic` (valid YAML and schema; the behaviour is wrong, explained in prose).'),
  })
  .strict()
  .refine((q) => q.answer.every((l) => l <= manifestLines(q.manifest).length), { message: 'answer lines must be lines of the manifest', path: ['answer'] })
  .refine((q) => new Set(q.answer).size === q.answer.length, { message: 'answer lines must not repeat', path: ['answer'] });

export const openQuestion = z
  .object({
    ...common,
    kind: z.literal('open'),
    modelAnswer: z.string().min(20).describe('Shown once the learner has written their own answer.'),
    rubric: z.array(z.string().min(5)).min(2).max(8).describe('Points a good answer covers; the learner ticks the ones theirs did, and that is the score.'),
  })
  .strict();

export const question = z.discriminatedUnion('kind', [singleQuestion, multipleQuestion, workloadQuestion, orderQuestion, bugQuestion, openQuestion]);

export const quizSchema = z
  .object({
    id: slug.describe('Must equal the file name without .yaml; <Quiz id="..."/> names it.'),
    lesson: slug.describe('Slug of the lesson the quiz belongs to.'),
    title: z.string().min(3),
    passMark: z.number().min(0).max(1).default(0.7).describe('Fraction of the total score that passes the quiz.'),
    groups: z.array(z.object({ id: slug, title: z.string().min(1) }).strict()).default([]),
    questions: z.array(question).min(1),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `question id "${q.id}" is used twice` });
      seen.add(q.id);
      if (q.group && !quiz.groups.some((g) => g.id === q.group)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'group'], message: `group "${q.group}" is not one of the quiz's groups` });
    });
  });

export type Quiz = z.infer<typeof quizSchema>;
export type Question = z.infer<typeof question>;
export type QuestionKind = Question['kind'];
export type QuizOption = z.infer<typeof option>;

/** Manifest lines as the learner sees and numbers them (a trailing newline adds no line). */
export function manifestLines(manifest: string): string[] {
  return manifest.replace(/\n+$/, '').split('\n');
}

// ---- answers, as the page sends them --------------------------------------------------------

export const MAX_OPEN_ANSWER_CHARS = 8000;

export const answerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), choice: slug }).strict(),
  z.object({ kind: z.literal('multiple'), choices: z.array(slug).max(8) }).strict(),
  z.object({ kind: z.literal('workload'), choice: z.enum(WORKLOAD_TYPES) }).strict(),
  z.object({ kind: z.literal('order'), order: z.array(slug).max(8) }).strict(),
  z.object({ kind: z.literal('bug'), lines: z.array(z.number().int().positive().max(500)).max(50) }).strict(),
  z.object({ kind: z.literal('open'), text: z.string().max(MAX_OPEN_ANSWER_CHARS), ticked: z.array(z.number().int().min(0).max(7)).max(8) }).strict(),
]);

export type Answer = z.infer<typeof answerSchema>;
