import { classByCode, joinClass } from '@/lib/classes/classes';
import { UnknownJoinCodeError } from '@/lib/classes/errors';
import { codeGuessLimits, guarded } from '@/lib/classes/guess-limit';
import { signalLearner } from '@/lib/classes/signals';
import { writingLearner } from '@/lib/http/learner-request';
import { labContext } from '@/lib/lab/context';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

/**
 * A learner joins a class from its link: `{ "code": "ABC123", "name": "Ada" }`. Joining another
 * class moves them. Wrong codes count against the address (guessing is bounded).
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { db } = labContext();
    const body = await readJson<{ code?: unknown; name?: unknown }>(req, 1024);
    const learner = writingLearner(req, db);
    const klass = guarded(req, codeGuessLimits().join, 'join', (e) => e instanceof UnknownJoinCodeError, () => classByCode(db, body?.code));
    const { name } = joinClass(db, learner.id, klass.id, body?.name);
    signalLearner(learner.id);
    return jsonResponse({ class: { name: klass.name, code: klass.code }, name });
  } catch (err) {
    return errorResponse(err);
  }
}
