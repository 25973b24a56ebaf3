/**
 * A learner's progress in the learners' database: lessons read (first and last time), every
 * quiz attempt (history is kept; the latest attempt of a question is the one that counts) and
 * exercise steps (passed, when, and whether the solution was shown). Every write runs in one
 * transaction, so a progress record is either wholly saved or not at all.
 *
 * Progress can leave and come back as JSON (export/import): a versioned format, validated on
 * import, merged so that nothing newer is lost: reads keep the earliest first and latest last
 * time, attempts are a union keyed by their time, steps stay passed once passed. Imported quiz
 * attempts are re-graded against the current answer key by the caller's `regrade`, so a file
 * cannot claim scores it did not earn.
 */
import { z } from 'zod';
import type { LearnerDb } from './db';

const NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;
/** A stored answer's JSON; an open answer of 8000 characters fits with room to spare. */
export const MAX_ANSWER_JSON_BYTES = 16 * 1024;
/** Timestamps later than this far ahead of the server's clock are refused (they would win every merge). */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

export class ProgressInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgressInputError';
  }
}

export class ProgressImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`the progress file is not valid: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
    this.name = 'ProgressImportError';
  }
}

function checkName(what: string, v: string): string {
  if (!NAME.test(v)) throw new ProgressInputError(`${what}: "${v.slice(0, 40)}" is not a valid name`);
  return v;
}

function iso(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new ProgressInputError('the time is not a valid date');
  return at.toISOString();
}

// ---- lessons ---------------------------------------------------------------------------------

export interface LessonRead {
  lesson: string;
  firstReadAt: string;
  lastReadAt: string;
}

export function markLessonRead(db: LearnerDb, learnerId: string, lesson: string, at = new Date()): LessonRead {
  checkName('lesson', lesson);
  const t = iso(at);
  // One statement that returns the merged row: atomic, and one round trip on PostgreSQL.
  const r = db
    .prepare<[string, string, string, string], { first_read_at: string; last_read_at: string }>(
      `INSERT INTO lesson_reads (learner_id, lesson, first_read_at, last_read_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(learner_id, lesson) DO UPDATE SET first_read_at = min(lesson_reads.first_read_at, excluded.first_read_at), last_read_at = max(lesson_reads.last_read_at, excluded.last_read_at)
       RETURNING first_read_at, last_read_at`,
    )
    .get(learnerId, lesson, t, t)!;
  return { lesson, firstReadAt: r.first_read_at, lastReadAt: r.last_read_at };
}

// ---- quiz attempts ---------------------------------------------------------------------------

export interface QuizAttemptInput {
  quiz: string;
  question: string;
  answer: unknown;
  score: number;
  correct: boolean;
}

export interface QuizAttempt extends QuizAttemptInput {
  answeredAt: string;
}

/** The latest attempt of a question, with how many attempts there were. */
export interface LatestAnswer extends QuizAttempt {
  attempts: number;
}

function answerJson(answer: unknown): string {
  const json = JSON.stringify(answer);
  if (json === undefined) throw new ProgressInputError('answer: not representable as JSON');
  if (Buffer.byteLength(json) > MAX_ANSWER_JSON_BYTES) throw new ProgressInputError(`answer: larger than ${MAX_ANSWER_JSON_BYTES} bytes`);
  return json;
}

function checkScore(score: number): number {
  if (!Number.isFinite(score) || score < 0 || score > 1) throw new ProgressInputError(`score: ${score} is not between 0 and 1`);
  return score;
}

/** Keeps the attempt; a second attempt at the very same millisecond replaces the first. */
export function recordQuizAnswer(db: LearnerDb, learnerId: string, input: QuizAttemptInput, at = new Date()): QuizAttempt {
  const row = [learnerId, checkName('quiz', input.quiz), checkName('question', input.question), answerJson(input.answer), checkScore(input.score), input.correct ? 1 : 0, iso(at)] as const;
  db.prepare(
    `INSERT INTO quiz_attempts (learner_id, quiz, question, answer, score, correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(learner_id, quiz, question, answered_at) DO UPDATE SET answer = excluded.answer, score = excluded.score, correct = excluded.correct`,
  ).run(...row);
  return { ...input, answeredAt: row[6] };
}

interface AttemptRow {
  quiz: string;
  question: string;
  answer: string;
  score: number;
  correct: number;
  answered_at: string;
}

const attemptOf = (r: AttemptRow): QuizAttempt => ({ quiz: r.quiz, question: r.question, answer: JSON.parse(r.answer) as unknown, score: r.score, correct: r.correct === 1, answeredAt: r.answered_at });

/** The latest attempt per question (optionally of one quiz). */
export function latestAnswers(db: LearnerDb, learnerId: string, quiz?: string): LatestAnswer[] {
  const rows = db
    .prepare<{ learner: string; quiz: string | null }, AttemptRow & { attempts: number }>(
      `SELECT a.quiz, a.question, a.answer, a.score, a.correct, a.answered_at, c.attempts FROM quiz_attempts a
       JOIN (SELECT quiz, question, max(answered_at) AS last, count(*) AS attempts FROM quiz_attempts WHERE learner_id = @learner AND (CAST(@quiz AS TEXT) IS NULL OR quiz = @quiz) GROUP BY quiz, question) c
         ON a.quiz = c.quiz AND a.question = c.question AND a.answered_at = c.last
       WHERE a.learner_id = @learner ORDER BY a.quiz, a.question`,
    )
    .all({ learner: learnerId, quiz: quiz ?? null });
  return rows.map((r) => ({ ...attemptOf(r), attempts: r.attempts }));
}

export function quizHistory(db: LearnerDb, learnerId: string): QuizAttempt[] {
  return db
    .prepare<[string], AttemptRow>('SELECT quiz, question, answer, score, correct, answered_at FROM quiz_attempts WHERE learner_id = ? ORDER BY answered_at, quiz, question')
    .all(learnerId)
    .map(attemptOf);
}

// ---- exercise steps --------------------------------------------------------------------------

export interface StepResult {
  passed: boolean;
  at: Date;
  /** Whether the learner had revealed the step's solution. */
  solutionShown: boolean;
}

export interface StepRecord {
  exercise: string;
  step: string;
  passed: boolean;
  /** When the step first passed. */
  passedAt?: string;
  solutionShown: boolean;
  firstAt: string;
  updatedAt: string;
}

/**
 * Records a check of an exercise step. A step stays passed once it has passed (a later failing
 * check, after a cluster reset say, does not take the learner's achievement away), and a
 * solution once shown stays shown, so the record says honestly how the step was passed.
 */
export function recordStep(db: LearnerDb, learnerId: string, exercise: string, step: string, result: StepResult): StepRecord {
  checkName('exercise', exercise);
  checkName('step', step);
  const t = iso(result.at);
  // One statement that returns the merged row: atomic, and one round trip on PostgreSQL.
  const row = db
    .prepare<unknown[], StepRow>(`${UPSERT_STEP} RETURNING ${STEP_COLUMNS}`)
    .get(...stepRow(learnerId, { exercise, step, passed: result.passed, passedAt: result.passed ? t : undefined, solutionShown: result.solutionShown, firstAt: t, updatedAt: t }))!;
  return stepOf(row);
}

/** The merge of a step record into what is stored (also the import's merge). */
const UPSERT_STEP = `INSERT INTO exercise_steps (learner_id, exercise, step, passed, passed_at, solution_shown, first_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(learner_id, exercise, step) DO UPDATE SET
       passed = max(exercise_steps.passed, excluded.passed),
       passed_at = CASE WHEN exercise_steps.passed_at IS NULL THEN excluded.passed_at WHEN excluded.passed_at IS NULL THEN exercise_steps.passed_at ELSE min(exercise_steps.passed_at, excluded.passed_at) END,
       solution_shown = max(exercise_steps.solution_shown, excluded.solution_shown),
       first_at = min(exercise_steps.first_at, excluded.first_at),
       updated_at = max(exercise_steps.updated_at, excluded.updated_at)`;

const stepRow = (learnerId: string, s: StepRecord) => [learnerId, s.exercise, s.step, s.passed ? 1 : 0, s.passedAt ?? null, s.solutionShown ? 1 : 0, s.firstAt, s.updatedAt];

const STEP_COLUMNS = 'exercise, step, passed, passed_at, solution_shown, first_at, updated_at';

interface StepRow {
  exercise: string;
  step: string;
  passed: number;
  passed_at: string | null;
  solution_shown: number;
  first_at: string;
  updated_at: string;
}

const stepOf = (r: StepRow): StepRecord => ({ exercise: r.exercise, step: r.step, passed: r.passed === 1, ...(r.passed_at ? { passedAt: r.passed_at } : {}), solutionShown: r.solution_shown === 1, firstAt: r.first_at, updatedAt: r.updated_at });

export function stepsOf(db: LearnerDb, learnerId: string): StepRecord[] {
  return db.prepare<[string], StepRow>(`SELECT ${STEP_COLUMNS} FROM exercise_steps WHERE learner_id = ? ORDER BY exercise, step`).all(learnerId).map(stepOf);
}

// ---- everything ------------------------------------------------------------------------------

export interface Progress {
  lessons: LessonRead[];
  quizAnswers: LatestAnswer[];
  exerciseSteps: StepRecord[];
}

export function progressOf(db: LearnerDb, learnerId: string): Progress {
  const lessons = db
    .prepare<[string], { lesson: string; first_read_at: string; last_read_at: string }>('SELECT lesson, first_read_at, last_read_at FROM lesson_reads WHERE learner_id = ? ORDER BY lesson')
    .all(learnerId)
    .map((r) => ({ lesson: r.lesson, firstReadAt: r.first_read_at, lastReadAt: r.last_read_at }));
  return { lessons, quizAnswers: latestAnswers(db, learnerId), exerciseSteps: stepsOf(db, learnerId) };
}

// ---- export / import -------------------------------------------------------------------------

export const PROGRESS_FORMAT = 'kubelab-progress';
export const PROGRESS_VERSION = 1;

export interface ProgressExport {
  format: typeof PROGRESS_FORMAT;
  version: typeof PROGRESS_VERSION;
  exportedAt: string;
  lessons: LessonRead[];
  quizAttempts: QuizAttempt[];
  exerciseSteps: StepRecord[];
}

export function exportProgress(db: LearnerDb, learnerId: string, now = new Date()): ProgressExport {
  return db.transaction(() => {
    const p = progressOf(db, learnerId);
    return { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exportedAt: iso(now), lessons: p.lessons, quizAttempts: quizHistory(db, learnerId), exerciseSteps: p.exerciseSteps } as const;
  })();
}

function importSchema(now: Date) {
  const latest = now.getTime() + FUTURE_SLACK_MS;
  const time = z
    .string()
    .max(40)
    .transform((s, ctx) => {
      const t = Date.parse(s);
      if (Number.isNaN(t) || t < Date.UTC(2000, 0, 1) || t > latest) {
        ctx.addIssue({ code: 'custom', message: 'not a plausible ISO time' });
        return z.NEVER;
      }
      return new Date(t).toISOString();
    });
  const name = z.string().regex(NAME, 'not a valid name');
  const answer = z.unknown().refine((a) => {
    const json = JSON.stringify(a);
    return json !== undefined && Buffer.byteLength(json) <= MAX_ANSWER_JSON_BYTES;
  }, 'answer missing or too large');
  return z
    .object({
      format: z.literal(PROGRESS_FORMAT),
      version: z.literal(PROGRESS_VERSION),
      exportedAt: time,
      lessons: z.array(z.object({ lesson: name, firstReadAt: time, lastReadAt: time }).strip()).max(1000),
      // Score and correctness in the file are ignored: attempts are re-graded on import.
      quizAttempts: z.array(z.object({ quiz: name, question: name, answer, answeredAt: time, score: z.number().optional(), correct: z.boolean().optional() }).strip()).max(20_000),
      exerciseSteps: z
        .array(z.object({ exercise: name, step: name, passed: z.boolean(), passedAt: time.optional(), solutionShown: z.boolean(), firstAt: time, updatedAt: time }).strip())
        .max(5000),
    })
    .strip();
}

export type Regrade = (quiz: string, question: string, answer: unknown) => { score: number; correct: boolean } | undefined;

export interface ImportSummary {
  lessons: number;
  quizAttempts: number;
  /** Attempts for quizzes or questions that no longer exist, or answers that no longer fit them. */
  skippedAttempts: number;
  exerciseSteps: number;
}

/**
 * Merges an exported file into the learner's progress, in one transaction: a file with any
 * invalid part changes nothing.
 */
export function importProgress(db: LearnerDb, learnerId: string, data: unknown, regrade: Regrade, now = new Date()): ImportSummary {
  const parsed = importSchema(now).safeParse(data);
  if (!parsed.success) throw new ProgressImportError(parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`));
  const file = parsed.data;
  return db.transaction(() => {
    const summary: ImportSummary = { lessons: 0, quizAttempts: 0, skippedAttempts: 0, exerciseSteps: 0 };
    // Each kind's rows go in one runMany: on PostgreSQL one call, not a round trip per row.
    const read = db.prepare(
      `INSERT INTO lesson_reads (learner_id, lesson, first_read_at, last_read_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(learner_id, lesson) DO UPDATE SET first_read_at = min(lesson_reads.first_read_at, excluded.first_read_at), last_read_at = max(lesson_reads.last_read_at, excluded.last_read_at)`,
    );
    read.runMany(file.lessons.map((l) => (l.firstReadAt <= l.lastReadAt ? [learnerId, l.lesson, l.firstReadAt, l.lastReadAt] : [learnerId, l.lesson, l.lastReadAt, l.firstReadAt])));
    summary.lessons = file.lessons.length;
    // An attempt already stored at the same time is the same attempt: the stored one stays.
    const attempt = db.prepare('INSERT INTO quiz_attempts (learner_id, quiz, question, answer, score, correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, quiz, question, answered_at) DO NOTHING');
    const attempts: unknown[][] = [];
    for (const a of file.quizAttempts) {
      const graded = regrade(a.quiz, a.question, a.answer);
      if (!graded) {
        summary.skippedAttempts++;
        continue;
      }
      attempts.push([learnerId, a.quiz, a.question, JSON.stringify(a.answer), checkScore(graded.score), graded.correct ? 1 : 0, a.answeredAt]);
    }
    summary.quizAttempts = attempt.runMany(attempts).changes;
    db.prepare(UPSERT_STEP).runMany(
      file.exerciseSteps.map((s) => {
        const passedAt = s.passed ? (s.passedAt ?? s.updatedAt) : undefined;
        return stepRow(learnerId, { exercise: s.exercise, step: s.step, passed: s.passed, passedAt, solutionShown: s.solutionShown, firstAt: s.firstAt, updatedAt: s.updatedAt });
      }),
    );
    summary.exerciseSteps = file.exerciseSteps.length;
    return summary;
  }).immediate();
}
