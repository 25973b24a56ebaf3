import { logStream, parseLogRequest } from '@/lib/lab/logs';
import { requireSession } from '@/lib/lab/session';
import { errorResponse } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/** `kubectl logs` for the bench: ?pod=&container=&follow=1&previous=1&tailLines=N. */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    const body = await logStream(session.kc, parseLogRequest(new URL(req.url), session.namespace), req.signal);
    return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  } catch (err) {
    return errorResponse(err);
  }
}
