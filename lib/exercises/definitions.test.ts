import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULE_DIR } from '../content/paths';
import { isCheckId } from './checks';
import { EXERCISES_DIR, ExerciseDefinitionError, loadExercises, manifestText, parseExercise } from './definitions';
import { objectsOf } from './testing';

const lessonSlugs = fs
  .readdirSync(MODULE_DIR)
  .map((f) => /^\d+-(.+)\.mdx$/.exec(f)?.[1])
  .filter(Boolean);

const minimal = (step: object) => `exercise: exercise-5-3-jobs\ntitle: T\nsteps:\n  - ${JSON.stringify({ id: 'a', title: 'A', goal: 'G', solution: 'S', check: 'single-job-complete', command: 'kubectl get jobs', ...step })}\n`;

describe('exercise definitions', () => {
  const defs = loadExercises();

  it('define exercises 5.1 to 5.5 and challenges 5.1 to 5.3, each named after its lesson', () => {
    expect(defs.map((d) => d.exercise)).toEqual([
      'challenge-5-1-monitoring-stack',
      'challenge-5-2-data-pipeline',
      'challenge-5-3-system-services',
      'exercise-5-1-daemonsets',
      'exercise-5-2-statefulsets',
      'exercise-5-3-jobs',
      'exercise-5-4-cronjobs',
      'exercise-5-5-container-patterns',
    ]);
    for (const d of defs) expect(lessonSlugs).toContain(d.exercise);
  });

  it('name only checks that exist, and every manifest parses into Kubernetes objects', () => {
    for (const d of defs) {
      for (const s of d.steps) {
        expect(isCheckId(s.check), `${d.exercise}/${s.id}`).toBe(true);
        if (s.manifest) expect(objectsOf(manifestText(s.manifest)).every((o) => o.apiVersion && o.kind && o.metadata.name), `${d.exercise}/${s.id}`).toBe(true);
      }
    }
  });

  it('have at least one "predict, then observe" step', () => {
    expect(defs.flatMap((d) => d.steps).filter((s) => s.predict).length).toBeGreaterThanOrEqual(1);
  });

  it('narrow a file to the selected objects for the editor', () => {
    const step = defs.find((d) => d.exercise === 'exercise-5-3-jobs')!.steps[1];
    expect(objectsOf(manifestText(step.manifest!)).map((o) => o.metadata.name)).toEqual(['parallel-job']);
  });

  it.each([
    ['an unknown check id', { check: 'no-such-check' }, 'content/module-05/exercises/exercise-5-3-jobs.yaml (step a, check): no check with this id in lib/exercises/checks'],
    ['a missing resource file', { manifest: { file: 'workload-types/nope.yaml' } }, 'content/module-05/exercises/exercise-5-3-jobs.yaml (step a, manifest.file): resources/workload-types/nope.yaml does not exist'],
    ['a selected object the file lacks', { manifest: { file: 'workload-types/job-patterns.yaml', select: ['nope'] } }, 'content/module-05/exercises/exercise-5-3-jobs.yaml (step a, manifest.select): workload-types/job-patterns.yaml has no object named nope'],
    ['a prediction whose answer is not an option', { predict: { question: 'Q', options: ['1', '2'], answer: '3' } }, 'content/module-05/exercises/exercise-5-3-jobs.yaml (step a, predict.answer): answer must be one of the options'],
    ['an unknown field', { hint: 'typo' }, 'content/module-05/exercises/exercise-5-3-jobs.yaml (step a): Unrecognized key: "hint"'],
  ])('reject %s, naming the file and the step', (_n, step, message) => {
    expect(() => parseExercise('content/module-05/exercises/exercise-5-3-jobs.yaml', minimal(step))).toThrow(ExerciseDefinitionError);
    expect(() => parseExercise('content/module-05/exercises/exercise-5-3-jobs.yaml', minimal(step))).toThrow(message);
  });

  it('reject a file whose exercise name differs from the file name', () => {
    expect(() => parseExercise(path.join(EXERCISES_DIR, 'other.yaml'), minimal({}))).toThrow('(exercise): must match the file name (other)');
  });
});
