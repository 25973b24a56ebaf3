/**
 * A lab request's learner and cluster: the cookie names the learner (created on first visit
 * by /api/lab/session), the learners' table names their cluster, and the sandbox host gives
 * its URL and token. Every route goes through here, so a learner reaches only their own cluster.
 */
import type * as k8s from '@kubernetes/client-node';
import { ensureCluster, resetCluster, type ClusterProvider } from '../learners/clusters';
import { LEARNER_COOKIE, learnerCookie, learnerFor, newLearnerSecret, type Learner } from '../learners/identity';
import { kubeConfigFor } from '../k8s/client/kubeconfig';
import type { Cluster } from '../k8s/sandbox/cluster';
import { labContext, type LabContext } from './context';
import { NoLearnerError, RateLimitedError } from './errors';
import { cookieValue } from './request';

export interface LabSession {
  learner: Learner;
  clusterId: string;
  namespace: string;
  kc: k8s.KubeConfig;
  /** The sandbox cluster object, for operations outside the Kubernetes API (clock, nodes). */
  cluster: Cluster;
  /** The server URL a learner's own kubectl uses (token in the path). */
  serverUrl(base: string): string;
  token: string;
}

function provider(ctx: LabContext): ClusterProvider {
  return {
    exists: (id) => Boolean(ctx.host.getCluster(id)),
    create: () => ctx.host.createCluster({ workers: 3 }).record.id,
    remove: (id) => ctx.host.deleteCluster(id),
  };
}

function sessionFor(ctx: LabContext, learner: Learner, clusterId: string): LabSession {
  const entry = ctx.host.getCluster(clusterId)!;
  return {
    learner,
    clusterId,
    namespace: 'default',
    kc: kubeConfigFor({ server: ctx.host.serverURL(ctx.internalBase, clusterId), token: entry.record.token }),
    cluster: entry.cluster,
    serverUrl: (base) => ctx.host.serverURL(base, clusterId),
    token: entry.record.token,
  };
}

/** For mutations and streams: the learner must exist; rate limited per learner. */
export function requireSession(req: Request, opts: { rateLimited?: boolean } = {}): LabSession {
  const ctx = labContext();
  const learner = learnerFor(ctx.db, cookieValue(req, LEARNER_COOKIE));
  if (!learner) throw new NoLearnerError();
  if (opts.rateLimited !== false) {
    const wait = ctx.limiter.take(learner.id);
    if (wait > 0) throw new RateLimitedError(wait);
  }
  return sessionFor(ctx, learner, ensureCluster(ctx.db, learner.id, provider(ctx)));
}

/** The bench's first call: creates the learner (and the cookie) and their cluster if needed. */
export function openSession(req: Request): { session: LabSession; setCookie?: string } {
  const ctx = labContext();
  let secret = cookieValue(req, LEARNER_COOKIE);
  let learner = learnerFor(ctx.db, secret);
  let setCookie: string | undefined;
  if (!learner) {
    secret = newLearnerSecret();
    learner = learnerFor(ctx.db, secret)!;
    setCookie = learnerCookie(secret, new URL(req.url).protocol === 'https:');
  }
  return { session: sessionFor(ctx, learner, ensureCluster(ctx.db, learner.id, provider(ctx))), setCookie };
}

export function resetSession(req: Request): LabSession {
  const ctx = labContext();
  const learner = learnerFor(ctx.db, cookieValue(req, LEARNER_COOKIE));
  if (!learner) throw new NoLearnerError();
  return sessionFor(ctx, learner, resetCluster(ctx.db, learner.id, provider(ctx)));
}
