/**
 * The lab bench's stream as server-sent event text: a ClusterStream (cluster-stream.ts) whose
 * events become `id: <cursor>` + `data: <event>` and whose failure becomes `event: failure`,
 * gathered into one chunk (sse-batch.ts). Run where the cluster lives, so the portal's thread
 * only passes the chunks on to the browser.
 *
 * The events one task of the cluster wrote (a controller's drain, a kubelet's sync) go out in
 * one chunk at its end, a microtask, as the sandbox worker's messages do (post-batch.ts): a
 * later turn would wait behind every other cluster's queued work on a busy worker.
 */
import { ClusterStream, encodeCursor, type Cursor } from './cluster-stream';
import { SseBatch } from './sse-batch';
import type { WatchTransport } from './watch-transport';

export interface ClusterEventsSseOptions {
  transport: WatchTransport;
  namespace: string;
  resume?: Cursor;
  /** Takes one chunk; throws when the reader is gone (the stream then stops). */
  out(chunk: Uint8Array): void;
}

export function clusterEventsSse(opts: ClusterEventsSseOptions): { close(): void } {
  // A reader that is gone stops the watches (the batch's out threw).
  const batch = new SseBatch(opts.out, (flush) => queueMicrotask(flush), () => stream.close());
  const stream = new ClusterStream({
    transport: opts.transport,
    namespace: opts.namespace,
    resume: opts.resume,
    onEvent: (event, cursor) => batch.push(`id: ${encodeCursor(cursor)}\ndata: ${JSON.stringify(event)}\n\n`),
    onError: (err) => batch.push(`event: failure\ndata: ${JSON.stringify({ message: err.message })}\n\n`),
  });
  stream.start();
  return {
    close: () => {
      stream.close();
      batch.close();
    },
  };
}
