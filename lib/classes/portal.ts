/**
 * The class routes' side of the portal process: who is an instructor (the session cookie,
 * checked on every instructor route, and same-origin for writes), a learner's cluster as the
 * instructor may see it (read-only, server-side: the instructor's browser never holds the
 * learner's cookie or token), and the instructor's help (reset, hint).
 */
import type * as k8s from '@kubernetes/client-node';
import { clientKubeConfig } from '../k8s/client/kubeconfig';
import { portalContext, type PortalContext } from '../portal/context';
import { withCapacityErrorsAsync } from '../lab/class-full';
import { assertSameOrigin, cookieValue } from '../lab/request';
import { clusterOf, resetCluster, type ClusterProvider } from '../learners/clusters';
import { INSTRUCTOR_COOKIE, isInstructorSession } from '../instructor/portal';
import type { PodHealth } from '../instructor/pod-health';
import { classById, isMember, type ClassRecord } from './classes';
import { NotInClassError, NotInstructorError } from './errors';
import { addNotice, type Notice } from './notices';
import { LabError } from '../lab/errors';

/** Every instructor route starts here: the instructor session (401 otherwise); writes must also be same-origin. */
export function requireInstructor(req: Request, opts: { write?: boolean } = {}): PortalContext {
  if (opts.write) assertSameOrigin(req);
  if (!isInstructorSession(cookieValue(req, INSTRUCTOR_COOKIE))) throw new NotInstructorError();
  return portalContext();
}

/** The class and one of its learners, or 404: an instructor reaches learners through a class they see. */
export function classLearner(ctx: PortalContext, classId: unknown, learnerId: unknown): { klass: ClassRecord; learnerId: string } {
  const klass = classById(ctx.db, typeof classId === 'string' ? classId : '');
  if (!isMember(ctx.db, klass.id, learnerId)) throw new NotInClassError(String(learnerId), klass.id);
  return { klass, learnerId };
}

/** How old a cluster's pod health may be before the board asks its cluster again. */
export const CLUSTER_HEALTH_MAX_AGE_MS = 2000;

interface HealthSeen {
  at: number;
  health: PodHealth | undefined;
  asking?: Promise<void>;
}

/** Per sandbox front (one per process; a WeakMap so a test's front goes with its health). */
const healthSeen = new WeakMap<object, Map<string, HealthSeen>>();

function seenFor(ctx: PortalContext): Map<string, HealthSeen> {
  let seen = healthSeen.get(ctx.host);
  if (!seen) healthSeen.set(ctx.host, (seen = new Map()));
  return seen;
}

/** Asks the cluster (where it lives) for its pods' health; a sleeping cluster is not woken and has none. */
function askHealth(ctx: PortalContext, clusterId: string, now = Date.now()): Promise<void> {
  const seen = seenFor(ctx);
  const entry = seen.get(clusterId) ?? { at: 0, health: undefined };
  seen.set(clusterId, entry);
  entry.asking ??= ctx
    .cluster(clusterId)
    .podHealthIfAwake()
    .then(
      (health) => {
        entry.health = health;
        entry.at = now;
      },
      () => {
        entry.health = undefined;
        entry.at = now;
      },
    )
    .finally(() => (entry.asking = undefined));
  return entry.asking;
}

/**
 * Pods in trouble of an awake cluster, as last asked (the board polls: a value older than
 * CLUSTER_HEALTH_MAX_AGE_MS is asked again for its next poll); a sleeping one is not woken.
 */
export function clusterHealth(ctx: PortalContext, learnerId: string, now = Date.now()): PodHealth | undefined {
  const id = clusterOf(ctx.db, learnerId);
  if (!id || !ctx.host.has(id)) return undefined;
  const entry = seenFor(ctx).get(id);
  if (!entry || now - entry.at > CLUSTER_HEALTH_MAX_AGE_MS) void askHealth(ctx, id, now);
  return entry?.health;
}

/** Asks every learner's cluster now (a page or an export that shows health once), so clusterHealth answers fresh. */
export async function refreshClusterHealth(ctx: PortalContext, learnerIds: readonly string[]): Promise<void> {
  const ids = learnerIds.map((l) => clusterOf(ctx.db, l)).filter((id): id is string => id !== undefined && ctx.host.has(id));
  await Promise.all(ids.map((id) => askHealth(ctx, id)));
}

export class NoClusterYetError extends LabError {
  constructor() {
    super(404, 'this learner has not opened a cluster yet; it appears once they open the lab bench', 'NoCluster');
    this.name = 'NoClusterYetError';
  }
}

/** The learner's cluster for reading: woken if it sleeps (like the learner's own next request), never created. */
export async function inspectAccess(ctx: PortalContext, learnerId: string): Promise<{ clusterId: string; kc: k8s.KubeConfig }> {
  const clusterId = clusterOf(ctx.db, learnerId);
  if (!clusterId || !ctx.host.has(clusterId)) throw new NoClusterYetError();
  const record = await withCapacityErrorsAsync(() => ctx.host.wake(clusterId));
  // In process, without a loopback connection per request (the learner's session does the same).
  return { clusterId, kc: clientKubeConfig({ server: ctx.host.serverURL(ctx.internalBase, clusterId), token: record.token }, 'kubelab', { dispatcher: ctx.sandboxDispatcher }) };
}

function provider(ctx: PortalContext): ClusterProvider {
  return {
    exists: (id) => ctx.host.has(id),
    create: async () => (await withCapacityErrorsAsync(() => ctx.host.createCluster({ workers: 3 }))).id,
    remove: (id) => ctx.host.deleteCluster(id),
  };
}

export const RESET_NOTICE = 'Your instructor reset your cluster: it is a fresh one now.';

/** The instructor's reset: a fresh cluster for the learner, and a notice on their bench. */
export async function resetLearnerCluster(ctx: PortalContext, learnerId: string, now = new Date()): Promise<{ clusterId: string; notice: Notice }> {
  const clusterId = await resetCluster(ctx.db, learnerId, provider(ctx), now);
  const notice = addNotice(ctx.db, learnerId, 'reset', RESET_NOTICE, now);
  ctx.signals.signal(learnerId);
  return { clusterId, notice };
}
