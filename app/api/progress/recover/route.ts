import { UnknownRecoveryCodeError } from '@/lib/classes/errors';
import { guarded } from '@/lib/classes/guess-limit';
import { recoverLearner } from '@/lib/classes/recovery';
import { cookieIsSecure } from '@/lib/http/secure-cookie';
import { portalContext } from '@/lib/portal/context';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { learnerCookie } from '@/lib/learners/identity';

/**
 * Another device gets back in: `{ "code": "XXXX-XXXX-XXXX" }` re-issues the learner cookie of
 * the code's learner (their progress, class and cluster move to it) and spends the code. No
 * learner cookie is needed to ask: a new device has none worth keeping. Wrong codes are
 * limited per address.
 */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { db, cookieKey, guesses, signals } = portalContext();
    const body = await readJson<{ code?: unknown }>(req, 1024);
    const recovered = guarded(req, guesses.recovery, 'recovery', (e) => e instanceof UnknownRecoveryCodeError, () => recoverLearner(db, cookieKey, body?.code));
    signals.signal(recovered.previousId);
    signals.signal(recovered.learnerId);
    const secure = new URL(req.url).protocol === 'https:' || cookieIsSecure(req.headers.get('x-forwarded-proto'), process.env);
    return jsonResponse({ recovered: true }, 200, { 'set-cookie': learnerCookie(recovered.cookieValue, secure) });
  } catch (err) {
    return errorResponse(err);
  }
}
