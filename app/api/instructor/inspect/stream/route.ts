import { ClusterStream, decodeCursor, encodeCursor } from '@/lib/k8s/watch/cluster-stream';
import { classLearner, inspectAccess, requireInstructor } from '@/lib/classes/portal';
import { sseResponse } from '@/lib/classes/sse';
import { INSTRUCTOR_STREAMS } from '@/lib/http/stream-slots';
import { errorResponse } from '@/lib/lab/request';
import { holdClusterForStream } from '@/lib/lab/stream-hold';

export const dynamic = 'force-dynamic';

/**
 * A learner's cluster for the instructor, read-only: the same watch events the learner's bench
 * gets (?class=&learner=), read server-side with the cluster's own access; the learner's
 * session and cookie are untouched, and nothing here writes.
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
    const resume = decodeCursor(req.headers.get('last-event-id'));
    return sseResponse(req, (send) => {
      const stream = new ClusterStream({
        kc: access.kc,
        namespace: 'default',
        resume,
        onEvent: (event, cursor) => send(undefined, { cursor: encodeCursor(cursor), event }),
        onError: (err) => send('failure', { message: err.message }),
      });
      stream.start();
      return () => {
        stream.close();
        release();
      };
    });
  } catch (err) {
    return errorResponse(err);
  }
}
