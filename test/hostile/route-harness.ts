/**
 * The portal's route handlers in this test process, wired as server.ts wires them: a data
 * directory of its own, a real sandbox host registered for the route bundles, and a loopback
 * server for the sandbox API (the bench's apply reaches the cluster through it, like in the
 * product). Requests are built as the browser sends them: same origin, the learner's cookie,
 * and the client address server.ts would have recorded.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SandboxHost } from '../../lib/k8s/sandbox/host';
import { sandboxParts } from '../../lib/k8s/sandbox/parts';
import { buildPortalContext } from '../../lib/lab/context';
import { CLIENT_ADDRESS_HEADER } from '../../lib/http/client-address';
import { learnerCookieForPage } from '../../lib/http/cookie-issuance';
import { portalContext, registerPortalContext, unregisterPortalContext } from '../../lib/portal/context';

export const ORIGIN = 'http://localhost:3000';

export interface RouteHarness {
  dataDir: string;
  host: SandboxHost;
  close(): Promise<void>;
}

export async function startRouteHarness(): Promise<RouteHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-hostile-routes-'));
  process.env.KUBELAB_DATA_DIR = dataDir;
  const host = new SandboxHost({ parts: (r) => sandboxParts({ clusterId: r.id }) });
  const server = http.createServer((req, res) => {
    if (!host.handleRequest(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registerPortalContext(buildPortalContext({ host, internalBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dataDir }));
  return {
    dataDir,
    host,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      host.close();
      portalContext().db.close();
      unregisterPortalContext();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a first page load gives a browser: the learner cookie's `name=value`, or undefined. */
export function pageLoad(cookie?: string): string | undefined {
  const setCookie = learnerCookieForPage(
    { method: 'GET', url: '/learn/module-05/daemonsets', headers: { accept: 'text/html,application/xhtml+xml', ...(cookie ? { cookie } : {}) } },
    portalContext().cookieKey,
    portalContext().db,
    {},
  );
  return setCookie?.split(';')[0];
}

export interface Call {
  method?: string;
  cookie?: string;
  body?: unknown;
  address?: string;
  headers?: Record<string, string>;
}

export function request(pathAndQuery: string, call: Call = {}): Request {
  const headers: Record<string, string> = { host: 'localhost:3000', origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: call.address ?? '192.0.2.1', ...call.headers };
  if (call.cookie !== undefined) headers.cookie = call.cookie;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return new Request(`${ORIGIN}${pathAndQuery}`, {
    method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
    headers,
    body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
  });
}

export async function answered(res: Response): Promise<{ status: number; body: { error?: string; message?: string } & Record<string, unknown>; retryAfter: string | null; setCookie: string | null }> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), setCookie: res.headers.get('set-cookie') };
}

export function count(table: string): number {
  return (portalContext().db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
