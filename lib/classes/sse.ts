/**
 * A server-sent events response: `start` gets a send function and returns its cleanup, run
 * once when the client goes away (abort or cancel). Comments every 15 s keep proxies from
 * closing an idle stream, as the bench's own stream does (app/api/lab/stream).
 */
export type Send = (event: string | undefined, data: unknown) => void;

export function sseResponse(req: Request, start: (send: Send) => () => void): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    cleanup?.();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (done) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      write('retry: 2000\n\n');
      cleanup = start((event, data) => write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`));
      heartbeat = setInterval(() => write(': keep-alive\n\n'), 15_000);
      req.signal.addEventListener('abort', () => {
        finish();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' } });
}
