/**
 * What the portal and tests can do to a sandbox cluster's nodes beyond the Kubernetes API:
 * add a worker (as a new machine joining), remove one, make one fail (its kubelet stops
 * posting status, so the node lifecycle controller marks it Unknown after the grace period
 * and taint eviction follows) and recover it. Cordon and taint are plain API writes, the
 * same as `kubectl cordon` and `kubectl taint`.
 */
import type { Cluster } from './cluster';
import { nodeObject } from './bootstrap';
import { GR } from './controllers/framework/client';
import { errors } from './errors';

export class NodeOperationError extends Error {
  constructor(readonly node: string, message: string) {
    super(message);
    this.name = 'NodeOperationError';
  }
}

export const MAX_NODES = 12;

/** Adds `worker-<n>` with the next free index (zones keep rotating). */
export function addNode(cluster: Cluster): string {
  const client = cluster.context.client;
  const nodes = client.list(GR.nodes);
  if (nodes.length >= MAX_NODES) throw new NodeOperationError('', `a sandbox cluster has at most ${MAX_NODES} nodes`);
  const used = new Set(nodes.map((n) => n.metadata.name));
  let i = 1;
  while (used.has(`worker-${i}`)) i++;
  const name = `worker-${i}`;
  client.create(nodeObject(name, i, false, cluster.clock.nowISO()));
  return name;
}

export function removeNode(cluster: Cluster, name: string): void {
  if (name === 'control-plane') throw new NodeOperationError(name, 'the control-plane node cannot be removed');
  if (!cluster.context.client.get(GR.nodes, undefined, name)) throw errors.notFound('nodes', '', name);
  cluster.context.client.delete(GR.nodes, undefined, name);
}

/** The node's kubelet goes silent (a crashed machine, a cut network). */
export function failNode(cluster: Cluster, name: string): void {
  if (!cluster.context.client.get(GR.nodes, undefined, name)) throw errors.notFound('nodes', '', name);
  const handles = cluster.productHandles;
  if (!handles) throw new NodeOperationError(name, 'this cluster runs without a node lifecycle controller');
  handles.kubelets?.setReachable(name, false);
  handles.nodeLifecycle.nodeStoppedPosting(name);
}

export function recoverNode(cluster: Cluster, name: string): void {
  if (!cluster.context.client.get(GR.nodes, undefined, name)) throw errors.notFound('nodes', '', name);
  const handles = cluster.productHandles;
  if (!handles) throw new NodeOperationError(name, 'this cluster runs without a node lifecycle controller');
  handles.kubelets?.setReachable(name, true);
  handles.nodeLifecycle.nodeResumedPosting(name);
}

export function setCordoned(cluster: Cluster, name: string, cordoned: boolean): void {
  const client = cluster.context.clientAs('kubectl-cordon');
  const node = client.get(GR.nodes, undefined, name);
  if (!node) throw errors.notFound('nodes', '', name);
  const spec = (node.spec ?? {}) as { unschedulable?: boolean };
  if (cordoned) spec.unschedulable = true;
  else delete spec.unschedulable;
  node.spec = spec;
  client.update(node);
}
