/** Small request helpers shared by the lab routes: cookies, same-origin, bounded JSON bodies. */
import { BodyTooLargeError, CrossOriginError, LabError } from './errors';

export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * CSRF defence for mutations: browsers send Origin on POST/PUT/DELETE; it must name this
 * host. Requests without Origin (curl, tests) must then carry Sec-Fetch-Site same-origin or
 * none, which browsers set and cross-site pages cannot forge.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new CrossOriginError(origin);
    }
    if (originHost !== host) throw new CrossOriginError(origin);
    return;
  }
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new CrossOriginError(null);
}

export async function readJson<T>(req: Request, limit: number): Promise<T> {
  const length = Number(req.headers.get('content-length') ?? '0');
  if (length > limit) throw new BodyTooLargeError(limit);
  const text = await req.text();
  if (Buffer.byteLength(text) > limit) throw new BodyTooLargeError(limit);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LabError(400, 'the request body is not valid JSON', 'BadJson');
  }
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

/** Maps a thrown error to an answer; unexpected errors are logged and answered 500 without details. */
export function errorResponse(err: unknown): Response {
  if (err instanceof LabError) {
    const headers: Record<string, string> = {};
    const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retry) headers['retry-after'] = String(retry);
    return jsonResponse({ error: err.code, message: err.message }, err.status, headers);
  }
  console.error('lab route:', err);
  return jsonResponse({ error: 'Internal', message: 'the portal hit an internal error; it was logged' }, 500);
}
