/** The parts of apps/v1 Deployment and ReplicaSet the Deployment controller reads and writes. */
import type { KubeObject } from '../../types';
import type { MetaLabelSelector } from '../../store/label-selector';

export type IntOrString = number | string;

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
}

export interface DeploymentSpec {
  replicas?: number;
  selector?: MetaLabelSelector;
  template?: PodTemplate;
  strategy?: { type?: 'RollingUpdate' | 'Recreate'; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface ReplicaSetSpecView {
  replicas?: number;
  minReadySeconds?: number;
  selector?: MetaLabelSelector;
  template?: PodTemplate;
}

export interface ReplicaSetStatusView {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[];
}

export const specOf = (d: KubeObject): DeploymentSpec => (d.spec ?? {}) as DeploymentSpec;
export const statusOf = (d: KubeObject): DeploymentStatus => (d.status ?? {}) as DeploymentStatus;
export const rsSpec = (rs: KubeObject): ReplicaSetSpecView => (rs.spec ?? {}) as ReplicaSetSpecView;
export const rsStatus = (rs: KubeObject): ReplicaSetStatusView => (rs.status ?? {}) as ReplicaSetStatusView;
/** spec.replicas, which admission defaults to 1. */
export const replicasOf = (o: KubeObject): number => ((o.spec as { replicas?: number } | undefined)?.replicas ?? 1);
