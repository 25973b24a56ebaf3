/**
 * The portal's process-wide parts, in one typed object: the sandbox front, the learners'
 * database, the cookie key, the limits and slots, the learner signals. server.ts builds it once
 * (buildPortalContext in lib/lab/context.ts) and registers it here; route handlers and the lib
 * code they call read it through portalContext().
 *
 * This is the portal's one bridge through globalThis: Next.js bundles route handlers apart from
 * server.ts, so a module-level variable would give each bundle its own copy. No other module
 * keeps state on globalThis (lib/portal/one-bridge.test.ts checks it).
 */
import type { LearnerDb } from '../learners/db';
import type { SandboxFront } from '../k8s/sandbox';
import type { InProcessDispatcher } from '../k8s/client/in-process';
import type { RateLimiter } from '../lab/rate-limit';
import type { ClusterHandle } from '../lab/cluster-handle';
import type { RunSlots } from '../lab/kubectl/slots';
import type { KubectlSpawner } from '../lab/kubectl/spawner';
import type { KubectlHostBudget } from '../lab/kubectl/host-budget';
import type { DiscoveryTemplate } from '../lab/kubectl/discovery-cache';
import type { PortalLimits } from '../http/portal-limits';
import type { StreamSlots } from '../http/stream-slots';
import type { LearnerSignals } from '../classes/signals';
import type { CodeGuessLimits } from '../classes/guess-limit';
import { NoSandboxError } from '../lab/errors';

export interface PortalContext {
  /** The learners' database. */
  db: LearnerDb;
  /** The key this portal's learner cookies are signed with (lib/learners/identity.ts). */
  cookieKey: Buffer;
  /** The sandbox: clusters in this thread or on worker threads (workers/front.ts). */
  host: SandboxFront;
  /** http://127.0.0.1:<port>: where this process's sandbox API answers. */
  internalBase: string;
  /** client-node's transport to this process's sandbox: the front's API handler, called without a socket. */
  sandboxDispatcher: InProcessDispatcher;
  /** The typed handle for a cluster's operations outside the Kubernetes API (clock, nodes, checks). */
  cluster(id: string): ClusterHandle;
  /** The lab API's per-learner request allowance. */
  limiter: RateLimiter;
  /** New sessions, resets and imports per address (KUBELAB_*_PER_* settings). */
  limits: PortalLimits;
  /** Open event streams, per holder and in all. */
  streamSlots: StreamSlots;
  /** The terminal's kubectl runs, per learner and in all. */
  runSlots: RunSlots;
  /** What every terminal kubectl run shares: the process that forks it, the host's turns, the discovery cache. */
  kubectl: { spawner: KubectlSpawner; budget: KubectlHostBudget; discovery: DiscoveryTemplate };
  /** "Something about this learner changed", for the class board and the notice streams. */
  signals: LearnerSignals;
  /** Wrong join and recovery codes per address. */
  guesses: CodeGuessLimits;
}

const KEY = Symbol.for('kubelab.portalContext');
type Bridge = Record<symbol, PortalContext | undefined>;

/** server.ts (or a test's harness) calls this once its context is built; a later call replaces it. */
export function registerPortalContext(ctx: PortalContext): void {
  (globalThis as Bridge)[KEY] = ctx;
}

/** Forgets the registered context (a test harness closing). */
export function unregisterPortalContext(): void {
  delete (globalThis as Bridge)[KEY];
}

/** The registered context; 503 NoSandbox when this process was not started by server.ts. */
export function portalContext(): PortalContext {
  const ctx = (globalThis as Bridge)[KEY];
  if (!ctx) throw new NoSandboxError();
  return ctx;
}
