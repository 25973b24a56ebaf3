/**
 * "Open in a new tab" for a pod's HTTP port: the portal forwards a learner's GET to their own
 * cluster's pods/proxy subresource (`/api/v1/namespaces/N/pods/P:port/proxy/<path>`, what
 * `kubectl get --raw` and the API server's proxy use), so a page served by nginx in the learner's
 * pod opens in the browser without kubectl port-forward. Only the learner's own cluster is
 * reachable (the session picks it), only GET and HEAD go through, and the answer is served in a
 * CSP sandbox: the pod's page runs in an opaque origin, never as the portal, and its cookies are
 * dropped.
 */
import { LabError } from './errors';

export interface ForwardTarget {
  pod: string;
  port: number;
}

const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** What the portal hands back of one proxied answer (the modelled servers answer far less). */
export const MAX_FORWARDED_BYTES = 8 * 1024 * 1024;

export class ForwardTargetError extends LabError {
  constructor(readonly target: string) {
    super(400, `expected <pod>:<port> with a pod name and a port from 1 to 65535, got ${JSON.stringify(target.slice(0, 100))}`, 'BadRequest');
    this.name = 'ForwardTargetError';
  }
}

export class ForwardMethodError extends LabError {
  constructor(readonly method: string) {
    super(405, `only GET and HEAD reach a pod from the portal (got ${method}): for anything else use kubectl port-forward with your own kubectl`, 'MethodNotAllowed');
    this.name = 'ForwardMethodError';
  }
}

export class ForwardTooLargeError extends LabError {
  constructor() {
    super(502, `the pod answered with more than ${MAX_FORWARDED_BYTES} bytes: use kubectl port-forward with your own kubectl for large downloads`, 'TooLarge');
    this.name = 'ForwardTooLargeError';
  }
}

/** `web:80` (or `web%3A80`, as a browser may send it) → the pod and its port. */
export function parseForwardTarget(raw: string): ForwardTarget {
  let target = raw;
  try {
    target = decodeURIComponent(raw);
  } catch {
    throw new ForwardTargetError(raw);
  }
  const m = /^([^:]+):(\d{1,5})$/.exec(target);
  const port = m ? Number(m[2]) : 0;
  if (!m || !POD_NAME.test(m[1]) || port < 1 || port > 65535) throw new ForwardTargetError(target);
  return { pod: m[1], port };
}

export class ForwardPathError extends LabError {
  constructor(readonly segment: string) {
    super(400, `a path segment ${JSON.stringify(segment)} would leave the pod's proxy path`, 'BadRequest');
    this.name = 'ForwardPathError';
  }
}

/** The proxied path under the pod: each segment re-encoded (an encoded slash stays inside one), and `.` or `..` refused so the path cannot climb out of the pod's proxy into the cluster's API. */
export function podProxyPath(namespace: string, target: ForwardTarget, segments: string[], search: string): string {
  for (const s of segments) if (s === '.' || s === '..') throw new ForwardPathError(s);
  const rest = segments.map((s) => encodeURIComponent(s)).join('/');
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${target.pod}:${target.port}/proxy/${rest}${search}`;
}

/** Headers of the pod's answer the portal passes on; cookies and hop-by-hop headers never. */
const PASSED = new Set(['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'content-language']);

/**
 * Headers that keep the pod's page in its own sandbox: an opaque origin (no allow-same-origin),
 * so its scripts cannot read the portal's storage or call the portal as the learner.
 */
export const FORWARD_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': 'sandbox allow-scripts allow-forms allow-popups',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Where a target's pages live on the portal: what their links must stay under. */
export const forwardPrefix = (target: ForwardTarget) => `/api/lab/forward/${target.pod}:${target.port}/`;

/**
 * An HTML page's links kept under the portal's prefix, as the API server's proxy rewrites them
 * (k8s.io/apimachinery pkg/util/proxy transport.go): a <base> for relative links (the portal may
 * drop the trailing slash of the pod's root), and root-relative href/src/action attributes
 * moved under the prefix.
 */
export function rewriteHtml(html: string, prefix: string): string {
  const rooted = html.replace(/(\s(?:href|src|action)\s*=\s*)(["'])\/(?!\/)/gi, `$1$2${prefix}`);
  const base = `<base href="${prefix}">`;
  return /<head(\s[^>]*)?>/i.test(rooted) ? rooted.replace(/<head(\s[^>]*)?>/i, (m) => `${m}${base}`) : `${base}${rooted}`;
}

/** What the route answers for the sandbox's answer. */
export async function forwardedResponse(answer: Response, method: string, prefix = '/'): Promise<Response> {
  const length = Number(answer.headers.get('content-length') ?? 0);
  if (length > MAX_FORWARDED_BYTES) throw new ForwardTooLargeError();
  let body: ArrayBuffer | string = await answer.arrayBuffer();
  if (body.byteLength > MAX_FORWARDED_BYTES) throw new ForwardTooLargeError();
  if (/^text\/html\b/i.test(answer.headers.get('content-type') ?? '')) body = rewriteHtml(new TextDecoder().decode(body), prefix);
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, key) => {
    if (PASSED.has(key)) headers[key] = value;
  });
  Object.assign(headers, FORWARD_SECURITY_HEADERS);
  return new Response(method === 'HEAD' || answer.status === 204 || answer.status === 304 ? null : body, { status: answer.status, headers });
}

/**
 * Forwards one request to the learner's pod through their cluster's API (serverUrl carries the
 * cluster's token): GET and HEAD only, no request body, the learner's cookies not passed on.
 */
export async function forwardToPod(serverUrl: string, namespace: string, target: ForwardTarget, segments: string[], req: Request): Promise<Response> {
  const method = req.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') throw new ForwardMethodError(method);
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  for (const h of ['accept', 'accept-language', 'if-none-match', 'if-modified-since', 'user-agent']) {
    const v = req.headers.get(h);
    if (v) headers[h] = v;
  }
  const answer = await fetch(`${serverUrl}${podProxyPath(namespace, target, segments, url.search)}`, { method, headers, redirect: 'manual', signal: req.signal });
  return forwardedResponse(answer, method, forwardPrefix(target));
}
