import { decodeCursor } from '@/lib/k8s/watch/cluster-stream';
import { eventsStream } from '@/lib/lab/cluster-streams';
import { eventsResponse } from '@/lib/lab/events-response';
import { requireSession } from '@/lib/lab/session';
import { portalContext } from '@/lib/portal/context';
import { errorResponse } from '@/lib/lab/request';
import { holdClusterForStream } from '@/lib/lab/stream-hold';
import { withCapacityErrorsAsync } from '@/lib/lab/class-full';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events of the learner's cluster, made where the cluster lives
 * (lib/lab/events-response.ts). Each event's id is the resume cursor, so the browser's
 * EventSource reconnects with Last-Event-ID and continues where it stopped.
 */
export async function GET(req: Request) {
  try {
    // The hold below wakes the cluster: no separate wake first.
    const session = await requireSession(req, { rateLimited: false, wake: false });
    // Streams per learner and per host are capped: each holds a response and a woken cluster.
    const freeSlot = portalContext().streamSlots.acquire(session.learner.id);
    // An open stream keeps the learner's cluster awake (clusters sleep when idle).
    const release = await holdClusterForStream(freeSlot, () => withCapacityErrorsAsync(() => portalContext().host.hold(session.clusterId)));
    const resume = decodeCursor(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('cursor'));
    return eventsResponse(req, { front: portalContext().host, clusterId: session.clusterId, stream: eventsStream(session.namespace, resume), release, retryMs: 1000 });
  } catch (err) {
    return errorResponse(err);
  }
}
