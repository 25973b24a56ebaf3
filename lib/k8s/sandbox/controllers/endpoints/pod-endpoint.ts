/**
 * Which pods a Service's endpoints list, and how: the pure policy shared by the Endpoints and
 * EndpointSlice controllers (staging/src/k8s.io/endpointslice/util/controller_utils.go
 * ShouldPodBeInEndpoints, pkg/api/v1/pod/util.go FindPort, and the hostname rule of
 * pkg/controller/endpoint/endpoints_controller.go podToEndpointAddressForService).
 */
import type { KubeObject } from '../../types';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export interface ServiceSpecView {
  selector?: Record<string, string> | null;
  clusterIP?: string;
  ports?: ServicePort[];
  publishNotReadyAddresses?: boolean;
}

interface PodView {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
}

const view = (pod: KubeObject) => pod as unknown as PodView;

export function serviceSpec(svc: KubeObject): ServiceSpecView {
  return (svc.spec ?? {}) as ServiceSpecView;
}

export function isHeadless(svc: KubeObject): boolean {
  return serviceSpec(svc).clusterIP === 'None';
}

/** The Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: KubeObject): boolean {
  return view(pod).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

/**
 * ShouldPodBeInEndpoints: a pod needs an IP and must not have finished; a terminating pod is
 * listed only where the caller includes terminating endpoints (EndpointSlices always do,
 * Endpoints only with publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const status = view(pod).status;
  if (!status?.podIP) return false;
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;
  if (!includeTerminating && isTerminating(pod)) return false;
  return true;
}

export class PortNotFoundError extends Error {
  constructor(readonly pod: string, readonly targetPort: string) {
    super(`no suitable port for manifest: ${pod} (targetPort ${targetPort})`);
    this.name = 'PortNotFoundError';
  }
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up in the pod's
 * containers' ports with the same protocol. Throws PortNotFoundError when the name is unknown,
 * and the pod is then left out of that port's endpoints.
 */
export function findPort(pod: KubeObject, port: ServicePort): number {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of view(pod).spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  throw new PortNotFoundError(pod.metadata.name ?? '', target);
}

/** spec.hostname, when the pod's subdomain names this Service in the same namespace. */
export function endpointHostname(pod: KubeObject, svc: KubeObject): string | undefined {
  const spec = view(pod).spec;
  if (!spec?.hostname || !spec.subdomain) return undefined;
  if (spec.subdomain !== svc.metadata.name || pod.metadata.namespace !== svc.metadata.namespace) return undefined;
  return spec.hostname;
}

export function podIP(pod: KubeObject): string {
  return view(pod).status?.podIP ?? '';
}

export function podNodeName(pod: KubeObject): string | undefined {
  return view(pod).spec?.nodeName || undefined;
}

/** The time a pod last changed in a way endpoints care about (getPodTriggerTime). */
export function podTriggerTime(pod: KubeObject): string | undefined {
  const ready = view(pod).status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.lastTransitionTime ?? pod.metadata.creationTimestamp;
}

export function podTargetRef(pod: KubeObject): { kind: 'Pod'; namespace: string; name: string; uid: string } {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

/** Service labels as endpoints carry them, plus the headless marker (utillabels.CloneAndAddLabel). */
export function endpointLabels(svc: KubeObject): Record<string, string> | undefined {
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) labels['service.kubernetes.io/headless'] = '';
  return Object.keys(labels).length ? labels : undefined;
}
