/** Builders for the plugin table tests: small nodes, pods and snapshots with just the fields asked for. */
import type { KubeObject } from '../types';
import type { ClusterLookup, NodeInfo, PodSpecView, Snapshot } from './types';

export function node(name: string, opts: { labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean; cpu?: string; memory?: string; pods?: string; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels }, ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110' } },
  };
}

let uid = 0;
export function pod(name: string, spec: PodSpecView & Record<string, unknown> = {}, opts: { labels?: Record<string, string>; namespace?: string; phase?: string; deleting?: boolean; created?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name, namespace: opts.namespace ?? 'default', uid: `uid-${name}-${++uid}`, labels: opts.labels, creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z',
      ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:00:30Z' } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...spec },
    status: { phase: opts.phase ?? (spec.nodeName ? 'Running' : 'Pending') },
  };
}

/** A pod requesting cpu (and optionally memory). */
export function sized(name: string, cpu: string, memory?: string, spec: PodSpecView & Record<string, unknown> = {}, opts: Parameters<typeof pod>[2] = {}): KubeObject {
  return pod(name, { ...spec, containers: [{ name: 'c', resources: { requests: { cpu, ...(memory ? { memory } : {}) } } }] }, opts);
}

export function snapshot(nodes: KubeObject[], pods: KubeObject[] = [], lookup: Partial<ClusterLookup> = {}): Snapshot {
  const infos: NodeInfo[] = nodes.map((n) => ({ node: n, pods: pods.filter((p) => (p.spec as { nodeName?: string }).nodeName === n.metadata.name) }));
  return {
    nodes: infos,
    pvc: lookup.pvc ?? (() => undefined),
    storageClass: lookup.storageClass ?? (() => undefined),
    pvs: lookup.pvs ?? (() => []),
    namespaceLabels: lookup.namespaceLabels ?? ((ns) => ({ 'kubernetes.io/metadata.name': ns })),
    defaultSpreadSelector: lookup.defaultSpreadSelector ?? (() => undefined),
  };
}

export function infoOf(snap: Snapshot, name: string): NodeInfo {
  const i = snap.nodes.find((n) => n.node.metadata.name === name);
  if (!i) throw new Error(`no node ${name} in snapshot`);
  return i;
}
