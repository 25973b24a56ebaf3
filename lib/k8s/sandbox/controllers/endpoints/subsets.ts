/**
 * Endpoints subsets for a Service (pkg/controller/endpoint/endpoints_controller.go syncService
 * and pkg/api/v1/endpoints/util.go RepackSubsets): one entry per (pod, service port), then
 * repacked so addresses serving the same set of ports share a subset, with ready pods under
 * addresses and the others under notReadyAddresses.
 */
import type { KubeObject } from '../../types';
import {
  endpointHostname, findPort, isHeadless, isPodReady, PortNotFoundError, podIP, podNodeName, podTargetRef, serviceSpec, shouldPodBeInEndpoints,
} from './pod-endpoint';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

function addressFor(pod: KubeObject, svc: KubeObject): EndpointAddress {
  const a: EndpointAddress = { ip: podIP(pod), targetRef: podTargetRef(pod) };
  const hostname = endpointHostname(pod, svc);
  if (hostname) a.hostname = hostname;
  const node = podNodeName(pod);
  if (node) a.nodeName = node;
  // Field order as the API server serialises EndpointAddress: ip, hostname, nodeName, targetRef.
  return { ip: a.ip, ...(a.hostname ? { hostname: a.hostname } : {}), ...(a.nodeName ? { nodeName: a.nodeName } : {}), targetRef: a.targetRef };
}

const portKey = (p: EndpointPort) => `${p.name ?? ''}/${p.port}/${p.protocol}/${p.appProtocol ?? ''}`;

/** The subsets the Endpoints object of svc should hold, given the pods its selector matches. */
export function computeSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const spec = serviceSpec(svc);
  const tolerateUnready = spec.publishNotReadyAddresses === true;
  // Per address (ip + pod uid): whether it is ready and which ports it serves.
  const entries = new Map<string, { addr: EndpointAddress; ready: boolean; ports: Map<string, EndpointPort> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr = addressFor(pod, svc);
    const ready = tolerateUnready || isPodReady(pod);
    const entryKey = `${addr.ip}/${addr.targetRef.uid}`;
    const ports = new Map<string, EndpointPort>();
    const servicePorts = spec.ports ?? [];
    if (servicePorts.length === 0) {
      // A headless Service without ports still lists its pods (with no ports).
      if (!isHeadless(svc)) continue;
    }
    for (const sp of servicePorts) {
      let port: number;
      try {
        port = findPort(pod, sp);
      } catch (err) {
        if (err instanceof PortNotFoundError) continue;
        throw err;
      }
      const ep: EndpointPort = { ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) };
      ports.set(portKey(ep), ep);
    }
    if (servicePorts.length > 0 && ports.size === 0) continue;
    entries.set(entryKey, { addr, ready, ports });
  }
  // Repack: addresses with the same port set share one subset.
  const groups = new Map<string, EndpointSubset & { key: string }>();
  for (const { addr, ready, ports } of entries.values()) {
    const sortedPorts = [...ports.values()].sort((a, b) => portKey(a).localeCompare(portKey(b)));
    const key = sortedPorts.map(portKey).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key }));
    if (ready) (g.addresses ??= []).push(addr);
    else (g.notReadyAddresses ??= []).push(addr);
    if (sortedPorts.length) g.ports = sortedPorts;
  }
  const byIP = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef.uid.localeCompare(b.targetRef.uid));
  return [...groups.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ key: _key, ...s }) => ({
      ...(s.addresses ? { addresses: s.addresses.sort(byIP) } : {}),
      ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses.sort(byIP) } : {}),
      ...(s.ports ? { ports: s.ports } : {}),
    }));
}
