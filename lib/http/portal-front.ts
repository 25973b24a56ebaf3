/**
 * What server.ts does with every request before the sandbox or Next.js sees it: security
 * headers on every response, the Host check (DNS rebinding), the client address handed to route
 * handlers, and the learner cookie on a first page load. Upgrades: only /k8s, on an allowed host;
 * anything else is answered and closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LearnerDb } from '../learners/db';
import { AllowedHosts, misdirectedText } from './allowed-hosts';
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from './client-address';
import { learnerCookieForPage } from './cookie-issuance';
import { securityHeaders } from './security-headers';
import { trustsProxy, type Env } from './secure-cookie';
import { isSandboxUpgradePath, refuseUpgrade } from './upgrade-policy';
import { bearerToken, isKubernetesRootPath } from '../k8s/sandbox';

export interface PortalFrontOptions {
  env: Env;
  dev: boolean;
  cookieKey: Buffer;
  /** The learners' database, for cookies issued before signing (their row proves them). */
  learners: () => LearnerDb;
  allowedHosts?: AllowedHosts;
}

export class PortalFront {
  private readonly headers: [string, string][];
  private readonly allowedHosts: AllowedHosts;

  constructor(private readonly options: PortalFrontOptions) {
    this.headers = Object.entries(securityHeaders(options.dev));
    this.allowedHosts = options.allowedHosts ?? AllowedHosts.fromEnv(options.env);
  }

  /** Prepares a request for the sandbox and Next.js; returns true when it answered it itself. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    for (const [name, value] of this.headers) res.setHeader(name, value);
    if (!this.allowedHosts.allows(req.headers.host)) {
      res.writeHead(req.headers.host ? 421 : 400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
      res.end(misdirectedText(req.headers.host));
      return true;
    }
    // Route handlers see only what we computed, never a value the client sent under this name.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustsProxy(this.options.env));
    let cookie: string | undefined;
    try {
      cookie = learnerCookieForPage(req, this.options.cookieKey, this.options.learners(), this.options.env);
    } catch (err) {
      // Without the database a kept cookie cannot be told from a stale one: issue none rather
      // than replace a learner's key; the page still loads, and its writes say what is wrong.
      console.error('learner cookie:', err);
    }
    if (cookie) {
      res.appendHeader('set-cookie', cookie);
      // A shared cache must never hand this response (and its learner cookie) to someone else;
      // Next.js keeps a Cache-Control that is already set.
      res.setHeader('cache-control', 'private, no-store');
    }
    return false;
  }

  /** Hands /k8s upgrades on an allowed host to the sandbox; answers and closes every other. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, sandboxUpgrade: () => boolean): void {
    if (!this.allowedHosts.allows(req.headers.host)) return refuseUpgrade(socket, req.headers.host ? 421 : 400, misdirectedText(req.headers.host));
    // Kubernetes root paths with a bearer token are the sandbox's too (kubectl over https).
    if (!isSandboxUpgradePath(req.url) && !(isKubernetesRootPath(new URL(req.url ?? '/', 'http://x').pathname) && bearerToken(req.headers.authorization))) {
      return refuseUpgrade(socket, 404, 'This portal takes WebSocket upgrades only under /k8s/ (kubectl exec, attach, port-forward).\n');
    }
    if (!sandboxUpgrade()) refuseUpgrade(socket, 404, 'No sandbox cluster answers here; use the server address from your kubeconfig.\n');
  }
}
