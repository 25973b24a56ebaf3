/**
 * The RollingUpdate strategy (pkg/controller/daemon/update.go rollingUpdate). Without surge,
 * old pods are deleted so that at most maxUnavailable eligible nodes lack an available pod
 * (old pods that are already unavailable may always go); manage() then creates the new
 * pods. With surge, new pods start next to old ones on up to maxSurge nodes and each old pod
 * goes once its replacement is available.
 */
import type { KubeObject } from '../../types';
import { CONTROLLER_REVISION_HASH_LABEL, isPodAvailable } from './daemon-pod';

export interface EligibleNode {
  name: string;
  /** Daemon pods on the node that are not being deleted. */
  pods: KubeObject[];
}

export interface RollingPlan {
  deletePods: string[];
  createOnNodes: string[];
}

/** An int or a percentage of total, rounded up (intstr.GetScaledValueFromIntOrPercent, roundUp). */
export function scaledValue(v: number | string | undefined, total: number, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? fallback : n;
}

/** updatedDesiredNodeCounts: both 0 would never progress, so unavailability becomes 1. */
export function rollingLimits(rollingUpdate: { maxUnavailable?: number | string; maxSurge?: number | string } | undefined, desired: number): { maxUnavailable: number; maxSurge: number } {
  let maxUnavailable = scaledValue(rollingUpdate?.maxUnavailable, desired, 1);
  const maxSurge = scaledValue(rollingUpdate?.maxSurge, desired, 0);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxUnavailable, maxSurge };
}

/** findUpdatedPodsOnNode: at most one new and one old pod, else the node is left to manage(). */
function splitPods(pods: KubeObject[], hash: string): { newPod?: KubeObject; oldPod?: KubeObject; ok: boolean } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const p of pods) {
    if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

export interface RollingInput {
  nodes: EligibleNode[];
  hash: string;
  maxUnavailable: number;
  maxSurge: number;
  minReadySeconds: number;
  nowMs: number;
}

export function planRollingUpdate(input: RollingInput): RollingPlan {
  const { hash, maxUnavailable, maxSurge, minReadySeconds, nowMs } = input;
  const available = (p: KubeObject) => isPodAvailable(p, minReadySeconds, nowMs);
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const node of input.nodes) {
      const { newPod, oldPod, ok } = splitPods(node.pods, hash);
      if (!ok || (!newPod && !oldPod) || (newPod && oldPod)) {
        numUnavailable++;
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) {
        allowed.push(oldPod!.metadata.name!);
      } else if (numUnavailable < maxUnavailable) {
        candidates.push(oldPod!.metadata.name!);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { deletePods: [...allowed, ...candidates.slice(0, room)], createOnNodes: [] };
  }
  let numSurge = 0;
  const deletePods: string[] = [];
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  for (const node of input.nodes) {
    const { newPod, oldPod, ok } = splitPods(node.pods, hash);
    if (!ok) {
      numSurge++;
    } else if (!oldPod) {
      // Nothing to replace: manage() creates a missing pod.
    } else if (!newPod) {
      if (!available(oldPod)) allowedNodes.push(node.name);
      else if (numSurge < maxSurge) candidateNodes.push(node.name);
    } else if (!available(newPod)) {
      numSurge++;
    } else {
      deletePods.push(oldPod.metadata.name!);
    }
  }
  const room = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { deletePods, createOnNodes: [...allowedNodes, ...candidateNodes.slice(0, room)] };
}
