/** Typed views of core/v1 PersistentVolume(Claim) and storage/v1 StorageClass fields used here. */
import type { KubeObject } from '../../types';
import type { MetaLabelSelector } from '../../store/label-selector';

export interface ClaimRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
  matchFields?: { key: string; operator: string; values?: string[] }[];
}

export interface VolumeSpec {
  capacity?: { storage?: string };
  accessModes?: string[];
  claimRef?: ClaimRef;
  storageClassName?: string;
  persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
  volumeMode?: string;
  nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
}

export interface ClaimSpec {
  accessModes?: string[];
  resources?: { requests?: { storage?: string } };
  storageClassName?: string;
  volumeName?: string;
  volumeMode?: string;
  selector?: MetaLabelSelector;
}

export const volumeSpec = (pv: KubeObject) => (pv.spec ?? {}) as VolumeSpec;
export const claimSpec = (pvc: KubeObject) => (pvc.spec ?? {}) as ClaimSpec;
export const phaseOf = (obj: KubeObject) => (obj.status as { phase?: string } | undefined)?.phase ?? '';

/** GetPersistentVolumeClaimClass: spec.storageClassName, or the beta annotation, or "". */
export function claimClass(pvc: KubeObject): string {
  return pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? claimSpec(pvc).storageClassName ?? '';
}

export function volumeClass(pv: KubeObject): string {
  return pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? volumeSpec(pv).storageClassName ?? '';
}

/** IsVolumeBoundToClaim: the claimRef names this claim (and its uid, when the ref has one). */
export function isVolumeBoundToClaim(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = volumeSpec(pv).claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}
