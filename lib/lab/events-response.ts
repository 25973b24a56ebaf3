/**
 * The response of a cluster's event stream (the learner's bench, the instructor's inspect view):
 * server-sent events made where the cluster lives (cluster-streams.ts `events`), passed on here
 * chunk by chunk (lib/http/sse-response.ts: a browser that stops reading is dropped at its
 * backlog bound). Each event's id is the resume cursor, so a browser's EventSource reconnects
 * with Last-Event-ID and continues where it stopped. The stream ending by itself (its worker
 * stopped) or failing to open ends the response with a `failure` event naming why.
 */
import type { SandboxFront } from '../k8s/sandbox';
import { sseStream } from '../http/sse-response';
import type { EventsStream } from './cluster-streams';

export interface EventsResponseOptions {
  front: Pick<SandboxFront, 'stream'>;
  clusterId: string;
  stream: EventsStream;
  /** Lets go of the cluster and the stream slot (stream-hold.ts); called once when the stream ends. */
  release(): void;
  /** The EventSource's reconnect delay. */
  retryMs: number;
  maxBacklogBytes?: number;
}

const failure = (message: string) => `event: failure\ndata: ${JSON.stringify({ message })}\n\n`;

export function eventsResponse(req: Request, opts: EventsResponseOptions): Response {
  return sseStream(req, {
    retryMs: opts.retryMs,
    maxBacklogBytes: opts.maxBacklogBytes,
    start: (out) => {
      let stop: () => void = () => undefined;
      try {
        stop = opts.front.stream(opts.clusterId, opts.stream, {
          chunk: (bytes) => out.write(bytes),
          end: (message) => {
            if (message) out.write(failure(message));
            out.end();
          },
        });
      } catch (err) {
        out.write(failure(err instanceof Error ? err.message : String(err)));
        out.end();
      }
      return () => {
        stop();
        opts.release();
      };
    },
  });
}
