/**
 * Exercise definitions: data, not code. One YAML file per exercise or challenge under
 * content/module-05/exercises/, named after its lesson's slug, validated here with errors that
 * name the file and the step. Each step has a goal in plain words, the manifest (a resource
 * library file, optionally narrowed to some of its objects, or inline YAML) or the command to
 * run, hints and a solution shown on request, and the id of the check that says it is done.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MODULE_DIR } from '../content/paths';
import { readResource, ResourcePathError } from '../content/resources';
import { isCheckId } from './checks';

export const EXERCISES_DIR = path.join(MODULE_DIR, 'exercises');
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const manifestSchema = z.union([
  z.object({ file: z.string().min(1), select: z.array(z.string().min(1)).min(1).optional() }).strict(),
  z.object({ inline: z.string().min(1), title: z.string().min(1) }).strict(),
]);

const predictSchema = z
  .object({
    question: z.string().min(1),
    options: z.array(z.string().min(1)).min(2).max(6),
    /** The option the cluster should confirm; compared with the check's `observed`. */
    answer: z.string().min(1),
  })
  .strict()
  .refine((p) => p.options.includes(p.answer), { message: 'answer must be one of the options', path: ['answer'] });

const stepSchema = z
  .object({
    id: z.string().regex(ID, 'lower case letters, digits and dashes'),
    title: z.string().min(1),
    goal: z.string().min(1),
    manifest: manifestSchema.optional(),
    command: z.string().min(1).optional(),
    hints: z.array(z.string().min(1)).default([]),
    solution: z.string().min(1),
    check: z.string().refine(isCheckId, { message: 'no check with this id in lib/exercises/checks' }),
    predict: predictSchema.optional(),
  })
  .strict()
  .refine((s) => s.manifest || s.command, { message: 'a step needs a manifest or a command to run' });

const exerciseSchema = z
  .object({
    exercise: z.string().regex(ID),
    title: z.string().min(1),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type ExerciseDefinition = z.infer<typeof exerciseSchema>;
export type ExerciseStep = ExerciseDefinition['steps'][number];
export type StepManifest = NonNullable<ExerciseStep['manifest']>;

export class ExerciseDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    problem: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${problem}`);
    this.name = 'ExerciseDefinitionError';
  }
}

export class UnknownExerciseError extends Error {
  constructor(readonly exercise: string) {
    super(`no exercise "${exercise.slice(0, 64)}"`);
    this.name = 'UnknownExerciseError';
  }
}

/** "step parallel-job, hints.0" from a zod issue path. */
function where(data: unknown, issuePath: PropertyKey[]): string {
  if (issuePath[0] !== 'steps' || typeof issuePath[1] !== 'number') return issuePath.join('.');
  const step = (data as { steps?: { id?: unknown }[] }).steps?.[issuePath[1]];
  const name = typeof step?.id === 'string' ? step.id : `#${issuePath[1] + 1}`;
  const rest = issuePath.slice(2).join('.');
  return `step ${name}${rest ? `, ${rest}` : ''}`;
}

/** The objects of a resource file the step names, as YAML text for the editor. */
export function manifestText(m: StepManifest, resourcesDir?: string): string {
  if ('inline' in m) return m.inline;
  const text = readResource(m.file, resourcesDir);
  if (!m.select) return text;
  const docs = parseAllDocuments(text).filter((d) => m.select!.includes(String((d.toJS() as { metadata?: { name?: string } } | null)?.metadata?.name)));
  return docs.map((d) => d.toString().replace(/^(#[^\n]*\n)+/, '')).join('---\n');
}

export function parseExercise(file: string, text: string, resourcesDir?: string): ExerciseDefinition {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new ExerciseDefinitionError(file, '', `not valid YAML: ${(err as Error).message}`);
  }
  const parsed = exerciseSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExerciseDefinitionError(file, where(data, issue.path), issue.message);
  }
  const def = parsed.data;
  if (path.basename(file, '.yaml') !== def.exercise) throw new ExerciseDefinitionError(file, 'exercise', `must match the file name (${path.basename(file, '.yaml')})`);
  const seen = new Set<string>();
  for (const step of def.steps) {
    if (seen.has(step.id)) throw new ExerciseDefinitionError(file, `step ${step.id}`, 'the step id is used twice');
    seen.add(step.id);
    if (!step.manifest) continue;
    let yamlText: string;
    try {
      yamlText = manifestText(step.manifest, resourcesDir);
    } catch (err) {
      if (err instanceof ResourcePathError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new ExerciseDefinitionError(file, `step ${step.id}, manifest.file`, `resources/${(step.manifest as { file: string }).file} does not exist`);
      throw err;
    }
    if ('select' in step.manifest && step.manifest.select) {
      const names = parseAllDocuments(yamlText).map((d) => (d.toJS() as { metadata?: { name?: string } }).metadata?.name);
      const missing = step.manifest.select.filter((n) => !names.includes(n));
      if (missing.length) throw new ExerciseDefinitionError(file, `step ${step.id}, manifest.select`, `${step.manifest.file} has no object named ${missing.join(', ')}`);
    }
  }
  return def;
}

export function loadExercises(dir = EXERCISES_DIR, resourcesDir?: string): ExerciseDefinition[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseExercise(path.join('content/module-05/exercises', f), fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, f), 'utf8'), resourcesDir));
}

let cache: Map<string, ExerciseDefinition> | undefined;

export function findExercise(exercise: string): ExerciseDefinition {
  // Re-read in development so an edited definition shows without a restart.
  if (!cache || process.env.NODE_ENV === 'development') cache = new Map(loadExercises().map((e) => [e.exercise, e]));
  const def = cache.get(exercise);
  if (!def) throw new UnknownExerciseError(exercise);
  return def;
}
