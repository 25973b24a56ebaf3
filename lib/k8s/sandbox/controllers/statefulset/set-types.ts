/**
 * The parts of apps/v1 StatefulSet the controller reads, as typed views over the plain JSON
 * objects the store holds. Admission has already defaulted them (workload-defaults.ts), but
 * the accessors still fall back to the API defaults so a half-written object cannot crash a sync.
 */
import type { KubeObject } from '../../types';
import type { MetaLabelSelector } from '../../store/label-selector';

export type RetentionPolicyType = 'Retain' | 'Delete';

export interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown> & { volumes?: PodVolume[] };
}

export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [source: string]: unknown;
}

export interface StatefulSetSpec {
  replicas?: number;
  selector?: MetaLabelSelector;
  serviceName?: string;
  template?: PodTemplate;
  volumeClaimTemplates?: ClaimTemplate[];
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  ordinals?: { start?: number };
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: RetentionPolicyType; whenScaled?: RetentionPolicyType };
}

/** apps/v1 StatefulSetStatus; zero values are dropped on write as Go's omitempty does. */
export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

export function setSpec(set: KubeObject): StatefulSetSpec {
  return (set.spec ?? {}) as StatefulSetSpec;
}

export function setStatus(set: KubeObject): Partial<StatefulSetStatus> {
  return (set.status ?? {}) as Partial<StatefulSetStatus>;
}

export function replicasOf(set: KubeObject): number {
  return setSpec(set).replicas ?? 1;
}

export function minReadySecondsOf(set: KubeObject): number {
  return setSpec(set).minReadySeconds ?? 0;
}

/** Parallel pod management lets the controller create and delete without waiting ("burst"). */
export function allowsBurst(set: KubeObject): boolean {
  return setSpec(set).podManagementPolicy === 'Parallel';
}

/** stateful_set_utils.go getPersistentVolumeClaimRetentionPolicy: Retain/Retain unless set. */
export function retentionPolicyOf(set: KubeObject): { whenDeleted: RetentionPolicyType; whenScaled: RetentionPolicyType } {
  const p = setSpec(set).persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}
