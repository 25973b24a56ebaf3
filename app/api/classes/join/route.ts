import { classByCode, joinClass } from '@/lib/classes/classes';
import { UnknownJoinCodeError } from '@/lib/classes/errors';
import { guarded } from '@/lib/classes/guess-limit';
import { writingLearner } from '@/lib/http/learner-request';
import { portalContext } from '@/lib/portal/context';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

/**
 * A learner joins a class from its link: `{ "code": "ABC123", "name": "Ada" }`. Joining another
 * class moves them. Wrong codes count against the address (guessing is bounded).
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { db } = portalContext();
    const body = await readJson<{ code?: unknown; name?: unknown }>(req, 1024);
    const learner = writingLearner(req, db);
    const klass = guarded(req, portalContext().guesses.join, 'join', (e) => e instanceof UnknownJoinCodeError, () => classByCode(db, body?.code));
    const { name } = joinClass(db, learner.id, klass.id, body?.name);
    portalContext().signals.signal(learner.id);
    return jsonResponse({ class: { name: klass.name, code: klass.code }, name });
  } catch (err) {
    return errorResponse(err);
  }
}
