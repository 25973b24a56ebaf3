/**
 * DefaultPreemption, the PostFilter (pkg/scheduler/framework/preemption/preemption.go and
 * plugins/defaultpreemption). When no node fits, look for a node where deleting pods of
 * lower priority makes the pod fit:
 *  - not eligible with preemptionPolicy Never, or while a victim of an earlier preemption
 *    is still terminating on the nominated node;
 *  - nodes rejected as unresolvable are skipped (`Preemption is not helpful for scheduling`);
 *  - on each other node, remove every lower-priority pod (none: `No preemption victims found
 *    for incoming pod`), filter again (a rejection keeps its reasons), then reprieve the
 *    most important victims one by one while the pod still fits;
 *  - pick the node by: lowest highest-victim priority, lowest priority sum, fewest victims,
 *    latest start among the highest-priority victims, then node order.
 */
import type { KubeObject } from '../types';
import { fitErrorMessage, type Diagnosis, type NodeRejection } from './fit-error';
import { podPriority, podSpec, podStatus, type NodeInfo, type Snapshot } from './types';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NOT_ELIGIBLE_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';
export const PREEMPTION_REASON = 'PreemptionByScheduler';

export type Filter = (pod: KubeObject, info: NodeInfo, snap: Snapshot) => NodeRejection | undefined;

export type PreemptionOutcome =
  | { kind: 'nominated'; node: string; victims: KubeObject[] }
  | { kind: 'failed'; message: string };

/** A pod deleted by an earlier preemption that has not gone yet. */
export function terminatingByPreemption(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp && (podStatus(pod).conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.reason === PREEMPTION_REASON && c.status === 'True');
}

const startTime = (p: KubeObject) => podStatus(p).startTime ?? p.metadata.creationTimestamp ?? '';

/** MoreImportantPod: higher priority first, then the one started earlier. */
export function moreImportantFirst(a: KubeObject, b: KubeObject): number {
  return podPriority(b) - podPriority(a) || startTime(a).localeCompare(startTime(b));
}

function withNode(snap: Snapshot, info: NodeInfo): Snapshot {
  return { ...snap, nodes: snap.nodes.map((i) => (i.node.metadata.name === info.node.metadata.name ? info : i)) };
}

/** SelectVictimsOnNode: the fewest, least important pods whose removal lets pod fit, or why not. */
export function selectVictimsOnNode(pod: KubeObject, info: NodeInfo, snap: Snapshot, filter: Filter): { victims: KubeObject[] } | { rejection: NodeRejection } {
  const prio = podPriority(pod);
  const potential = info.pods.filter((p) => podPriority(p) < prio);
  const name = info.node.metadata.name!;
  if (potential.length === 0) return { rejection: { node: name, plugin: 'DefaultPreemption', code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] } };
  let current: NodeInfo = { node: info.node, pods: info.pods.filter((p) => !potential.includes(p)) };
  const rejection = filter(pod, current, withNode(snap, current));
  if (rejection) return { rejection };
  const victims: KubeObject[] = [];
  for (const p of [...potential].sort(moreImportantFirst)) {
    const trial: NodeInfo = { node: info.node, pods: [...current.pods, p] };
    if (filter(pod, trial, withNode(snap, trial))) victims.push(p);
    else current = trial;
  }
  return { victims };
}

interface Candidate {
  node: string;
  victims: KubeObject[];
}

/** pickOneNodeForPreemption, without PodDisruptionBudgets (none are enforced in the sandbox). */
export function pickCandidate(candidates: readonly Candidate[]): Candidate {
  const highest = (c: Candidate) => Math.max(...c.victims.map(podPriority));
  // Upstream shifts each priority by MaxInt32+1 so that negative priorities still add up as costs.
  const sum = (c: Candidate) => c.victims.reduce((s, v) => s + podPriority(v) + 2 ** 31, 0);
  const earliestOfHighest = (c: Candidate) => c.victims.filter((v) => podPriority(v) === highest(c)).map(startTime).sort()[0] ?? '';
  return [...candidates].sort((a, b) =>
    highest(a) - highest(b)
    || sum(a) - sum(b)
    || a.victims.length - b.victims.length
    || earliestOfHighest(b).localeCompare(earliestOfHighest(a))).at(0)!;
}

export function preempt(pod: KubeObject, snap: Snapshot, diagnosis: Diagnosis, filter: Filter): PreemptionOutcome {
  if (podSpec(pod).preemptionPolicy === 'Never') return { kind: 'failed', message: `preemption: ${NOT_ELIGIBLE_NEVER}` };
  const byNode = new Map(diagnosis.nodes.map((r) => [r.node, r]));
  const nominated = podStatus(pod).nominatedNodeName;
  if (nominated && byNode.get(nominated)?.code !== 'UnschedulableAndUnresolvable') {
    const info = snap.nodes.find((i) => i.node.metadata.name === nominated);
    if (info?.pods.some((p) => podPriority(p) < podPriority(pod) && terminatingByPreemption(p))) return { kind: 'failed', message: `preemption: ${NOT_ELIGIBLE_TERMINATING}` };
  }
  const statuses: NodeRejection[] = [];
  const candidates: Candidate[] = [];
  for (const info of snap.nodes) {
    const name = info.node.metadata.name!;
    const prior = byNode.get(name);
    if (!prior) continue;
    if (prior.code === 'UnschedulableAndUnresolvable') {
      statuses.push({ node: name, plugin: prior.plugin, code: prior.code, reasons: [NOT_HELPFUL] });
      continue;
    }
    const r = selectVictimsOnNode(pod, info, snap, filter);
    if ('rejection' in r) statuses.push(r.rejection);
    else candidates.push({ node: name, victims: r.victims });
  }
  if (candidates.length === 0) {
    return { kind: 'failed', message: `preemption: ${fitErrorMessage({ numAllNodes: snap.nodes.length, nodes: statuses })}` };
  }
  const chosen = pickCandidate(candidates);
  return { kind: 'nominated', node: chosen.node, victims: chosen.victims };
}
