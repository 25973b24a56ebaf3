/**
 * Reads the quiz files of Module 5. A broken file throws a QuizContentError naming the file
 * and, where it can, the question, so an author knows exactly what to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { MODULE_DIR } from '../content/paths';
import { quizSchema, type Question, type Quiz } from './schema';

export const QUIZ_DIR = path.join(MODULE_DIR, 'quizzes');

export class QuizContentError extends Error {
  constructor(
    readonly file: string,
    readonly question: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}${question ? `: question "${question}"` : ''}: ${problem}`);
    this.name = 'QuizContentError';
  }
}

export class UnknownQuizError extends Error {
  constructor(readonly quiz: string) {
    super(`there is no quiz "${quiz}"`);
    this.name = 'UnknownQuizError';
  }
}

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** The question an issue is about: its id when the raw data has one, else its position. */
function questionOf(raw: unknown, issue: z.core.$ZodIssue): string | undefined {
  if (issue.path[0] !== 'questions' || typeof issue.path[1] !== 'number') return undefined;
  const q = (raw as { questions?: unknown[] }).questions?.[issue.path[1]] as { id?: unknown } | undefined;
  return typeof q?.id === 'string' ? q.id : `#${issue.path[1] + 1}`;
}

export function parseQuizFile(file: string, text: string): Quiz {
  const name = relative(file);
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 0 });
  } catch (err) {
    throw new QuizContentError(name, undefined, `not valid YAML: ${(err as Error).message}`);
  }
  const parsed = quizSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const inQuestion = issue.path[0] === 'questions' && typeof issue.path[1] === 'number';
    const field = (inQuestion ? issue.path.slice(2) : issue.path).join('.') || (inQuestion ? '(question)' : '(quiz)');
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem(s))` : '';
    throw new QuizContentError(name, questionOf(raw, issue), `${field}: ${issue.message}${more}`);
  }
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (parsed.data.id !== expected) throw new QuizContentError(name, undefined, `id "${parsed.data.id}" must equal the file name "${expected}"`);
  return parsed.data;
}

export function loadQuizzes(dir = QUIZ_DIR): Quiz[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = path.join(/*turbopackIgnore: true*/ dir, f);
      return parseQuizFile(file, fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'));
    });
}

let cache: Map<string, Quiz> | undefined;

/** All quizzes by id, read once per process (in development on every call, to see edits). */
export function quizzes(): Map<string, Quiz> {
  if (!cache || process.env.NODE_ENV === 'development') cache = new Map(loadQuizzes().map((q) => [q.id, q]));
  return cache;
}

export function findQuiz(id: string): Quiz {
  const quiz = quizzes().get(id);
  if (!quiz) throw new UnknownQuizError(id);
  return quiz;
}

export function findQuestion(quiz: Quiz, id: string): Question | undefined {
  return quiz.questions.find((q) => q.id === id);
}
