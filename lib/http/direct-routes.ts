/**
 * A few route handlers served by the portal's Node server itself, before Next.js's pipeline:
 * the same `app/api/.../route.ts` handler (a web Request in, a Response out), called from
 * server.ts's request callback.
 *
 * Why: when a class comes back at once, a hundred `POST /api/lab/session` arrive together. Next.js
 * takes each through its router and request adapters (about 1.4 ms of this thread each) and
 * hands none to its handler before the whole burst went through that part (a trace of
 * scripts/bench/class-capacity.mjs capacity: arrivals over 0–142 ms, every wake posted to the
 * sandbox worker at 166–173 ms). The worker, which loads the clusters one after another, sat
 * idle for that time. Served here, a session's wake is posted within the callback its request
 * arrived in, and the worker's loads overlap the burst's arrival.
 *
 * Only routes whose handler needs nothing of Next.js's (no middleware exists; the security
 * headers and the Host check come from PortalFront before this) are listed in server.ts, and
 * each keeps its route file, so tests call the same handler and Next.js still builds it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { Readable } from 'node:stream';

/** A route handler as Next.js's app router calls it. */
export type WebHandler = (req: Request) => Promise<Response>;

/** Routes by `METHOD /path` (the path exactly, without its query). */
export type DirectRouteTable = Record<string, WebHandler>;

export class DirectRoutes {
  constructor(private readonly routes: DirectRouteTable, private readonly log: (line: string) => void = (l) => console.error(l)) {}

  /** True when the request is one of the routes (it is then answered here); false leaves it to Next.js. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const handler = this.routes[`${req.method} ${q < 0 ? url : url.slice(0, q)}`];
    if (!handler) return false;
    void serveWebHandler(handler, req, res).catch((err: unknown) => {
      this.log(`route ${req.method} ${url.slice(0, 200)} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ error: 'the server could not answer this request' }));
      } else res.destroy();
    });
    return true;
  }
}

/** The web Request a handler sees: the Node request's method, URL, headers and body; aborted when the client goes. */
export function webRequestOf(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(urlOf(req), {
    method: req.method,
    headers,
    // Read only if the handler reads it (readBodyBytes bounds it as it streams); an unread body is dropped by Node after the answer.
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
    signal,
  } as RequestInit & { duplex: 'half' });
}

/**
 * The request's URL as Next.js gives it to a handler: on the Host it was sent to. A Host that
 * makes no URL (only where KUBELAB_ALLOWED_HOSTS is '*': PortalFront refuses every other Host
 * first) gets localhost; handlers read the path and query from it, never the host.
 */
function urlOf(req: IncomingMessage): string {
  const target = req.url ?? '/';
  try {
    return new URL(target, `http://${req.headers.host ?? 'localhost'}`).href;
  } catch {
    return new URL(target, 'http://localhost').href;
  }
}

/** Calls the handler and writes its Response: status, headers (every Set-Cookie), then the body as it streams, minding back-pressure. */
export async function serveWebHandler(handler: WebHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  const response = await handler(webRequestOf(req, gone.signal));
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) res.appendHeader('set-cookie', cookie);
  res.statusCode = response.status;
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A client that goes: the body's source is told at once, not at its next chunk (an event stream
  // between events releases its cluster hold and its stream slot now); the pending read ends.
  const cancel = () => void reader.cancel().catch(() => undefined);
  if (gone.signal.aborted) cancel();
  else gone.signal.addEventListener('abort', cancel, { once: true });
  for (;;) {
    const { done, value } = await reader.read();
    if (done || gone.signal.aborted) break;
    if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  gone.signal.removeEventListener('abort', cancel);
  if (!gone.signal.aborted) res.end();
}
