/**
 * metrics.k8s.io/v1beta1 as metrics-server serves it (NodeMetrics, PodMetrics), from what the
 * simulation actually does: CPU is the rate of interpreter steps a container's processes ran
 * (one busy process = one core, ContainerUsage.stepsPerSecond), over the time since the previous
 * scrape (or since the container started); memory is its live processes and the files it holds,
 * at most its limit. A node's usage is the sum of its pods'.
 */
import type { ContainerUsage } from '../runtime/types';
import type { KubeObject } from '../types';
import { matchesLabelSelector, parseLabelSelector } from '../store/label-selector';

type Obj = Record<string, unknown>;

export interface MetricsInputs {
  pods(namespace?: string): KubeObject[];
  nodes(): KubeObject[];
  usageOf(node: string, namespace: string, pod: string, container: string): ContainerUsage | undefined;
  now(): number;
}

interface Sample {
  at: number;
  steps: number;
  cores: number;
}

/** The shortest span a CPU rate is measured over; scrapes closer together repeat the last rate. */
const MIN_WINDOW_MS = 1000;

export interface ContainerMetrics {
  name: string;
  usage: { cpu: string; memory: string };
}

const cpuQuantity = (cores: number) => `${Math.round(cores * 1e9)}n`;
const memoryQuantity = (bytes: number) => `${Math.round(bytes / 1024)}Ki`;

/** A CPU limit ("500m", "1", "0.5") in cores; undefined when absent or unreadable. */
export function coresOf(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!m) return undefined;
  return m[2] === 'm' ? Number(m[1]) / 1000 : Number(m[1]);
}

export class SimulatedMetrics {
  private readonly samples = new Map<string, Sample>();

  constructor(private readonly inputs: MetricsInputs) {}

  /** Cores a container used since the previous scrape (or since it started), at most its CPU limit. */
  private cores(pod: KubeObject, container: Obj, usage: ContainerUsage): number {
    const name = container.name as string;
    const key = `${pod.metadata.uid}/${name}`;
    const now = this.inputs.now();
    const prev = this.samples.get(key);
    if (prev && now - prev.at < MIN_WINDOW_MS) return prev.cores;
    let since = prev?.at;
    let before = prev?.steps ?? 0;
    if (!prev) {
      const status = (((pod.status ?? {}) as Obj).containerStatuses as Obj[] | undefined)?.find((c) => c.name === name);
      const started = Date.parse(((((status?.state ?? {}) as Obj).running ?? {}) as Obj).startedAt as string);
      since = Number.isNaN(started) ? now - MIN_WINDOW_MS : Math.min(started, now - MIN_WINDOW_MS);
      before = 0;
    }
    const seconds = (now - since!) / 1000;
    let cores = Math.max(0, usage.cpuSteps - before) / seconds / usage.stepsPerSecond;
    const limit = coresOf(((container.resources as Obj | undefined)?.limits as Obj | undefined)?.cpu);
    if (limit !== undefined) cores = Math.min(cores, limit);
    this.samples.set(key, { at: now, steps: usage.cpuSteps, cores });
    return cores;
  }

  private containersOf(pod: KubeObject): { metrics: ContainerMetrics[]; cores: number; bytes: number } | undefined {
    const node = ((pod.spec ?? {}) as Obj).nodeName as string | undefined;
    if (!node || ((pod.status ?? {}) as Obj).phase !== 'Running') return undefined;
    const metrics: ContainerMetrics[] = [];
    let cores = 0;
    let bytes = 0;
    for (const c of (((pod.spec ?? {}) as Obj).containers ?? []) as Obj[]) {
      const usage = this.inputs.usageOf(node, pod.metadata.namespace!, pod.metadata.name!, c.name as string);
      if (!usage) continue;
      const used = this.cores(pod, c, usage);
      cores += used;
      bytes += usage.memoryBytes;
      metrics.push({ name: c.name as string, usage: { cpu: cpuQuantity(used), memory: memoryQuantity(usage.memoryBytes) } });
    }
    return metrics.length > 0 ? { metrics, cores, bytes } : undefined;
  }

  private stamp(): { timestamp: string; window: string } {
    return { timestamp: new Date(this.inputs.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'), window: '10s' };
  }

  podMetrics(namespace: string | undefined, labelSelector?: string): Obj[] {
    const selector = labelSelector ? parseLabelSelector(labelSelector) : undefined;
    const out: Obj[] = [];
    for (const pod of this.inputs.pods(namespace)) {
      if (selector && !matchesLabelSelector(selector, pod.metadata.labels)) continue;
      const c = this.containersOf(pod);
      if (!c) continue;
      out.push({
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: this.stamp().timestamp, labels: pod.metadata.labels ?? {} },
        ...this.stamp(),
        containers: c.metrics,
      });
    }
    return out;
  }

  nodeMetrics(labelSelector?: string): Obj[] {
    const selector = labelSelector ? parseLabelSelector(labelSelector) : undefined;
    const perNode = new Map<string, { cores: number; bytes: number }>();
    for (const pod of this.inputs.pods()) {
      const c = this.containersOf(pod);
      if (!c) continue;
      const node = ((pod.spec ?? {}) as Obj).nodeName as string;
      const sum = perNode.get(node) ?? { cores: 0, bytes: 0 };
      sum.cores += c.cores;
      sum.bytes += c.bytes;
      perNode.set(node, sum);
    }
    return this.inputs
      .nodes()
      .filter((n) => !selector || matchesLabelSelector(selector, n.metadata.labels))
      .map((n) => {
        const sum = perNode.get(n.metadata.name!) ?? { cores: 0, bytes: 0 };
        return {
          kind: 'NodeMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: { name: n.metadata.name, creationTimestamp: this.stamp().timestamp, labels: n.metadata.labels ?? {} },
          ...this.stamp(),
          usage: { cpu: cpuQuantity(sum.cores), memory: memoryQuantity(sum.bytes) },
        };
      });
  }
}
