/**
 * The cluster as one cycle sees it (the scheduler cache's snapshot): nodes that exist and
 * are not being deleted, each with its bound non-terminal pods (the scheduler's informer
 * never sees Succeeded/Failed pods) and the pods assumed onto it while their volumes bind.
 */
import type { KubeObject } from '../types';
import { GR, type ClusterClient } from '../controllers/framework/client';
import { controllerOf } from '../controllers/framework/controller';
import type { MetaLabelSelector } from '../store/label-selector';
import { isTerminal, podPriority, podSpec, podStatus, type NodeInfo, type Snapshot } from './types';

export function buildSnapshot(client: ClusterClient, assumed: ReadonlyMap<string, { pod: KubeObject; node: string }>): Snapshot {
  // A cycle only reads the cluster: the stored (frozen) objects, not copies of every node and pod.
  const nodes = client.peekList(GR.nodes)
    .filter((n) => !n.metadata.deletionTimestamp)
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  const byName = new Map<string, NodeInfo>(nodes.map((n) => [n.metadata.name!, { node: n, pods: [] }]));
  for (const p of client.peekList(GR.pods)) {
    const nodeName = podSpec(p).nodeName;
    if (!nodeName || isTerminal(p)) continue;
    byName.get(nodeName)?.pods.push(p);
  }
  for (const { pod, node } of assumed.values()) byName.get(node)?.pods.push(pod);
  let pvs: KubeObject[] | undefined;
  return {
    nodes: [...byName.values()],
    pvc: (ns, name) => client.peek(GR.pvcs, ns, name),
    storageClass: (name) => client.peek(GR.storageclasses, undefined, name),
    pvs: () => (pvs ??= client.peekList(GR.pvs)),
    namespaceLabels: (ns) => client.peek(GR.namespaces, undefined, ns)?.metadata.labels,
    defaultSpreadSelector: (pod) => defaultSpreadSelector(client, pod),
  };
}

/**
 * helper.DefaultSelector: the Services selecting the pod and its ReplicaSet or StatefulSet
 * owner, their selectors ANDed. Undefined when nothing selects the pod.
 */
export function defaultSpreadSelector(client: ClusterClient, pod: KubeObject): MetaLabelSelector | undefined {
  const ns = pod.metadata.namespace!;
  const labels = pod.metadata.labels ?? {};
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<MetaLabelSelector['matchExpressions']> = [];
  let any = false;
  for (const svc of client.peekList(GR.services, { namespace: ns })) {
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    Object.assign(matchLabels, sel);
    any = true;
  }
  for (const [kind, gr] of [['ReplicaSet', GR.replicasets], ['StatefulSet', GR.statefulsets]] as const) {
    const ref = controllerOf(pod, kind);
    if (!ref) continue;
    const owner = client.peek(gr, ns, ref.name);
    const sel = (owner?.spec as { selector?: MetaLabelSelector } | undefined)?.selector;
    if (!sel) continue;
    Object.assign(matchLabels, sel.matchLabels ?? {});
    matchExpressions.push(...(sel.matchExpressions ?? []));
    any = true;
  }
  if (!any) return undefined;
  return matchExpressions.length ? { matchLabels, matchExpressions } : { matchLabels };
}

/**
 * The snapshot the filters see for pod: pods nominated to a node (preemptors waiting for
 * their victims to go) with at least pod's priority count there, so nothing of lower or
 * equal priority takes the room they made.
 */
export function withNominatedPods(snap: Snapshot, pod: KubeObject, pending: readonly KubeObject[]): Snapshot {
  const nominated = pending.filter((p) => {
    const n = podStatus(p).nominatedNodeName;
    return n && !podSpec(p).nodeName && !p.metadata.deletionTimestamp && p.metadata.uid !== pod.metadata.uid && podPriority(p) >= podPriority(pod);
  });
  if (nominated.length === 0) return snap;
  return {
    ...snap,
    nodes: snap.nodes.map((i) => {
      const extra = nominated.filter((p) => podStatus(p).nominatedNodeName === i.node.metadata.name);
      return extra.length ? { node: i.node, pods: [...i.pods, ...extra] } : i;
    }),
  };
}
