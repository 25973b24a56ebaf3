import { findExercise, UnknownExerciseError } from '@/lib/exercises/definitions';
import { recordedSteps } from '@/lib/exercises/evaluate';
import { LabError } from '@/lib/lab/errors';
import { errorResponse, jsonResponse } from '@/lib/lab/request';
import { existingLearner } from '@/lib/quiz/learner';

/** The recorded state of an exercise's steps (`?exercise=<slug>`): passed, when, solution shown. No cluster is started. */
export async function GET(req: Request) {
  try {
    const exercise = new URL(req.url).searchParams.get('exercise') ?? '';
    const def = findExercise(exercise);
    const { db, learner } = existingLearner(req);
    const recorded = learner ? recordedSteps(db, learner.id, def.exercise) : new Map();
    const steps = def.steps.map((s) => {
      const r = recorded.get(s.id);
      return { step: s.id, everPassed: r?.passed ?? false, passedAt: r?.passedAt, solutionShown: r?.solutionShown ?? false };
    });
    return jsonResponse({ exercise: def.exercise, steps });
  } catch (err) {
    if (err instanceof UnknownExerciseError) return errorResponse(new LabError(404, err.message, 'NotFound'));
    return errorResponse(err);
  }
}
