import { startBoardFeed } from '@/lib/classes/board-stream';
import { classById } from '@/lib/classes/classes';
import { clusterHealth, requireInstructor } from '@/lib/classes/portal';
import { sseResponse } from '@/lib/http/sse-response';
import { INSTRUCTOR_STREAMS } from '@/lib/http/stream-slots';
import { errorResponse } from '@/lib/lab/request';

export const dynamic = 'force-dynamic';

/** The live class board: server-sent events, the rows once and then each row that changes. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = requireInstructor(req);
    const klass = classById(ctx.db, (await params).id);
    // The board polls every learner's cluster health: its streams count against the host's cap too.
    const freeSlot = ctx.streamSlots.acquire('instructor', INSTRUCTOR_STREAMS);
    return sseResponse(req, (send) => {
      const feed = startBoardFeed({ db: ctx.db, clusterHealth: (id) => clusterHealth(ctx, id) }, ctx.signals, klass.id, (m) => send(undefined, m));
      return () => {
        feed.close();
        freeSlot();
      };
    });
  } catch (err) {
    return errorResponse(err);
  }
}
