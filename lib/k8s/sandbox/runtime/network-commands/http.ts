/**
 * HTTP as the network tools speak it: URLs, status lines, and the raw text form used when a
 * client and a listener meet over plain TCP (`printf 'GET / HTTP/1.0\r\n\r\n' | nc web 80`,
 * or a `nc -l` answering wget).
 */
import type { HttpRequest, HttpResponse, Listener } from '../../network/types';

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export const statusLine = (status: number) => `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}`.trimEnd();

export interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path with query, always starting with '/'. */
  path: string;
}

/** Parses http(s)://host[:port][/path]; a bare `host/path` is taken as http (as curl does). */
export function parseUrl(raw: string, opts: { defaultScheme?: boolean } = {}): ParsedUrl | undefined {
  let rest = raw;
  let scheme: 'http' | 'https' = 'http';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw);
  if (m) {
    const s = m[1].toLowerCase();
    if (s !== 'http' && s !== 'https') return undefined;
    scheme = s;
    rest = raw.slice(m[0].length);
  } else if (!opts.defaultScheme) return undefined;
  const slash = rest.search(/[/?]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? '/' : rest.slice(slash);
  if (!path.startsWith('/')) path = `/${path}`;
  const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  const colon = hostPort.lastIndexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  const port = colon < 0 ? (scheme === 'https' ? 443 : 80) : Number(hostPort.slice(colon + 1));
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { scheme, host, port, path };
}

export function formatRequest(req: HttpRequest): string {
  const head = [`${req.method} ${req.path} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`)];
  return `${head.join('\r\n')}\r\n\r\n${req.body}`;
}

export function parseRequest(raw: string): HttpRequest | undefined {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const [line, ...headerLines] = head.split(/\r?\n/);
  const m = /^([A-Z]+) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(line.trim());
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const h of headerLines) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return { method: m[1], path: m[2], headers, body };
}

export function formatResponse(res: HttpResponse): string {
  const headers = { ...(res.headers ?? {}) };
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = String(res.body.length);
  const head = [statusLine(res.status), ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${head.join('\r\n')}\r\n\r\n${res.body}`;
}

/** A raw reply as a response; text that is not HTTP is an HTTP/0.9-style body with 200. */
export function parseResponse(raw: string): HttpResponse {
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})[^\r\n]*\r?\n/.exec(raw);
  if (!m) return { status: 200, body: raw };
  const rest = raw.slice(m[0].length);
  const end = rest.search(/\r?\n\r?\n|^\r?\n/);
  const head = end < 0 ? rest : rest.slice(0, end);
  const body = end < 0 ? '' : rest.slice(end).replace(/^(\r?\n){1,2}/, '');
  const headers: Record<string, string> = {};
  for (const h of head.split(/\r?\n/)) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, body };
}

/** Sends an HTTP request to whatever listens: its http handler, or raw text over tcp. */
export async function exchangeHttp(listener: Listener, req: HttpRequest, from: string): Promise<HttpResponse | undefined> {
  if (listener.http) return listener.http(req, from);
  if (listener.tcp) return parseResponse(await listener.tcp(formatRequest(req), from));
  return undefined;
}

/** Sends raw TCP data to whatever listens: its tcp handler, or an HTTP exchange if the data is a request. */
export async function exchangeTcp(listener: Listener, data: string, from: string): Promise<string> {
  if (listener.tcp) return listener.tcp(data, from);
  const req = listener.http ? parseRequest(data) : undefined;
  if (!req || !listener.http) return '';
  return formatResponse(await listener.http(req, from));
}
