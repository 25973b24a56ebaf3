/**
 * The lab's process-wide parts, reached from route handlers: the learners' database and the
 * sandbox front that server.ts registers (route bundles and server.ts share them through
 * globalThis: Next.js bundles route handlers apart from server.ts, so a module import would
 * give each its own copy), plus the loopback URL kubeconfigs name for the sandbox on our port.
 */
import path from 'node:path';
import { openLearnerDb, type LearnerDb } from '../learners/db';
import { sandboxHost, sandboxFront, LocalSandboxFront, type SandboxFront } from '../k8s/sandbox';
import { InProcessDispatcher } from '../k8s/client/in-process';
import { NoSandboxError } from './errors';
import { RateLimiter } from './rate-limit';
import { clusterOperations } from './cluster-operations';
import { ClusterHandle } from './cluster-handle';

export interface LabContext {
  db: LearnerDb;
  /** The sandbox: clusters in this thread or on worker threads (workers/front.ts). */
  host: SandboxFront;
  /** http://127.0.0.1:<port>: where this process's sandbox API answers. */
  internalBase: string;
  limiter: RateLimiter;
  /** client-node's transport to this process's sandbox: the front's API handler, called without a socket. */
  sandboxDispatcher: InProcessDispatcher;
  /** The typed handle for a cluster's operations outside the Kubernetes API (clock, nodes, checks). */
  cluster(id: string): ClusterHandle;
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

/**
 * The registered front; a SandboxHost registered alone (tests, benches that embed a host) is
 * served in this thread with the portal's operations.
 */
function registeredFront(): SandboxFront | undefined {
  const front = sandboxFront();
  if (front) return front;
  const host = sandboxHost();
  return host ? new LocalSandboxFront(host, clusterOperations) : undefined;
}

export function labContext(): LabContext {
  const g = globalThis as Record<symbol, unknown>;
  const existing = g[KEY] as LabContext | undefined;
  if (existing) return existing;
  const host = registeredFront();
  const internalBase = g[BASE_KEY] as string | undefined;
  if (!host || !internalBase) throw new NoSandboxError();
  const sandboxDispatcher = new InProcessDispatcher((req, res) => host.handleRequest(req, res));
  const ctx: LabContext = {
    db: openLearnerDb(dataDirectory()),
    host,
    internalBase,
    limiter: new RateLimiter(60, 10),
    sandboxDispatcher,
    cluster: (id) => new ClusterHandle(host, id),
  };
  g[KEY] = ctx;
  return ctx;
}
