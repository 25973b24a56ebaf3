import { productPartsOf } from '@/lib/k8s/sandbox/components';
import { requireSession } from '@/lib/lab/session';
import { errorResponse, jsonResponse } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

/** The scheduler's per-node verdicts for a pending pod of the learner's sandbox cluster (?uid=). */
export async function GET(req: Request) {
  try {
    const session = requireSession(req, { rateLimited: false });
    const uid = new URL(req.url).searchParams.get('uid') ?? '';
    if (!/^[0-9a-f-]{36}$/.test(uid)) throw new LabError(400, 'uid: expected a pod uid', 'BadRequest');
    const diagnosis = productPartsOf(session.cluster)?.scheduler.diagnosis(uid);
    return jsonResponse({ diagnosis: diagnosis ?? null });
  } catch (err) {
    return errorResponse(err);
  }
}
