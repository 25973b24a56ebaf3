/**
 * The class routes' side of the portal process: who is an instructor (the session cookie,
 * checked on every instructor route, and same-origin for writes), a learner's cluster as the
 * instructor may see it (read-only, server-side: the instructor's browser never holds the
 * learner's cookie or token), and the instructor's help (reset, hint).
 */
import type * as k8s from '@kubernetes/client-node';
import { GR } from '../k8s/sandbox/controllers/framework/client';
import { kubeConfigFor } from '../k8s/client/kubeconfig';
import type { Cluster } from '../k8s/sandbox/cluster';
import { labContext, type LabContext } from '../lab/context';
import { withCapacityErrors } from '../lab/class-full';
import { assertSameOrigin, cookieValue } from '../lab/request';
import { clusterOf, resetCluster, type ClusterProvider } from '../learners/clusters';
import { INSTRUCTOR_COOKIE, isInstructorSession } from '../instructor/portal';
import { podHealth, type PodHealth } from '../instructor/pod-health';
import { classById, isMember, type ClassRecord } from './classes';
import { NotInClassError, NotInstructorError } from './errors';
import { addNotice, type Notice } from './notices';
import { signalLearner } from './signals';
import { LabError } from '../lab/errors';

/** Every instructor route starts here: the instructor session (401 otherwise); writes must also be same-origin. */
export function requireInstructor(req: Request, opts: { write?: boolean } = {}): LabContext {
  if (opts.write) assertSameOrigin(req);
  if (!isInstructorSession(cookieValue(req, INSTRUCTOR_COOKIE))) throw new NotInstructorError();
  return labContext();
}

/** The class and one of its learners, or 404: an instructor reaches learners through a class they see. */
export function classLearner(ctx: LabContext, classId: unknown, learnerId: unknown): { klass: ClassRecord; learnerId: string } {
  const klass = classById(ctx.db, typeof classId === 'string' ? classId : '');
  if (!isMember(ctx.db, klass.id, learnerId)) throw new NotInClassError(String(learnerId), klass.id);
  return { klass, learnerId };
}

/** Pods in trouble of an awake cluster; a sleeping one is not woken for the board. */
export function clusterHealth(ctx: LabContext, learnerId: string): PodHealth | undefined {
  const id = clusterOf(ctx.db, learnerId);
  const entry = id ? ctx.host.getCluster(id) : undefined;
  if (!entry) return undefined;
  return podHealth(entry.cluster.context.client.list(GR.pods), entry.cluster.clock.now());
}

export class NoClusterYetError extends LabError {
  constructor() {
    super(404, 'this learner has not opened a cluster yet; it appears once they open the lab bench', 'NoCluster');
    this.name = 'NoClusterYetError';
  }
}

/** The learner's cluster for reading: woken if it sleeps (like the learner's own next request), never created. */
export function inspectAccess(ctx: LabContext, learnerId: string): { clusterId: string; kc: k8s.KubeConfig; cluster: Cluster } {
  const clusterId = clusterOf(ctx.db, learnerId);
  if (!clusterId || !ctx.host.has(clusterId)) throw new NoClusterYetError();
  const entry = withCapacityErrors(() => ctx.host.wake(clusterId));
  return { clusterId, kc: kubeConfigFor({ server: ctx.host.serverURL(ctx.internalBase, clusterId), token: entry.record.token }), cluster: entry.cluster };
}

function provider(ctx: LabContext): ClusterProvider {
  return {
    exists: (id) => ctx.host.has(id),
    create: () => withCapacityErrors(() => ctx.host.createCluster({ workers: 3 }).record.id),
    remove: (id) => ctx.host.deleteCluster(id),
  };
}

export const RESET_NOTICE = 'Your instructor reset your cluster: it is a fresh one now.';

/** The instructor's reset: a fresh cluster for the learner, and a notice on their bench. */
export function resetLearnerCluster(ctx: LabContext, learnerId: string, now = new Date()): { clusterId: string; notice: Notice } {
  const clusterId = resetCluster(ctx.db, learnerId, provider(ctx), now);
  const notice = addNotice(ctx.db, learnerId, 'reset', RESET_NOTICE, now);
  signalLearner(learnerId);
  return { clusterId, notice };
}
