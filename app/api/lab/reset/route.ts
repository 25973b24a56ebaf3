import { resetSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse } from '@/lib/lab/request';

/** "Reset cluster": the learner gets a fresh cluster; the old one is removed. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await resetSession(req);
    return jsonResponse({ clusterId: session.clusterId });
  } catch (err) {
    return errorResponse(err);
  }
}
