/**
 * Resource arithmetic as the scheduler does it (pkg/scheduler/framework/types.go Resource,
 * k8s.io/component-helpers/resource PodRequests): cpu in millicores and memory in bytes,
 * both rounded up as resource.Quantity's MilliValue/Value do.
 *
 * A pod requests the larger of (sum of its containers plus restartable init containers) and
 * (the largest regular init container plus the sidecars started before it), plus overhead.
 * A container with limits but no requests requests its limits (API defaulting).
 */
import type { KubeObject } from '../types';
import { parseQuantity } from '../core/quantity';
import { podSpec, type ContainerView, type NodeInfo } from './types';

export interface Resources {
  milliCpu: number;
  memory: number;
}

export class InvalidQuantityError extends Error {
  constructor(readonly quantity: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "${quantity}"`);
    this.name = 'InvalidQuantityError';
  }
}

function quantity(q: string | number | undefined): number | undefined {
  if (q === undefined || q === null || q === '') return undefined;
  const v = parseQuantity(q);
  if (v === undefined) throw new InvalidQuantityError(String(q));
  return v;
}

/** cpu in millicores, rounded up ("100m" → 100, "1.5" → 1500, "0.0001" → 1). */
export function milliCpu(q: string | number | undefined): number {
  const v = quantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e9) / 1e6);
}

/** Bytes, rounded up ("128Mi" → 134217728, "1G" → 1e9, "8052208Ki" → 8245460992). */
export function bytes(q: string | number | undefined): number {
  const v = quantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e3) / 1e3);
}

/** Defaults for containers without requests, when scoring (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function containerRequests(c: ContainerView, nonZero: boolean): Resources {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const cpuQ = req.cpu ?? lim.cpu;
  const memQ = req.memory ?? lim.memory;
  return {
    milliCpu: cpuQ === undefined && nonZero ? DEFAULT_MILLI_CPU_REQUEST : milliCpu(cpuQ),
    memory: memQ === undefined && nonZero ? DEFAULT_MEMORY_REQUEST : bytes(memQ),
  };
}

const add = (a: Resources, b: Resources): Resources => ({ milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory });
const max = (a: Resources, b: Resources): Resources => ({ milliCpu: Math.max(a.milliCpu, b.milliCpu), memory: Math.max(a.memory, b.memory) });

/** The pod's effective requests; nonZero substitutes the scoring defaults for missing ones. */
export function podRequests(pod: KubeObject, nonZero = false): Resources {
  const spec = podSpec(pod);
  let sum: Resources = { milliCpu: 0, memory: 0 };
  for (const c of spec.containers ?? []) sum = add(sum, containerRequests(c, nonZero));
  let initMax: Resources = { milliCpu: 0, memory: 0 };
  let sidecars: Resources = { milliCpu: 0, memory: 0 };
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, r);
      sum = add(sum, r);
      initMax = max(initMax, sidecars);
    } else {
      initMax = max(initMax, add(sidecars, r));
    }
  }
  let total = max(sum, initMax);
  if (spec.overhead) total = add(total, { milliCpu: milliCpu(spec.overhead.cpu), memory: bytes(spec.overhead.memory) });
  return total;
}

/** Whether the pod asks for neither cpu nor memory (a BestEffort pod for NodeResourcesFit). */
export function requestsNothing(pod: KubeObject): boolean {
  const r = podRequests(pod);
  return r.milliCpu === 0 && r.memory === 0;
}

export interface Allocatable extends Resources {
  pods: number;
}

export function nodeAllocatable(node: KubeObject): Allocatable {
  const alloc = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable) ?? {};
  return { milliCpu: milliCpu(alloc.cpu), memory: bytes(alloc.memory), pods: Number.parseInt(String(alloc.pods ?? '0'), 10) || 0 };
}

/** The summed requests of the pods counted on the node. */
export function nodeRequested(info: NodeInfo, nonZero = false): Resources {
  return info.pods.reduce((acc, p) => add(acc, podRequests(p, nonZero)), { milliCpu: 0, memory: 0 });
}
