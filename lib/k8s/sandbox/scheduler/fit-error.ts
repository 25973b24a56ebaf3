/**
 * The FailedScheduling message (pkg/scheduler/framework/types.go FitError.Error):
 *   0/<all> nodes are available: <n reason>, <n reason>. preemption: <PostFilter message>.
 * The histogram counts every reason of every rejected node, sorted as strings; nodes a
 * PreFilter result left out count under that result's reason. A PreFilter rejection
 * replaces the histogram with its own message.
 */
import type { RejectCode } from './types';

export interface NodeRejection {
  node: string;
  plugin: string;
  code: RejectCode;
  reasons: string[];
}

export interface Diagnosis {
  numAllNodes: number;
  /** Per rejected node, in node order. */
  nodes: NodeRejection[];
  /** A PreFilter rejection of the whole pod. */
  preFilter?: { plugin: string; code: RejectCode; message: string };
  /**
   * The DefaultPreemption message as it reads in full (`preemption: ` + its own FitError,
   * or `preemption: not eligible due to preemptionPolicy=Never.`), when preemption failed.
   * It ends with its own period, so it is appended after a space only.
   */
  postFilterMsg?: string;
}

export function reasonsHistogram(nodes: readonly NodeRejection[]): string[] {
  const counts = new Map<string, number>();
  for (const n of nodes) for (const r of n.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort();
}

export function fitErrorMessage(d: Diagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilter) msg += ` ${d.preFilter.message}.`;
  else msg += ` ${reasonsHistogram(d.nodes).join(', ')}.`;
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
