/**
 * The metrics.k8s.io/v1beta1 paths metrics-server serves through the aggregator, answered from
 * the cluster's simulated usage (kubelet/metrics.ts): `kubectl top nodes|pods` read them.
 */
import { errors, StatusError } from '../errors';

type Obj = Record<string, unknown>;

export interface MetricsProvider {
  podMetrics(namespace: string | undefined, labelSelector?: string): Obj[];
  nodeMetrics(labelSelector?: string): Obj[];
}

export const METRICS_GROUP = {
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};

const METRICS_PATH = /^\/apis\/metrics\.k8s\.io\/v1beta1\/(?:nodes(?:\/([^/]+))?|pods|namespaces\/([^/]+)\/pods(?:\/([^/]+))?)\/?$/;

export function isMetricsPath(path: string): boolean {
  return METRICS_PATH.test(path);
}

/** The body for a metrics GET; throws the API's Status errors (NotFound, MethodNotAllowed, 503 without a runtime). */
export function answerMetrics(path: string, method: string, query: URLSearchParams, provider: MetricsProvider | undefined): Obj {
  const m = METRICS_PATH.exec(path);
  if (!m) throw errors.notFound('', '', path);
  if (method !== 'GET') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  if (!provider) throw new StatusError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
  const selector = query.get('labelSelector') ?? undefined;
  const list = (kind: string, items: Obj[]) => ({ kind, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  if (path.includes('/nodes')) {
    const nodes = provider.nodeMetrics(m[1] ? undefined : selector);
    if (!m[1]) return list('NodeMetricsList', nodes);
    const one = nodes.find((n) => (n.metadata as Obj).name === decodeURIComponent(m[1]));
    if (!one) throw errors.notFound('nodes', 'metrics.k8s.io', decodeURIComponent(m[1]));
    return one;
  }
  const namespace = m[2] ? decodeURIComponent(m[2]) : undefined;
  const pods = provider.podMetrics(namespace, m[3] ? undefined : selector);
  if (!m[3]) return list('PodMetricsList', pods);
  const one = pods.find((p) => (p.metadata as Obj).name === decodeURIComponent(m[3]));
  if (!one) throw errors.notFound('pods', 'metrics.k8s.io', decodeURIComponent(m[3]));
  return one;
}
