/**
 * The desired EndpointSlice content for a Service (staging/src/k8s.io/endpointslice/utils.go
 * podToEndpoint, getEndpointPorts, setEndpointSliceLabels): one endpoint per pod that has an
 * IP and has not finished (terminating pods included, with their conditions), grouped by the
 * resolved port list, since one slice carries one port list.
 */
import type { KubeObject } from '../../types';
import {
  endpointHostname, findPort, isHeadless, isPodReady, isTerminating, PortNotFoundError, podIP, podNodeName, podTargetRef, serviceSpec, shouldPodBeInEndpoints,
} from './pod-endpoint';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
  nodeName?: string;
  zone?: string;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface SliceGroup {
  key: string;
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export const portsKey = (ports: SlicePort[]) => ports.map((p) => `${p.name}/${p.port}/${p.protocol}/${p.appProtocol ?? ''}`).join(',');

export function endpointFor(pod: KubeObject, svc: KubeObject, node: KubeObject | undefined): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = isTerminating(pod);
  // "ready" is never true for a terminating pod unless publishNotReadyAddresses is set.
  const ready = serviceSpec(svc).publishNotReadyAddresses === true || (serving && !terminating);
  const hostname = endpointHostname(pod, svc);
  const nodeName = podNodeName(pod);
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  return {
    addresses: [podIP(pod)],
    conditions: { ready, serving, terminating },
    ...(hostname ? { hostname } : {}),
    targetRef: podTargetRef(pod),
    ...(nodeName ? { nodeName } : {}),
    ...(zone ? { zone } : {}),
  };
}

export function endpointPortsFor(pod: KubeObject, svc: KubeObject): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of serviceSpec(svc).ports ?? []) {
    try {
      const port = findPort(pod, sp);
      out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    } catch (err) {
      if (!(err instanceof PortNotFoundError)) throw err;
    }
  }
  return out;
}

/** Groups of endpoints by port list; pods whose node is unknown wait for the next sync. */
export function desiredSliceGroups(svc: KubeObject, pods: KubeObject[], nodeOf: (name: string) => KubeObject | undefined): SliceGroup[] {
  const groups = new Map<string, SliceGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const nodeName = podNodeName(pod);
    const node = nodeName ? nodeOf(nodeName) : undefined;
    if (nodeName && !node) continue;
    const ports = endpointPortsFor(pod, svc);
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ports, endpoints: [] }));
    g.endpoints.push(endpointFor(pod, svc, node));
  }
  return [...groups.values()];
}

export function sliceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== LABEL_SERVICE_NAME && k !== LABEL_MANAGED_BY) labels[k] = v;
  }
  if (isHeadless(svc) || !serviceSpec(svc).clusterIP) labels['service.kubernetes.io/headless'] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER_NAME;
  return labels;
}
