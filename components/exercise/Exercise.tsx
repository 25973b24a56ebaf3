import { findExercise, manifestText } from '@/lib/exercises/definitions';
import { ExercisePanel } from './ExercisePanel';
import type { ExerciseView } from './types';

/**
 * <Exercise id="exercise-5-3-jobs" />: the exercise's checked steps. Rendered on the server from
 * the definition (content/module-05/exercises/<id>.yaml); an unknown id fails the build.
 */
export function Exercise({ id }: { id: string }) {
  const def = findExercise(id);
  const view: ExerciseView = {
    exercise: def.exercise,
    title: def.title,
    steps: def.steps.map((s) => ({
      id: s.id,
      title: s.title,
      goal: s.goal,
      manifest: s.manifest && { title: 'inline' in s.manifest ? s.manifest.title : `${s.manifest.file}${s.manifest.select ? ` (${s.manifest.select.join(', ')})` : ''}`, yaml: manifestText(s.manifest) },
      command: s.command,
      hints: s.hints,
      // The expected answer stays on the server until the step passes (the check route sends it).
      predict: s.predict && { question: s.predict.question, options: s.predict.options },
    })),
  };
  return <ExercisePanel view={view} />;
}
