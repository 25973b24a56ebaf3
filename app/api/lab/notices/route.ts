import { dismissNotice, unseenNotices } from '@/lib/classes/notices';
import { sseResponse } from '@/lib/http/sse-response';
import { writingLearner } from '@/lib/http/learner-request';
import { portalContext } from '@/lib/portal/context';
import { assertSameOrigin, errorResponse, jsonResponse, readJson } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/** What the instructor told this learner's bench (hints, resets), pushed as server-sent events: the unseen list, again whenever it changes. */
export async function GET(req: Request) {
  try {
    const { db, streamSlots, signals } = portalContext();
    const learner = writingLearner(req, db);
    // Counted with the learner's other streams (lib/http/stream-slots.ts): refused 429 over the cap.
    const freeSlot = streamSlots.acquire(learner.id);
    return sseResponse(req, (send) => {
      let last = '';
      const push = () => {
        const notices = unseenNotices(db, learner.id);
        const text = JSON.stringify(notices);
        if (text === last) return;
        last = text;
        send(undefined, { notices });
      };
      push();
      const unsubscribe = signals.on((id) => {
        if (id === learner.id) push();
      });
      return () => {
        unsubscribe();
        freeSlot();
      };
    });
  } catch (err) {
    return errorResponse(err);
  }
}

/** The learner dismisses a notice: `{ "id": n }` (their own only). */
export async function POST(req: Request) {
  try {
    assertSameOrigin(req);
    const { db } = portalContext();
    const learner = writingLearner(req, db);
    const body = await readJson<{ id?: unknown }>(req, 256);
    const dismissed = dismissNotice(db, learner.id, body?.id);
    return jsonResponse({ dismissed });
  } catch (err) {
    return errorResponse(err);
  }
}
