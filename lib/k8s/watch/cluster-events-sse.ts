/**
 * The lab bench's stream as server-sent event text: a ClusterStream (cluster-stream.ts) whose
 * events become `id: <cursor>` + `data: <event>` and whose failure becomes `event: failure`,
 * gathered per turn into one chunk (sse-batch.ts). Run where the cluster lives, so the portal's
 * thread only passes the chunks on to the browser.
 */
import { ClusterStream, encodeCursor, type Cursor } from './cluster-stream';
import { SseBatch, type Schedule } from './sse-batch';
import type { WatchTransport } from './watch-transport';

export interface ClusterEventsSseOptions {
  transport: WatchTransport;
  namespace: string;
  resume?: Cursor;
  /** Takes one chunk; throws when the reader is gone (the stream then stops). */
  out(chunk: Uint8Array): void;
  schedule?: Schedule;
}

export function clusterEventsSse(opts: ClusterEventsSseOptions): { close(): void } {
  // A reader that is gone stops the watches (the batch's out threw).
  const batch = new SseBatch(opts.out, opts.schedule, () => stream.close());
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
