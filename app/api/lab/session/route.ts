import { openSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse } from '@/lib/lab/request';

/** Opens (or resumes) the learner's lab: cookie on first visit, their own cluster. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { session, setCookie } = openSession(req);
    return jsonResponse({ clusterId: session.clusterId, namespace: session.namespace }, 200, setCookie ? { 'set-cookie': setCookie } : {});
  } catch (err) {
    return errorResponse(err);
  }
}
