/**
 * The kinds whose schemas are generated (scripts/gen-k8s-schemas.ts) and served in OpenAPI,
 * with their REST shape. `batch` groups kinds generated in one ts-json-schema-generator call:
 * the generator shares definitions by short type name, so kinds whose helper types clash
 * (discovery's EndpointPort vs core's, events.k8s.io's Event vs core's) get their own call.
 */
export interface KindRef {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  subresources: ('status' | 'scale')[];
  module: string; // the kubernetes-types module declaring it, e.g. 'core/v1'
  batch: number;
}

type Row = [kind: string, plural: string, namespaced: boolean, subresources?: ('status' | 'scale')[]];

function rows(group: string, version: string, module: string, list: Row[], batch = 0): KindRef[] {
  return list.map(([kind, plural, namespaced, subresources = []]) => ({ group, version, kind, plural, namespaced, subresources, module, batch }));
}

export const KINDS: KindRef[] = [
  ...rows('', 'v1', 'core/v1', [
    ['Namespace', 'namespaces', false, ['status']],
    ['Node', 'nodes', false, ['status']],
    ['Pod', 'pods', true, ['status']],
    ['Service', 'services', true, ['status']],
    ['Endpoints', 'endpoints', true],
    ['ConfigMap', 'configmaps', true],
    ['Secret', 'secrets', true],
    ['ServiceAccount', 'serviceaccounts', true],
    ['PersistentVolumeClaim', 'persistentvolumeclaims', true, ['status']],
    ['PersistentVolume', 'persistentvolumes', false, ['status']],
    ['Event', 'events', true],
    ['ResourceQuota', 'resourcequotas', true, ['status']],
    ['LimitRange', 'limitranges', true],
  ]),
  ...rows('apps', 'v1', 'apps/v1', [
    ['Deployment', 'deployments', true, ['status', 'scale']],
    ['ReplicaSet', 'replicasets', true, ['status', 'scale']],
    ['StatefulSet', 'statefulsets', true, ['status', 'scale']],
    ['DaemonSet', 'daemonsets', true, ['status']],
    ['ControllerRevision', 'controllerrevisions', true],
  ]),
  ...rows('batch', 'v1', 'batch/v1', [
    ['Job', 'jobs', true, ['status']],
    ['CronJob', 'cronjobs', true, ['status']],
  ]),
  ...rows('scheduling.k8s.io', 'v1', 'scheduling/v1', [['PriorityClass', 'priorityclasses', false]]),
  ...rows('storage.k8s.io', 'v1', 'storage/v1', [['StorageClass', 'storageclasses', false]]),
  ...rows('policy', 'v1', 'policy/v1', [['PodDisruptionBudget', 'poddisruptionbudgets', true, ['status']]]),
  ...rows('coordination.k8s.io', 'v1', 'coordination/v1', [['Lease', 'leases', true]]),
  ...rows('discovery.k8s.io', 'v1', 'discovery/v1', [['EndpointSlice', 'endpointslices', true]], 1),
  ...rows('events.k8s.io', 'v1', 'events/v1', [['Event', 'events', true]], 2),
];

/** 'api/v1' or 'apis/apps/v1': the path segment of a group-version. */
export function groupVersionPath(k: { group: string; version: string }): string {
  return k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`;
}

export function apiVersionOf(k: { group: string; version: string }): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** The Kubernetes name of a kubernetes-types module's types: 'apps/v1' -> 'io.k8s.api.apps.v1'. */
export function k8sPackageOf(module: string): string {
  if (module === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (module === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (module === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (module === 'version') return 'io.k8s.apimachinery.pkg.version';
  return `io.k8s.api.${module.replace('/', '.')}`;
}

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
