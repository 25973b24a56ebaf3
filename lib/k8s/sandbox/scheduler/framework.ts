/**
 * One scheduling cycle's algorithm (pkg/scheduler/schedule_one.go schedulePod): PreFilter,
 * then Filter on every node with the plugins in the default profile's order (a node reports
 * the first plugin that rejects it), then Score the feasible nodes, weight and sum, and
 * pick the best, ties broken at random (selectHost's reservoir sampling).
 */
import type { KubeObject } from '../types';
import type { Diagnosis, NodeRejection } from './fit-error';
import { nodeUnschedulablePlugin } from './plugins/node-unschedulable';
import { nodeNamePlugin } from './plugins/node-name';
import { taintTolerationPlugin, taintTolerationScore } from './plugins/taint-toleration';
import { ERR_REASON_CONFLICT, NODE_AFFINITY, nodeAffinityPlugin, nodeAffinityScore, pinnedNodeNames } from './plugins/node-affinity';
import { nodePortsPlugin } from './plugins/node-ports';
import { balancedAllocationScorePlugin, leastAllocatedScorePlugin, nodeResourcesFitPlugin } from './plugins/node-resources-fit';
import { volumeBindingPlugin } from './plugins/volume-binding';
import { podTopologySpreadPlugin, podTopologySpreadScore } from './plugins/pod-topology-spread';
import { interPodAffinityPlugin, interPodAffinityScore } from './plugins/inter-pod-affinity';
import type { FilterPlugin, NodeInfo, ScorePlugin, Snapshot } from './types';

/** pkg/scheduler/apis/config/v1/default_plugins.go, filter order. */
export const FILTER_PLUGINS: readonly FilterPlugin[] = [
  nodeUnschedulablePlugin,
  nodeNamePlugin,
  taintTolerationPlugin,
  nodeAffinityPlugin,
  nodePortsPlugin,
  nodeResourcesFitPlugin,
  volumeBindingPlugin,
  podTopologySpreadPlugin,
  interPodAffinityPlugin,
];

/** Score plugins with their default weights. */
export const SCORE_PLUGINS: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  podTopologySpreadScore,
  interPodAffinityScore,
  leastAllocatedScorePlugin,
  balancedAllocationScorePlugin,
];

const nodeName = (i: NodeInfo) => i.node.metadata.name!;

/** Runs the filters on one node; the first rejection wins. */
export function filterNode(pod: KubeObject, info: NodeInfo, snap: Snapshot): NodeRejection | undefined {
  for (const p of FILTER_PLUGINS) {
    const r = p.filter(pod, info, snap);
    if (r) return { node: nodeName(info), plugin: p.name, code: r.code, reasons: r.reasons };
  }
  return undefined;
}

export interface FilterOutcome {
  feasible: NodeInfo[];
  diagnosis: Diagnosis;
}

/** findNodesThatFitPod: PreFilter, the NodeAffinity node-name narrowing, then Filter per node. */
export function findFeasibleNodes(pod: KubeObject, snap: Snapshot): FilterOutcome {
  const diagnosis: Diagnosis = { numAllNodes: snap.nodes.length, nodes: [] };
  for (const p of FILTER_PLUGINS) {
    const r = p.preFilter?.(pod, snap);
    if (!r) continue;
    const message = r.reasons.join(', ');
    diagnosis.preFilter = { plugin: p.name, code: r.code, message };
    diagnosis.nodes = snap.nodes.map((i) => ({ node: nodeName(i), plugin: p.name, code: r.code, reasons: [message] }));
    return { feasible: [], diagnosis };
  }
  let candidates = snap.nodes;
  const pinned = pinnedNodeNames(pod);
  if (pinned) {
    if (pinned.size === 0) {
      diagnosis.preFilter = { plugin: NODE_AFFINITY, code: 'UnschedulableAndUnresolvable', message: ERR_REASON_CONFLICT };
      diagnosis.nodes = snap.nodes.map((i) => ({ node: nodeName(i), plugin: NODE_AFFINITY, code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_CONFLICT] }));
      return { feasible: [], diagnosis };
    }
    candidates = snap.nodes.filter((i) => pinned.has(nodeName(i)));
  }
  const feasible: NodeInfo[] = [];
  for (const info of snap.nodes) {
    if (!candidates.includes(info)) {
      diagnosis.nodes.push({ node: nodeName(info), plugin: NODE_AFFINITY, code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${NODE_AFFINITY}]`] });
      continue;
    }
    const rejection = filterNode(pod, info, snap);
    if (rejection) diagnosis.nodes.push(rejection);
    else feasible.push(info);
  }
  return { feasible, diagnosis };
}

export interface NodeScore {
  node: string;
  total: number;
  byPlugin: Record<string, number>;
}

/** prioritizeNodes: every score plugin's normalised score times its weight, summed per node. */
export function scoreNodes(pod: KubeObject, feasible: NodeInfo[], snap: Snapshot): NodeScore[] {
  const out: NodeScore[] = feasible.map((i) => ({ node: nodeName(i), total: 0, byPlugin: {} }));
  for (const p of SCORE_PLUGINS) {
    const scores = p.score(pod, feasible, snap);
    scores.forEach((s, idx) => {
      out[idx].byPlugin[p.name] = (out[idx].byPlugin[p.name] ?? 0) + s * p.weight;
      out[idx].total += s * p.weight;
    });
  }
  return out;
}

/** selectHost: the highest total; among equals, each is kept with probability 1/count seen. */
export function selectHost(scores: readonly NodeScore[], random: () => number): string {
  if (scores.length === 0) throw new Error('selectHost: no feasible nodes');
  let best = scores[0];
  let ties = 1;
  for (const s of scores.slice(1)) {
    if (s.total > best.total) {
      best = s;
      ties = 1;
    } else if (s.total === best.total) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = s;
    }
  }
  return best.node;
}
