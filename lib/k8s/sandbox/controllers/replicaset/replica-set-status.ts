/**
 * ReplicaSet status from its active pods (pkg/controller/replicaset/replica_set_utils.go
 * calculateStatus, updateReplicaSetStatus). Zero counts are omitted as the Go types'
 * omitempty does, except `replicas`, which is always written.
 */
import type { KubeObject } from '../../types';
import { isPodAvailable, isPodReady } from '../../core/pod-state';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export interface ReplicaSetStatusInput {
  rs: KubeObject;
  /** The RS's active pods (claimed, not terminal, not being deleted). */
  pods: KubeObject[];
  /** The error manageReplicas returned this sync, if any. */
  manageError?: Error;
  nowMs: number;
  nowIso: string;
}

interface RsSpecView {
  replicas?: number;
  minReadySeconds?: number;
  template?: { metadata?: { labels?: Record<string, string> } };
}

function labelsContain(labels: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => labels?.[k] === v);
}

export function calculateReplicaSetStatus({ rs, pods, manageError, nowMs, nowIso }: ReplicaSetStatusInput): ReplicaSetStatus {
  const spec = (rs.spec ?? {}) as RsSpecView;
  const current = (rs.status ?? {}) as Partial<ReplicaSetStatus>;
  const templateLabels = spec.template?.metadata?.labels ?? {};
  const minReady = spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (labelsContain(pod.metadata.labels, templateLabels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }

  let conditions = [...(current.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError && !failure) {
    const diff = pods.length - (spec.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : undefined;
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: nowIso, ...(reason ? { reason } : {}), message: manageError.message });
  } else if (!manageError && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }

  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (conditions.length) status.conditions = conditions;
  return status;
}
