import { issueRecoveryCode } from '@/lib/classes/recovery';
import { writingLearner } from '@/lib/http/learner-request';
import { portalContext } from '@/lib/portal/context';
import { assertSameOrigin, errorResponse, jsonResponse } from '@/lib/lab/request';

/** A new personal recovery code, shown once (the portal keeps only its HMAC); any older code stops working. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { db } = portalContext();
    const learner = writingLearner(req, db);
    return jsonResponse({ code: issueRecoveryCode(db, portalContext().cookieKey, learner.id) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
