import { ClusterStream, decodeCursor, encodeCursor } from '@/lib/k8s/watch/cluster-stream';
import { SseBatch } from '@/lib/k8s/watch/sse-batch';
import { requireSession } from '@/lib/lab/session';
import { portalContext } from '@/lib/portal/context';
import { errorResponse } from '@/lib/lab/request';
import { holdClusterForStream } from '@/lib/lab/stream-hold';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events of the learner's cluster. Each event's id is the resume cursor, so the
 * browser's EventSource reconnects with Last-Event-ID and continues where it stopped.
 */
export async function GET(req: Request) {
  try {
    const session = await requireSession(req, { rateLimited: false });
    // Streams per learner and per host are capped: each holds a response and a woken cluster.
    const freeSlot = portalContext().streamSlots.acquire(session.learner.id);
    // An open stream keeps the learner's cluster awake (clusters sleep when idle).
    const release = await holdClusterForStream(freeSlot, () => portalContext().host.hold(session.clusterId));
    const resume = decodeCursor(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('cursor'));
    let stream: ClusterStream | undefined;
    let batch: SseBatch | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // The events of one turn go out as one chunk (sse-batch.ts); a closed stream stops the watches.
        const events = new SseBatch((chunk) => controller.enqueue(chunk), undefined, () => stream?.close());
        batch = events;
        const send = (text: string) => events.push(text);
        send('retry: 1000\n\n');
        stream = new ClusterStream({
          kc: session.kc,
          namespace: session.namespace,
          resume,
          onEvent: (event, cursor) => send(`id: ${encodeCursor(cursor)}\ndata: ${JSON.stringify(event)}\n\n`),
          onError: (err) => send(`event: failure\ndata: ${JSON.stringify({ message: err.message })}\n\n`),
        });
        stream.start();
        // Comments keep proxies from closing an idle stream.
        heartbeat = setInterval(() => send(': keep-alive\n\n'), 15_000);
        req.signal.addEventListener('abort', () => {
          release();
          stream?.close();
          batch?.close();
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
      },
      cancel() {
        release();
        stream?.close();
        batch?.close();
        clearInterval(heartbeat);
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' } });
  } catch (err) {
    return errorResponse(err);
  }
}
