import { requireSession } from '@/lib/lab/session';
import { errorResponse, jsonResponse } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

/** The scheduler's per-node verdicts for a pending pod of the learner's sandbox cluster (?uid=). */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    const uid = new URL(req.url).searchParams.get('uid') ?? '';
    if (!/^[0-9a-f-]{36}$/.test(uid)) throw new LabError(400, 'uid: expected a pod uid', 'BadRequest');
    return jsonResponse({ diagnosis: await session.cluster.whyPending(uid) });
  } catch (err) {
    return errorResponse(err);
  }
}
