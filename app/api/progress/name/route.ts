import { LabError } from '@/lib/lab/errors';
import { assertSameOrigin, jsonResponse, readJson } from '@/lib/lab/request';
import { displayNameOf, setDisplayName } from '@/lib/learners/display-name';
import { progressErrorResponse } from '@/lib/quiz/http';
import { existingLearner, requireLearner } from '@/lib/quiz/learner';

/** The name the learner is shown under in the instructor's class overview. */
export async function GET(req: Request) {
  try {
    const { db, learner } = existingLearner(req);
    return jsonResponse({ name: learner ? (displayNameOf(db, learner.id) ?? null) : null });
  } catch (err) {
    return progressErrorResponse(err);
  }
}

/** Sets it: `{ "name": "Ada" }`; an empty name clears it. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const body = await readJson<{ name?: unknown }>(req, 1024);
    if (typeof body.name !== 'string') throw new LabError(400, 'name: expected a string', 'BadRequest');
    const r = requireLearner(req);
    return jsonResponse({ name: setDisplayName(r.db, r.learner.id, body.name) ?? null });
  } catch (err) {
    return progressErrorResponse(err);
  }
}
