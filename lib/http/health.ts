/**
 * The portal's own health endpoints, for a kubelet, a container engine's HEALTHCHECK or a load
 * balancer: `GET /healthz` says the process is alive (it answers, nothing more), `GET /readyz`
 * says it can serve learners now (Next.js prepared, the sandbox host up, the learners' database
 * answering, not shutting down), 503 with the reason otherwise. `?verbose` lists every check the
 * way the Kubernetes API server's /readyz does (`[+]name ok`, `[-]name failed: reason`).
 *
 * They are answered before the Host check and the learner cookie: a kubelet's probe sends
 * `Host: <pod IP>:<port>` and no cookie, and a probe must never be handed a learner identity.
 * Nothing here is secret (a fixed word per check and a short reason), so answering any Host is
 * safe. A request carrying a bearer token is left alone: with a learner cluster's token,
 * /healthz and /readyz are that cluster's API server paths (root-paths.ts; `kubectl get --raw /readyz`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken } from '../k8s/sandbox';

/** One readiness condition: resolves to undefined when it holds, or to why it does not. */
export interface ReadinessCheck {
  /** Short lower-case name shown in verbose answers (`sandbox-host`, `learner-db`). */
  name: string;
  check: () => string | undefined | Promise<string | undefined>;
}

export interface ReadinessResult {
  ready: boolean;
  /** Each check in order, with the reason of those that failed. */
  checks: { name: string; ok: boolean; reason?: string }[];
}

/** A check that does not answer within this long counts as failed (a hung database must not hang the probe). */
export const CHECK_TIMEOUT_MS = 2000;
const PATHS = new Set(['/healthz', '/readyz']);
const SHUTTING_DOWN = 'shutting-down';

/** A reason as shown: one line, printable ASCII, bounded (an error's message may carry anything). */
export function shownReason(reason: string): string {
  const line = reason.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line || 'failed';
}

/** What a failed check says about a thrown error: its class and code, not its message (which may name files). */
export function errorReason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.name} ${code}` : err.name;
  }
  return 'failed';
}

export class HealthEndpoints {
  private stopping: string | undefined;

  constructor(
    private readonly checks: ReadinessCheck[],
    private readonly timeoutMs = CHECK_TIMEOUT_MS,
  ) {}

  /** From now on /readyz answers 503 with this reason (SIGTERM: the ingress stops sending new work). */
  markNotReady(reason: string): void {
    this.stopping = reason;
  }

  get shuttingDown(): boolean {
    return this.stopping !== undefined;
  }

  /** Runs every check (in parallel, each bounded by the timeout). */
  async readiness(): Promise<ReadinessResult> {
    const results = await Promise.all(this.checks.map((c) => this.run(c)));
    const checks = [...(this.stopping !== undefined ? [{ name: SHUTTING_DOWN, ok: false, reason: this.stopping }] : []), ...results];
    return { ready: checks.every((c) => c.ok), checks };
  }

  private async run(c: ReadinessCheck): Promise<{ name: string; ok: boolean; reason?: string }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      timer.unref?.();
    });
    try {
      const reason = await Promise.race([Promise.resolve().then(c.check), timeout]);
      return reason === undefined ? { name: c.name, ok: true } : { name: c.name, ok: false, reason: shownReason(reason) };
    } catch (err) {
      return { name: c.name, ok: false, reason: errorReason(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Answers GET/HEAD /healthz and /readyz without a bearer token; returns false for every other request. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    if (!PATHS.has(pathname) || bearerToken(req.headers.authorization) !== undefined) return false;
    const verbose = q >= 0 && new URLSearchParams(raw.slice(q + 1)).has('verbose');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, `${pathname} answers GET and HEAD only.\n`, { allow: 'GET, HEAD' });
      return true;
    }
    if (pathname === '/healthz') {
      send(req, res, 200, 'ok\n');
      return true;
    }
    void this.readiness().then(
      (r) => send(req, res, r.ready ? 200 : 503, readinessText(r, verbose)),
      (err: unknown) => send(req, res, 503, `not ready: ${errorReason(err)}\n`),
    );
    return true;
  }
}

/** `ok`, or the failed checks; verbose lists every check as kube-apiserver's /readyz?verbose does. */
export function readinessText(r: ReadinessResult, verbose: boolean): string {
  if (verbose) {
    const lines = r.checks.map((c) => (c.ok ? `[+]${c.name} ok` : `[-]${c.name} failed: ${c.reason}`));
    return `${lines.join('\n')}\n${r.ready ? 'readyz check passed' : 'readyz check failed'}\n`;
  }
  if (r.ready) return 'ok\n';
  return `not ready: ${r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason}`).join('; ')}\n`;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    // A cache between the probe and the pod must not answer for it.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
