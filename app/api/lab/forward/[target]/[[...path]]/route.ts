import { forwardToPod, parseForwardTarget } from '@/lib/lab/forward';
import { portalContext } from '@/lib/portal/context';
import { requireSession } from '@/lib/lab/session';
import { errorResponse } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ target: string; path?: string[] }> };

/** "Open in a new tab": GET /api/lab/forward/<pod>:<port>/<path> reaches the learner's own pod (lib/lab/forward.ts). */
async function forward(req: Request, { params }: Params): Promise<Response> {
  try {
    const { target, path } = await params;
    const session = await requireSession(req, { rateLimited: false });
    return await forwardToPod(session.serverUrl(portalContext().internalBase), session.namespace, parseForwardTarget(target), path ?? [], req);
  } catch (err) {
    return errorResponse(err);
  }
}

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
