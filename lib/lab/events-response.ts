/**
 * The response of a cluster's event stream (the learner's bench, the instructor's inspect view):
 * server-sent events made where the cluster lives (cluster-streams.ts `events`), passed on here
 * chunk by chunk. Each event's id is the resume cursor, so a browser's EventSource reconnects
 * with Last-Event-ID and continues where it stopped.
 *
 * A reader that stops reading is dropped once its backlog passes MAX_BACKLOG_BYTES (the API
 * server drops an unresponsive watcher the same way); its EventSource reconnects and resumes
 * from the last event it read. Comments every 15 s keep proxies from closing a quiet stream.
 */
import type { SandboxFront } from '../k8s/sandbox';
import type { EventsStream } from './cluster-streams';

/** What one stream may have waiting for a browser that does not read. */
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** The backlog passed its bound: the stream is dropped and the browser reconnects. */
export class StreamBacklogError extends Error {
  constructor(readonly bytes: number) {
    super(`the event stream's reader fell ${bytes} bytes behind (at most ${MAX_BACKLOG_BYTES}): dropped, the browser reconnects and resumes`);
    this.name = 'StreamBacklogError';
  }
}

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
  const encoder = new TextEncoder();
  const maxBacklog = opts.maxBacklogBytes ?? MAX_BACKLOG_BYTES;
  let stop: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    stop?.();
    opts.release();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = (bytes: Uint8Array) => {
          if (done) return;
          try {
            controller.enqueue(bytes);
          } catch {
            finish();
            return;
          }
          const backlog = -(controller.desiredSize ?? 0);
          if (backlog > maxBacklog) {
            finish();
            controller.error(new StreamBacklogError(backlog));
          }
        };
        const end = () => {
          finish();
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        write(encoder.encode(`retry: ${opts.retryMs}\n\n`));
        try {
          stop = opts.front.stream(opts.clusterId, opts.stream, {
            chunk: write,
            end: (message) => {
              if (message) write(encoder.encode(failure(message)));
              end();
            },
          });
        } catch (err) {
          write(encoder.encode(failure(err instanceof Error ? err.message : String(err))));
          end();
          return;
        }
        // Ended while it opened (its worker had stopped): nothing more to set up.
        if (done) return stop();
        heartbeat = setInterval(() => write(encoder.encode(': keep-alive\n\n')), HEARTBEAT_MS);
        req.signal.addEventListener('abort', end);
      },
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' } });
}
