/**
 * The taints the node lifecycle controller keeps in step with a node's conditions
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go: doNoScheduleTaintingPass,
 * doNoExecuteTaintingPass with TaintNodesByCondition and taint-based eviction): a Ready
 * condition that is False or Unknown gives not-ready or unreachable as NoSchedule and
 * NoExecute; pressure conditions and a cordon give NoSchedule taints. Other taints (the
 * control-plane taint, ones added with kubectl taint) are left as they are.
 */
import type { KubeObject } from '../../types';
import type { Taint } from './tolerations';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

const MANAGED = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE, TAINT_NETWORK_UNAVAILABLE]);

/** nodeConditionToTaintKeyStatusMap */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
};

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export function nodeConditions(node: KubeObject): NodeCondition[] {
  return ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []);
}

export function readyStatus(node: KubeObject): string {
  return nodeConditions(node).find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** The controller-owned taints the node should carry now, without timestamps. */
export function wantedTaints(node: KubeObject): Taint[] {
  const out: Taint[] = [];
  for (const c of nodeConditions(node)) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = readyStatus(node);
  if (ready === 'False') out.push({ key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') out.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  return out;
}

/**
 * The node's taints after reconciling the managed ones: unmanaged taints and managed ones
 * still wanted are kept as they are (timeAdded included); new NoExecute taints get
 * timeAdded = now, as SwapNodeControllerTaint sets it. Undefined means nothing changes.
 */
export function reconcileTaints(node: KubeObject, nowISO: string): Taint[] | undefined {
  const current = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []);
  const wanted = wantedTaints(node);
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !MANAGED.has(t.key) || wanted.some((w) => same(w, t)));
  const added = wanted.filter((w) => !current.some((t) => same(w, t))).map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: nowISO } : w));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
