import { requireSession } from '@/lib/lab/session';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';
import { LabError } from '@/lib/lab/errors';

const SPEEDS = [0, 1, 10, 60];
/** One skip may move a day at most: enough for any lesson, bounded CPU for the server. */
const MAX_SKIP_SECONDS = 24 * 3600;

/** The cluster's virtual time and speed. */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    return jsonResponse(await session.cluster.clock());
  } catch (err) {
    return errorResponse(err);
  }
}

/** `{ scale: 1 | 10 | 60 }` sets the speed; `{ advanceSeconds: n }` skips ahead. */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const session = await requireSession(req);
    const body = await readJson<{ scale?: unknown; advanceSeconds?: unknown }>(req, 1024);
    if (body.scale !== undefined) {
      if (typeof body.scale !== 'number' || !SPEEDS.includes(body.scale)) throw new LabError(400, `scale: expected one of ${SPEEDS.join(', ')}`, 'BadRequest');
      await session.cluster.setScale(body.scale);
    }
    if (body.advanceSeconds !== undefined) {
      const s = body.advanceSeconds;
      if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0 || s > MAX_SKIP_SECONDS) throw new LabError(400, `advanceSeconds: expected 1 to ${MAX_SKIP_SECONDS}`, 'BadRequest');
      // Resolves once the cluster has run the skipped span step by step (CronJobs, backoffs);
      // truncated: it ran out of its budget and jumped the rest at once.
      return jsonResponse(await session.cluster.advance(s));
    }
    return jsonResponse(await session.cluster.clock());
  } catch (err) {
    return errorResponse(err);
  }
}
