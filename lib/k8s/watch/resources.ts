/** The resources the lab bench watches, with their list paths (namespace `default` unless cluster-scoped). */
export interface WatchedResource {
  /** The key the browser's state uses. */
  key: WatchKey;
  apiVersion: string;
  kind: string;
  /** Path of the collection, `{ns}` replaced by the learner's namespace. */
  path: string;
  namespaced: boolean;
}

export type WatchKey = 'nodes' | 'pods' | 'deployments' | 'replicasets' | 'statefulsets' | 'daemonsets' | 'jobs' | 'cronjobs' | 'persistentvolumeclaims' | 'services' | 'events';

export const WATCHED: WatchedResource[] = [
  { key: 'nodes', apiVersion: 'v1', kind: 'Node', path: '/api/v1/nodes', namespaced: false },
  { key: 'pods', apiVersion: 'v1', kind: 'Pod', path: '/api/v1/namespaces/{ns}/pods', namespaced: true },
  { key: 'deployments', apiVersion: 'apps/v1', kind: 'Deployment', path: '/apis/apps/v1/namespaces/{ns}/deployments', namespaced: true },
  { key: 'replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet', path: '/apis/apps/v1/namespaces/{ns}/replicasets', namespaced: true },
  { key: 'statefulsets', apiVersion: 'apps/v1', kind: 'StatefulSet', path: '/apis/apps/v1/namespaces/{ns}/statefulsets', namespaced: true },
  { key: 'daemonsets', apiVersion: 'apps/v1', kind: 'DaemonSet', path: '/apis/apps/v1/namespaces/{ns}/daemonsets', namespaced: true },
  { key: 'jobs', apiVersion: 'batch/v1', kind: 'Job', path: '/apis/batch/v1/namespaces/{ns}/jobs', namespaced: true },
  { key: 'cronjobs', apiVersion: 'batch/v1', kind: 'CronJob', path: '/apis/batch/v1/namespaces/{ns}/cronjobs', namespaced: true },
  { key: 'persistentvolumeclaims', apiVersion: 'v1', kind: 'PersistentVolumeClaim', path: '/api/v1/namespaces/{ns}/persistentvolumeclaims', namespaced: true },
  { key: 'services', apiVersion: 'v1', kind: 'Service', path: '/api/v1/namespaces/{ns}/services', namespaced: true },
  { key: 'events', apiVersion: 'v1', kind: 'Event', path: '/api/v1/namespaces/{ns}/events', namespaced: true },
];
