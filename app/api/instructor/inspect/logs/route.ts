import { logStream, parseLogRequest } from '@/lib/lab/logs';
import { classLearner, inspectAccess, requireInstructor } from '@/lib/classes/portal';
import { errorResponse } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/** `kubectl logs` of a learner's pod for the instructor (?class=&learner=&pod=&container=…), read-only. */
export async function GET(req: Request) {
  try {
    const ctx = requireInstructor(req);
    const url = new URL(req.url);
    const { learnerId } = classLearner(ctx, url.searchParams.get('class'), url.searchParams.get('learner'));
    const access = await inspectAccess(ctx, learnerId);
    const body = await logStream(access.kc, parseLogRequest(url, 'default'), req.signal);
    return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  } catch (err) {
    return errorResponse(err);
  }
}
