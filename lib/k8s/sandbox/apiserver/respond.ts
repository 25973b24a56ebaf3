/** Writing responses: JSON bodies and Status errors, as the API server shapes them. */
import type { ServerResponse } from 'node:http';
import { StatusError, errors } from '../errors';

export function sendJson(res: ServerResponse, code: number, body: unknown, warnings: string[] = []): void {
  sendJsonText(res, code, JSON.stringify(body), warnings);
}

/** sendJson of a body already serialised. */
export function sendJsonText(res: ServerResponse, code: number, text: string, warnings: string[] = []): void {
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, private',
  };
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const se = toStatusError(err);
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string> = {};
  if (se.details?.retryAfterSeconds) headers['Retry-After'] = String(se.details.retryAfterSeconds);
  res.setHeader('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = se.code;
  res.end(JSON.stringify(se.toStatus()));
}

export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return errors.internal(message);
}

export function successStatus(details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
