/**
 * The lab's process-wide parts, reached from route handlers: the learners' database and the
 * sandbox host that server.ts registers (route bundles and server.ts share them through
 * globalThis), plus the loopback URL client-node uses to reach the sandbox on our own port.
 */
import path from 'node:path';
import { openLearnerDb, type LearnerDb } from '../learners/db';
import { sandboxHost, type SandboxHost } from '../k8s/sandbox/host';
import { InProcessDispatcher } from '../k8s/client/in-process';
import { NoSandboxError } from './errors';
import { RateLimiter } from './rate-limit';

export interface LabContext {
  db: LearnerDb;
  host: SandboxHost;
  /** http://127.0.0.1:<port>: where this process's sandbox API answers. */
  internalBase: string;
  limiter: RateLimiter;
  /** client-node's transport to this process's sandbox: the host's API handler, called without a socket. */
  sandboxDispatcher: InProcessDispatcher;
}

const KEY = Symbol.for('kubelab.labContext');
const BASE_KEY = Symbol.for('kubelab.internalBase');

/** server.ts calls this once it listens. */
export function registerInternalBase(base: string): void {
  (globalThis as Record<symbol, unknown>)[BASE_KEY] = base;
}

/** Where learner data and sandbox clusters are kept (KUBELAB_DATA_DIR, default ./.data). */
export function dataDirectory(): string {
  return path.resolve(process.env.KUBELAB_DATA_DIR ?? './.data');
}

export function labContext(): LabContext {
  const g = globalThis as Record<symbol, unknown>;
  const existing = g[KEY] as LabContext | undefined;
  if (existing) return existing;
  const host = sandboxHost();
  const internalBase = g[BASE_KEY] as string | undefined;
  if (!host || !internalBase) throw new NoSandboxError();
  const sandboxDispatcher = new InProcessDispatcher((req, res) => host.handleRequest(req, res));
  const ctx: LabContext = { db: openLearnerDb(dataDirectory()), host, internalBase, limiter: new RateLimiter(60, 10), sandboxDispatcher };
  g[KEY] = ctx;
  return ctx;
}
