import { findExercise, UnknownExerciseError } from '@/lib/exercises/definitions';
import { recordOutcomes } from '@/lib/exercises/evaluate';
import { portalContext } from '@/lib/portal/context';
import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { requireSession } from '@/lib/lab/session';
import { noteCheck } from '@/lib/classes/last-check';

/** Runs every check of an exercise against the learner's cluster and records the steps: `{ "exercise": "<slug>" }`. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const body = await readJson<{ exercise?: unknown }>(req, 1024);
    if (typeof body.exercise !== 'string') throw new LabError(400, 'exercise: expected the slug of an exercise', 'BadRequest');
    const def = findExercise(body.exercise);
    const session = await requireSession(req);
    // Run where the cluster lives, and synced to disk before the answer: a step recorded as done
    // must not outlive, after a crash, the cluster state it was seen in (the store commits in groups).
    const live = await session.cluster.exerciseChecks(def.exercise);
    // A prediction's expected answer is told only once the cluster has shown it (the step passed).
    const steps = recordOutcomes(portalContext().db, session.learner.id, def, live).map((o) => {
      const predict = def.steps.find((s) => s.id === o.step)?.predict;
      return o.passed && predict ? { ...o, answer: predict.answer } : o;
    });
    // The class board shows the step the learner is at and what its check saw.
    noteCheck(portalContext().db, session.learner.id, def.exercise, steps);
    portalContext().signals.signal(session.learner.id);
    return jsonResponse({ exercise: def.exercise, checkedAt: new Date().toISOString(), steps });
  } catch (err) {
    if (err instanceof UnknownExerciseError) return errorResponse(new LabError(404, err.message, 'NotFound'));
    return errorResponse(err);
  }
}
