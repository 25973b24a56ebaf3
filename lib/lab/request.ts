/** Small request helpers shared by the lab routes: cookies, same-origin, bounded JSON bodies. */
import { checkJsonBounds, MAX_NESTING_DEPTH, NestingTooDeepError, TextTooLargeError } from '../k8s/manifests/bounds';
import { BodyTooLargeError, CrossOriginError, LabError } from './errors';
import { readBounded, StreamTooLargeError } from '../bytes/read-bounded';

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

/** A JSON body nested deeper than MAX_NESTING_DEPTH: refused before JSON.parse. */
export class BodyTooDeepError extends LabError {
  constructor(readonly line: number, readonly limit: number) {
    super(400, `the request body is nested more than ${limit} levels deep (line ${line}); send a flatter document`, 'TooDeep');
    this.name = 'BodyTooDeepError';
  }
}

/**
 * The body's bytes, counted as they stream in: a body over `limit` is refused as soon as its
 * count passes the limit, whatever Content-Length said (a chunked body has none), and the
 * rest is never read. Content-Length only lets an oversize body be refused before reading.
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const length = Number(req.headers.get('content-length') ?? '0');
  if (length > limit) throw new BodyTooLargeError(limit);
  if (!req.body) return new Uint8Array(0);
  try {
    return await readBounded(req.body, limit);
  } catch (e) {
    if (e instanceof StreamTooLargeError) throw new BodyTooLargeError(limit);
    throw e;
  }
}

/**
 * A bounded JSON body: size counted while streaming, depth checked by a linear scan before
 * JSON.parse (what runs after the parse, from structuredClone to our walkers, recurses).
 */
export async function readJson<T>(req: Request, limit: number): Promise<T> {
  const text = new TextDecoder().decode(await readBodyBytes(req, limit));
  try {
    checkJsonBounds(text, { maxBytes: limit, maxDepth: MAX_NESTING_DEPTH });
  } catch (e) {
    if (e instanceof NestingTooDeepError) throw new BodyTooDeepError(e.line ?? 1, e.limit);
    if (e instanceof TextTooLargeError) throw new BodyTooLargeError(limit);
    throw e;
  }
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
