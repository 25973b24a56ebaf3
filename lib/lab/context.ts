/**
 * Builds the portal's context (lib/portal/context.ts): server.ts calls buildPortalContext once
 * and registers what it returns; a test builds its own. Also where learner data and sandbox
 * clusters are kept.
 */
import path from 'node:path';
import { openLearnerDb, type LearnerDb } from '../learners/db';
import { learnerCookieKey } from '../learners/identity';
import { SandboxHost, LocalSandboxFront, type SandboxFront } from '../k8s/sandbox';
import { InProcessDispatcher } from '../k8s/client/in-process';
import { PortalLimits, limitSettings } from '../http/portal-limits';
import type { Env } from '../http/secure-cookie';
import { StreamSlots } from '../http/stream-slots';
import { LearnerSignals } from '../classes/signals';
import { newCodeGuessLimits } from '../classes/guess-limit';
import type { PortalContext } from '../portal/context';
import { RateLimiter } from './rate-limit';
import { RunSlots } from './kubectl/slots';
import { KubectlSpawner } from './kubectl/spawner';
import { KubectlHostBudget } from './kubectl/host-budget';
import { DiscoveryTemplate } from './kubectl/discovery-cache';
import { clusterOperations } from './cluster-operations';
import { clusterStreams } from './cluster-streams';
import { ClusterHandle } from './cluster-handle';

/** Where learner data and sandbox clusters are kept (KUBELAB_DATA_DIR, default ./.data). */
export function dataDirectory(): string {
  return path.resolve(process.env.KUBELAB_DATA_DIR ?? './.data');
}

export interface PortalContextOptions {
  /** The sandbox front; a SandboxHost alone (tests, benches that embed a host) is served in this thread with the portal's operations. */
  host: SandboxFront | SandboxHost;
  /** http://127.0.0.1:<port>: where this process's sandbox API answers. */
  internalBase: string;
  /** Default: dataDirectory(). */
  dataDir?: string;
  /** The limit settings' environment (default process.env): a malformed setting throws here. */
  env?: Env;
  /** Default: the learners' database in dataDir. */
  db?: LearnerDb;
}

export function buildPortalContext(opts: PortalContextOptions): PortalContext {
  const dataDir = opts.dataDir ?? dataDirectory();
  const host = opts.host instanceof SandboxHost ? new LocalSandboxFront(opts.host, clusterOperations, clusterStreams) : opts.host;
  const limits = new PortalLimits(limitSettings(opts.env ?? process.env));
  return {
    db: opts.db ?? openLearnerDb(dataDir),
    cookieKey: learnerCookieKey(dataDir),
    host,
    internalBase: opts.internalBase,
    sandboxDispatcher: new InProcessDispatcher((req, res) => host.handleRequest(req, res)),
    cluster: (id) => new ClusterHandle(host, id),
    limiter: new RateLimiter(60, 10),
    limits,
    streamSlots: new StreamSlots(),
    runSlots: new RunSlots(),
    kubectl: { spawner: new KubectlSpawner(), budget: new KubectlHostBudget(), discovery: new DiscoveryTemplate(path.join(dataDir, 'kubectl-discovery')) },
    signals: new LearnerSignals(),
    guesses: newCodeGuessLimits(),
  };
}
