import { openSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse } from '@/lib/lab/request';

/** Opens (or resumes) the learner's lab: their own cluster, made on the first call. The cookie came with the page. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { session } = await openSession(req);
    return jsonResponse({ clusterId: session.clusterId, namespace: session.namespace, ...(session.pausedSeconds !== undefined ? { pausedSeconds: session.pausedSeconds } : {}) });
  } catch (err) {
    return errorResponse(err);
  }
}
