/**
 * The kinds whose schemas are generated (scripts/gen-k8s-schemas.ts). Names must be unique
 * across groups because the generator shares definitions by type name (EndpointSlice is left
 * out: its EndpointPort clashes with core/v1's).
 */
export interface KindRef {
  group: string;
  version: string;
  kind: string;
  module: string; // the kubernetes-types module declaring it
}

const core = (kind: string): KindRef => ({ group: '', version: 'v1', kind, module: 'kubernetes-types/core/v1' });
const apps = (kind: string): KindRef => ({ group: 'apps', version: 'v1', kind, module: 'kubernetes-types/apps/v1' });
const batch = (kind: string): KindRef => ({ group: 'batch', version: 'v1', kind, module: 'kubernetes-types/batch/v1' });

export const KINDS: KindRef[] = [
  ...['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'ResourceQuota', 'LimitRange'].map(core),
  ...['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'].map(apps),
  ...['Job', 'CronJob'].map(batch),
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', module: 'kubernetes-types/scheduling/v1' },
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', module: 'kubernetes-types/storage/v1' },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', module: 'kubernetes-types/policy/v1' },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', module: 'kubernetes-types/coordination/v1' },
];
