/** NodeName (pkg/scheduler/framework/plugins/nodename): a pod naming a node fits only there. */
import type { KubeObject } from '../../types';
import { podSpec, unresolvable, type FilterPlugin, type Rejection } from '../types';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export function filterNodeName(pod: KubeObject, node: KubeObject): Rejection | undefined {
  const wanted = podSpec(pod).nodeName;
  return !wanted || wanted === node.metadata.name ? undefined : unresolvable(ERR_REASON_NODE_NAME);
}

export const nodeNamePlugin: FilterPlugin = {
  name: NODE_NAME,
  filter: (pod, info) => filterNodeName(pod, info.node),
};
