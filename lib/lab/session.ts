/**
 * A lab request's learner and cluster: the cookie the first page response issued names the
 * learner (their row is made on their first write), the learners' table names their cluster, and the sandbox host gives
 * its URL and token. Every route goes through here, so a learner reaches only their own cluster.
 */
import type * as k8s from '@kubernetes/client-node';
import { ensureCluster, resetCluster, type ClusterProvider } from '../learners/clusters';
import type { Learner } from '../learners/identity';
import { requestClientAddress } from '../http/client-address';
import { writingLearner } from '../http/learner-request';
import { TooManyNewSessionsError, TooManyResetsError } from '../http/limit-errors';
import { newClusterId, shardKeyOfCookieHeader } from '../http/shard-key';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { portalContext, type PortalContext } from '../portal/context';
import { RateLimitedError } from './errors';
import { withCapacityErrorsAsync } from './class-full';
import type { ClusterHandle } from './cluster-handle';
import { classOfLearner, classRequired } from '../classes/classes';
import { ClassRequiredError } from '../classes/errors';

export interface LabSession {
  learner: Learner;
  clusterId: string;
  namespace: string;
  kc: k8s.KubeConfig;
  /** The cluster's operations outside the Kubernetes API (clock, nodes, checks), wherever it runs. */
  cluster: ClusterHandle;
  /** The server URL a learner's own kubectl uses (token in the path). */
  serverUrl(base: string): string;
  token: string;
  /** Set once after the cluster woke from sleep: how long its clock was paused (openSession only). */
  pausedSeconds?: number;
}

/**
 * Clusters may sleep: existing is kept by the host (awake or asleep), not loaded; a full class
 * refuses with its sentence. A new cluster's id carries the shard key of the request's learner
 * cookie, so an ingress routes the learner's kubectl to the shard of their pages (http/shard-key.ts).
 */
function provider(ctx: PortalContext, req: Request): ClusterProvider {
  return {
    exists: (id) => ctx.host.has(id),
    create: async () => (await withCapacityErrorsAsync(() => ctx.host.createCluster({ workers: 3, id: newClusterId(shardKeyOfCookieHeader(req.headers.get('cookie'))) }))).id,
    remove: (id) => ctx.host.deleteCluster(id),
  };
}

/**
 * Wakes the learner's cluster if it sleeps (on the worker it lives on); a full class refuses with
 * its sentence. wake false: the route's own call wakes it (an operation, a hold), so the record
 * is read here without a call to the worker, and a full class refuses at that call instead.
 */
async function sessionFor(ctx: PortalContext, learner: Learner, clusterId: string, wake = true): Promise<LabSession> {
  const record = (!wake && ctx.host.record(clusterId)) || (await withCapacityErrorsAsync(() => ctx.host.wake(clusterId)));
  return {
    learner,
    clusterId,
    namespace: 'default',
    // In process: the same Kubernetes API requests, without a loopback connection each.
    kc: clientKubeConfig({ server: ctx.host.serverURL(ctx.internalBase, clusterId), token: record.token }, 'kubelab', { dispatcher: ctx.sandboxDispatcher }),
    cluster: ctx.cluster(clusterId),
    serverUrl: (base) => ctx.host.serverURL(base, clusterId),
    token: record.token,
  };
}

/**
 * A cluster creation counts against the client address's allowance of new sessions (a learner's
 * first cluster, or one made again after it disappeared); reaching an existing cluster is free.
 */
function limitedCreation(ctx: PortalContext, p: ClusterProvider, req: Request): ClusterProvider {
  return {
    ...p,
    create: () => {
      const limits = ctx.limits;
      const wait = limits.newSessions.take(requestClientAddress(req));
      if (wait > 0) throw new TooManyNewSessionsError(wait, limits.settings.sessionsPerMinute);
      return p.create();
    },
  };
}

/** KUBELAB_REQUIRE_CLASS=1: a learner outside every class reads lessons but gets no cluster (403 saying how to join). */
function assertInClass(ctx: PortalContext, learner: Learner): void {
  if (classRequired() && !classOfLearner(ctx.db, learner.id)) throw new ClassRequiredError();
}

/**
 * For mutations and streams: the cookie must be one the portal issued (401 otherwise); rate
 * limited per learner. wake false for a route whose own call to the cluster wakes it (Apply,
 * Delete: a ClusterHandle operation; the stream: its hold), saving a call to the worker that a
 * busy class waits its turn for.
 */
export async function requireSession(req: Request, opts: { rateLimited?: boolean; wake?: boolean } = {}): Promise<LabSession> {
  const ctx = portalContext();
  const learner = writingLearner(req, ctx.db);
  assertInClass(ctx, learner);
  if (opts.rateLimited !== false) {
    const wait = ctx.limiter.take(learner.id);
    if (wait > 0) throw new RateLimitedError(wait);
  }
  return sessionFor(ctx, learner, await ensureCluster(ctx.db, learner.id, limitedCreation(ctx, provider(ctx, req), req)), opts.wake !== false);
}

/**
 * The bench's first call: the learner's cluster, made if needed. The cookie was issued with the
 * page; a request without one is refused (401), never given a new learner.
 */
export async function openSession(req: Request): Promise<{ session: LabSession }> {
  const ctx = portalContext();
  const learner = writingLearner(req, ctx.db);
  assertInClass(ctx, learner);
  const session = await sessionFor(ctx, learner, await ensureCluster(ctx.db, learner.id, limitedCreation(ctx, provider(ctx, req), req)));
  session.pausedSeconds = await ctx.host.takePausedSeconds(session.clusterId);
  return { session };
}

export async function resetSession(req: Request): Promise<LabSession> {
  const ctx = portalContext();
  const learner = writingLearner(req, ctx.db);
  assertInClass(ctx, learner);
  const limits = ctx.limits;
  const wait = limits.resets.take(learner.id);
  if (wait > 0) throw new TooManyResetsError(wait, limits.settings.resetsPerMinute);
  return sessionFor(ctx, learner, await resetCluster(ctx.db, learner.id, provider(ctx, req)));
}
