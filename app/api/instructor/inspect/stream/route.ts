import { classLearner, inspectAccess, requireInstructor } from '@/lib/classes/portal';
import { INSTRUCTOR_STREAMS } from '@/lib/http/stream-slots';
import { eventsStream } from '@/lib/lab/cluster-streams';
import { eventsResponse } from '@/lib/lab/events-response';
import { errorResponse } from '@/lib/lab/request';
import { holdClusterForStream } from '@/lib/lab/stream-hold';

export const dynamic = 'force-dynamic';

/**
 * A learner's cluster for the instructor, read-only: the same events the learner's bench gets
 * (?class=&learner=), made where the cluster lives with the cluster's own access; the learner's
 * session and cookie are untouched, and nothing here writes. A reconnect starts from scratch
 * (the view empties itself when the stream opens), so Last-Event-ID is not read.
 */
export async function GET(req: Request) {
  try {
    const ctx = requireInstructor(req);
    const url = new URL(req.url);
    const { learnerId } = classLearner(ctx, url.searchParams.get('class'), url.searchParams.get('learner'));
    const access = await inspectAccess(ctx, learnerId);
    // Each inspect stream wakes a learner's cluster: counted with the instructor's other streams.
    const freeSlot = ctx.streamSlots.acquire('instructor', INSTRUCTOR_STREAMS);
    const release = await holdClusterForStream(freeSlot, () => ctx.host.hold(access.clusterId));
    return eventsResponse(req, { front: ctx.host, clusterId: access.clusterId, stream: eventsStream('default', undefined), release, retryMs: 2000 });
  } catch (err) {
    return errorResponse(err);
  }
}
