import { classLearner, requireInstructor } from '@/lib/classes/portal';
import { issueRecoveryCode } from '@/lib/classes/recovery';
import { errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

/** A new recovery code for a learner of the class, to read out to them (any older code stops working). */
export async function POST(req: Request) {
  try {
    const ctx = requireInstructor(req, { write: true });
    const body = await readJson<{ class?: unknown; learner?: unknown }>(req, 1024);
    const { learnerId } = classLearner(ctx, body?.class, body?.learner);
    return jsonResponse({ learner: learnerId, code: issueRecoveryCode(ctx.db, ctx.cookieKey, learnerId) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
