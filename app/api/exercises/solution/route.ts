import { findExercise, UnknownExerciseError } from '@/lib/exercises/definitions';
import { recordSolutionShown } from '@/lib/exercises/evaluate';
import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { requireLearner } from '@/lib/quiz/learner';

/**
 * A step's full solution, given on request and recorded as shown: `{ "exercise", "step" }`.
 * The page does not carry solutions, so the record says honestly which steps were helped.
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const body = await readJson<{ exercise?: unknown; step?: unknown }>(req, 1024);
    if (typeof body.exercise !== 'string' || typeof body.step !== 'string') throw new LabError(400, 'expected { "exercise": "<slug>", "step": "<id>" }', 'BadRequest');
    const def = findExercise(body.exercise);
    const step = def.steps.find((s) => s.id === body.step);
    if (!step) throw new LabError(404, `exercise ${def.exercise} has no step "${body.step.slice(0, 64)}"`, 'NotFound');
    const r = requireLearner(req);
    recordSolutionShown(r.db, r.learner.id, def, step.id);
    return jsonResponse({ exercise: def.exercise, step: step.id, solution: step.solution });
  } catch (err) {
    if (err instanceof UnknownExerciseError) return errorResponse(new LabError(404, err.message, 'NotFound'));
    return errorResponse(err);
  }
}
