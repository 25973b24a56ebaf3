/**
 * A server-sent events response: the portal's live views (the bench's cluster events, the
 * instructor's class board and inspect view, a learner's notices) all answer with one.
 *
 * `start` gets the stream's writer and returns its cleanup, run once when the stream ends for
 * any reason: the browser goes away (abort or cancel), start's side ends it, or the browser
 * stops reading and its backlog passes maxBacklogBytes (default 8 MiB; an unresponsive watcher
 * is dropped the same way by the API server). A dropped EventSource reconnects by itself after
 * `retry` and, where events carry ids, resumes from the last one it read. Comments every 15 s
 * keep proxies from closing a quiet stream.
 */

/** What one stream may have waiting for a browser that does not read. */
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** The backlog passed its bound: the stream is dropped and the browser reconnects. */
export class StreamBacklogError extends Error {
  constructor(readonly bytes: number, readonly limit: number) {
    super(`the event stream's reader fell ${bytes} bytes behind (at most ${limit}): dropped, the browser reconnects`);
    this.name = 'StreamBacklogError';
  }
}

export interface SseWriter {
  /** Queues text or bytes for the browser; ignored once the stream has ended. */
  write(chunk: string | Uint8Array): void;
  /** Ends the stream (the browser's EventSource reconnects after its retry). */
  end(): void;
}

export interface SseStreamOptions {
  /** The EventSource's reconnect delay. */
  retryMs: number;
  maxBacklogBytes?: number;
  /** Sets the stream up; answers its cleanup. A throw ends the stream (start's cleanup is then not called). */
  start(out: SseWriter): () => void;
}

const HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' };

export function sseStream(req: Request, opts: SseStreamOptions): Response {
  const encoder = new TextEncoder();
  const maxBacklog = opts.maxBacklogBytes ?? MAX_BACKLOG_BYTES;
  let cleanup: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    cleanup?.();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const out: SseWriter = {
          write(chunk) {
            if (done) return;
            try {
              controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
            } catch {
              finish();
              return;
            }
            const backlog = -(controller.desiredSize ?? 0);
            if (backlog > maxBacklog) {
              finish();
              controller.error(new StreamBacklogError(backlog, maxBacklog));
            }
          },
          end() {
            finish();
            try {
              controller.close();
            } catch {
              // already closed or errored
            }
          },
        };
        out.write(`retry: ${opts.retryMs}\n\n`);
        const stop = opts.start(out);
        // Ended while it started (its source was already gone): clean up now.
        if (done) return stop();
        cleanup = stop;
        heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
        req.signal.addEventListener('abort', () => out.end());
      },
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(body, { headers: HEADERS });
}

/** Sends one event: data as JSON, under a name when given. */
export type Send = (event: string | undefined, data: unknown) => void;

/** A stream of JSON events (the class board, notices): start gets send and returns its cleanup. */
export function sseResponse(req: Request, start: (send: Send) => () => void): Response {
  return sseStream(req, {
    retryMs: 2000,
    start: (out) => start((event, data) => out.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`)),
  });
}
