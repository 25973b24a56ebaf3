/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports): a hostPort can be used once per
 * node, protocol and address; 0.0.0.0 (or no hostIP) conflicts with every address.
 */
import type { KubeObject } from '../../types';
import { podSpec, unschedulable, type ContainerPort, type FilterPlugin, type Rejection } from '../types';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

export function hostPorts(pod: KubeObject): ContainerPort[] {
  const spec = podSpec(pod);
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].flatMap((c) => (c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0));
}

const anyAddress = (ip: string | undefined) => !ip || ip === '0.0.0.0';

function conflicts(a: ContainerPort, b: ContainerPort): boolean {
  if (a.hostPort !== b.hostPort || (a.protocol ?? 'TCP') !== (b.protocol ?? 'TCP')) return false;
  return anyAddress(a.hostIP) || anyAddress(b.hostIP) || a.hostIP === b.hostIP;
}

export function filterNodePorts(pod: KubeObject, podsOnNode: readonly KubeObject[]): Rejection | undefined {
  const wanted = hostPorts(pod);
  if (wanted.length === 0) return undefined;
  const used = podsOnNode.flatMap(hostPorts);
  return wanted.some((w) => used.some((u) => conflicts(w, u))) ? unschedulable(ERR_REASON_PORTS) : undefined;
}

export const nodePortsPlugin: FilterPlugin = {
  name: NODE_PORTS,
  filter: (pod, info) => filterNodePorts(pod, info.pods),
};
