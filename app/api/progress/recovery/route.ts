import { issueRecoveryCode } from '@/lib/classes/recovery';
import { portalCookieKey, writingLearner } from '@/lib/http/learner-request';
import { labContext } from '@/lib/lab/context';
import { assertSameOrigin, errorResponse, jsonResponse } from '@/lib/lab/request';

/** A new personal recovery code, shown once (the portal keeps only its HMAC); any older code stops working. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { db } = labContext();
    const learner = writingLearner(req, db);
    return jsonResponse({ code: issueRecoveryCode(db, portalCookieKey(), learner.id) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
