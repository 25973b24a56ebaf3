/**
 * policy/v1 Eviction honouring PodDisruptionBudgets, as upstream's EvictionREST.Create
 * (pkg/registry/core/pod/storage/eviction.go): a pod that is not running yet, has finished or is
 * already going is deleted at once; otherwise its one budget must allow a disruption, which the
 * eviction takes (disruptionsAllowed - 1, the pod recorded in status.disruptedPods so the
 * disruption controller does not count it healthy) before the pod is deleted.
 */
import { errors, StatusError } from '../errors';
import type { KubeObject } from '../types';
import { metaSelectorMatches } from '../store/label-selector';
import { disruptionAllowedCondition, type PdbCondition } from '../core/pdb-condition';
import { isPodReady } from '../core/pod-state';
import type { StorePort } from './ports';
import { GR } from '../registry/group-resources';

const PODS = GR.pods;
const PDBS = GR.pdbs;
/** MaxDisruptedPodSize upstream: evictions the controller has not caught up with yet. */
const MAX_DISRUPTED_PODS = 2000;
const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

type Obj = Record<string, unknown>;
interface PdbStatusView {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
  conditions?: PdbCondition[];
}

/** 429 with the DisruptionBudget cause, as createTooManyRequestsError / checkAndDecrement answer. */
function budgetViolation(causeMessage: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', VIOLATES, {
    ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
    causes: [{ reason: 'DisruptionBudget', message: causeMessage }],
  });
}

/** canIgnorePDB: pods that are pending, finished or already being deleted need no budget. */
function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = ((pod.status ?? {}) as Obj).phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || Boolean(pod.metadata.deletionTimestamp);
}

function budgetsOf(store: StorePort, pod: KubeObject): KubeObject[] {
  const all = store.peekList ? store.peekList(PDBS, { namespace: pod.metadata.namespace }) : store.list(PDBS, { namespace: pod.metadata.namespace }).items;
  return all.filter((pdb) => {
    const selector = (pdb.spec as Obj | undefined)?.selector as Parameters<typeof metaSelectorMatches>[0];
    return selector !== undefined && selector !== null && metaSelectorMatches(selector, pod.metadata.labels);
  });
}

export function handleEviction(store: StorePort, namespace: string, name: string, body: KubeObject, nowISO: string): void {
  if (body.kind !== 'Eviction') throw errors.badRequest('an Eviction body is required');
  const pod = store.get(PODS, namespace, name);
  if (!pod) throw errors.notFound('pods', '', name);
  if (!canIgnoreBudget(pod)) {
    const budgets = budgetsOf(store, pod);
    if (budgets.length > 1) throw errors.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    if (budgets.length === 1) takeDisruption(store, budgets[0], pod, nowISO);
  }
  store.delete(PODS, namespace, name);
}

/** The budget check of EvictionREST.Create and checkAndDecrement; writes the budget's status when it allows. */
function takeDisruption(store: StorePort, pdb: KubeObject, pod: KubeObject, nowISO: string): void {
  const status = (pdb.status ?? {}) as PdbStatusView;
  const policy = ((pdb.spec ?? {}) as Obj).unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
  if (!isPodReady(pod)) {
    // An unready pod does not count as healthy: evicting it costs the budget nothing.
    if (policy === 'AlwaysAllow') return;
    const desired = status.desiredHealthy ?? 0;
    if ((status.currentHealthy ?? 0) >= desired && desired > 0) return;
  }
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0) || status.disruptionsAllowed === undefined) {
    throw budgetViolation(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`, 10);
  }
  if (status.disruptionsAllowed < 0) throw errors.forbidden(`poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: pdb disruptions allowed is negative`);
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw errors.forbidden(`poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`);
  }
  if (status.disruptionsAllowed === 0) {
    throw budgetViolation(`The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`, 0);
  }
  const allowed = status.disruptionsAllowed - 1;
  const next: PdbStatusView = {
    ...status,
    disruptedPods: { ...(status.disruptedPods ?? {}), [pod.metadata.name!]: nowISO },
    disruptionsAllowed: allowed,
    conditions: allowed === 0 ? disruptionAllowedCondition(status.conditions, 0, status.observedGeneration, nowISO) : status.conditions,
  };
  store.update(PDBS, { ...pdb, status: next as unknown as KubeObject['status'] }, { subresource: 'status' });
}
