/** Fixtures for the endpoint controller tests: pods and Services, and a kubelet stand-in that gives each pod its own IP. */
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { setPodStatus, type PodOutcome } from '../../testing/pod-status';
import type { SimCluster } from '../../testing/sim-cluster';

export function pod(name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }], ...spec },
  };
}

export function service(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, ...(labels ? { labels } : {}) }, spec };
}

/** setPodStatus, then the pod's own IP (the stand-in gives every pod the same one). */
export function runPod(sim: SimCluster, name: string, ip: string, outcome: PodOutcome): KubeObject {
  const p = setPodStatus(sim, name, outcome);
  return sim.client.updateStatus({ ...p, status: { ...(p.status as object), podIP: ip, podIPs: [{ ip }] } });
}

export const endpointsOf = (sim: SimCluster, name: string) => sim.get(GR.endpoints, 'default', name);
export const slicesOf = (sim: SimCluster, name: string) => sim.list(GR.endpointslices, { namespace: 'default', labelSelector: `kubernetes.io/service-name=${name}` });
