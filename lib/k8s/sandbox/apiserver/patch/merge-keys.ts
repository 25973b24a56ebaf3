/**
 * Which fields of the Kubernetes API types carry a patch strategy, from the struct tags
 * (`patchStrategy:"merge" patchMergeKey:"..."`, `patchStrategy:"retainKeys"`) in
 * k8s.io/api core/v1, apps/v1, batch/v1 and meta/v1 types.go. A field absent here is atomic
 * (lists replaced whole, e.g. tolerations, node taints, volumeClaimTemplates) or a plain map.
 * `type` names the field's own type (for lists: the element type) so walks can descend.
 */
import type { Gvk } from './gvk';

export interface FieldStrategy {
  type?: string;
  /** List merged by this key; '' for a primitive list merged as a set (finalizers). */
  mergeKey?: string;
  retainKeys?: boolean;
}

export type TypeTree = Record<string, Record<string, FieldStrategy>>;

export const TYPES: TypeTree = {
  ObjectMeta: { finalizers: { mergeKey: '' }, ownerReferences: { mergeKey: 'uid' } },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    containers: { type: 'Container', mergeKey: 'name' },
    initContainers: { type: 'Container', mergeKey: 'name' },
    ephemeralContainers: { type: 'Container', mergeKey: 'name' },
    // Volume embeds VolumeSource with patchStrategy:"retainKeys": kubectl sends $retainKeys.
    volumes: { mergeKey: 'name', retainKeys: true },
    imagePullSecrets: { mergeKey: 'name' },
    hostAliases: { mergeKey: 'ip' },
    resourceClaims: { mergeKey: 'name', retainKeys: true },
    schedulingGates: { mergeKey: 'name' },
    topologySpreadConstraints: { mergeKey: 'topologyKey' },
  },
  Container: {
    env: { mergeKey: 'name' },
    ports: { mergeKey: 'containerPort' },
    volumeMounts: { mergeKey: 'mountPath' },
    volumeDevices: { mergeKey: 'devicePath' },
  },
  PodStatus: {
    conditions: { mergeKey: 'type' },
    podIPs: { mergeKey: 'ip' },
    hostIPs: { mergeKey: 'ip' },
    resourceClaimStatuses: { mergeKey: 'name', retainKeys: true },
  },
  // Only reached through a list merged by key; PodStatus's container statuses are atomic.
  ContainerStatus: { volumeMounts: { mergeKey: 'mountPath' } },
  ServiceStatus: { conditions: { mergeKey: 'type' } },
  PodDisruptionBudgetStatus: { conditions: { mergeKey: 'type' } },
  // A ServiceAccount's top-level secrets list (no spec): merged by name.
  ServiceAccount: { secrets: { mergeKey: 'name' } },
  ServiceSpec: { ports: { mergeKey: 'port' } },
  NodeSpec: { podCIDRs: { mergeKey: '' } },
  NodeStatus: { conditions: { mergeKey: 'type' }, addresses: { mergeKey: 'type' } },
  DeploymentSpec: { template: { type: 'PodTemplateSpec' }, strategy: { retainKeys: true } },
  StatefulSetSpec: { template: { type: 'PodTemplateSpec' } },
  DaemonSetSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicaSetSpec: { template: { type: 'PodTemplateSpec' } },
  JobSpec: { template: { type: 'PodTemplateSpec' } },
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'JobSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  WorkloadStatus: { conditions: { mergeKey: 'type' } },
  NamespaceStatus: { conditions: { mergeKey: 'type' } },
  PersistentVolumeClaimStatus: { conditions: { mergeKey: 'type' } },
};

const SPEC_STATUS: Record<string, [string | undefined, string | undefined]> = {
  Pod: ['PodSpec', 'PodStatus'],
  Service: ['ServiceSpec', 'ServiceStatus'],
  PodDisruptionBudget: [undefined, 'PodDisruptionBudgetStatus'],
  Node: ['NodeSpec', 'NodeStatus'],
  Namespace: [undefined, 'NamespaceStatus'],
  PersistentVolumeClaim: [undefined, 'PersistentVolumeClaimStatus'],
  Deployment: ['DeploymentSpec', 'WorkloadStatus'],
  StatefulSet: ['StatefulSetSpec', 'WorkloadStatus'],
  DaemonSet: ['DaemonSetSpec', 'WorkloadStatus'],
  ReplicaSet: ['ReplicaSetSpec', 'WorkloadStatus'],
  Job: ['JobSpec', 'WorkloadStatus'],
  CronJob: ['CronJobSpec', undefined],
};

/** The top-level fields of a kind; every kind has ObjectMeta. */
/** Built once per kind: every write asks (frozen, as every caller only reads it). */
const rootFieldsByKind = new Map<string, Readonly<Record<string, FieldStrategy>>>();

export function rootFields(gvk: Gvk): Record<string, FieldStrategy> {
  let fields = rootFieldsByKind.get(gvk.kind);
  if (!fields) rootFieldsByKind.set(gvk.kind, (fields = Object.freeze(buildRootFields(gvk))));
  return fields as Record<string, FieldStrategy>;
}

function buildRootFields(gvk: Gvk): Record<string, FieldStrategy> {
  const [spec, status] = SPEC_STATUS[gvk.kind] ?? [undefined, undefined];
  const fields: Record<string, FieldStrategy> = { metadata: { type: 'ObjectMeta' } };
  if (spec) fields.spec = { type: spec };
  if (status) fields.status = { type: status };
  if (gvk.kind === 'PodTemplate') fields.template = { type: 'PodTemplateSpec' };
  if (gvk.kind === 'ServiceAccount') Object.assign(fields, TYPES.ServiceAccount);
  return fields;
}

export function fieldsOf(type: string | undefined): Record<string, FieldStrategy> {
  return (type && TYPES[type]) || {};
}
