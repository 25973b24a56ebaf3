/**
 * NodeLifecycleController (pkg/controller/nodelifecycle): keeps the condition taints of every
 * node in step (see node-taints.ts) and plays the node monitor. The sandbox has no
 * heartbeats, so the portal tells it when a kubelet stops or resumes posting status: after
 * the node-monitor grace period the node's conditions become Unknown, the node gets
 * NodeNotReady and its pods Ready=False (MarkPodsNotReady), and the unreachable taints lead
 * the taint eviction controller to evict pods once their tolerationSeconds run out.
 */
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, type ControllerContext } from '../framework/controller';
import type { EventRecorder } from '../framework/events';
import { nodeConditions, readyStatus, reconcileTaints, type NodeCondition } from './node-taints';

export const NODE_CONTROLLER = 'node-controller';
/** --node-monitor-grace-period: how long a silent kubelet is trusted. */
export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';

/** What a healthy kubelet posts (as the bootstrap nodes carry). */
const HEALTHY: Record<string, { status: string; reason: string; message: string }> = {
  MemoryPressure: { status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  DiskPressure: { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  PIDPressure: { status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  Ready: { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
};

export class NodeLifecycleController extends Controller {
  private readonly recorder: EventRecorder;
  /** The Ready status last seen per node, to report a transition once. */
  private readonly observedReady = new Map<string, string>();
  private readonly silent = new Map<string, () => void>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'node-lifecycle');
    this.recorder = ctx.recorder(NODE_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.nodes, (node, e) => {
      if (e.type === 'DELETED') {
        this.observedReady.delete(node.metadata.name!);
        return undefined;
      }
      return node.metadata.name!;
    });
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.nodes).map((n) => n.metadata.name!);
  }

  stop(): void {
    for (const cancel of this.silent.values()) cancel();
    this.silent.clear();
    super.stop();
  }

  /** The kubelet on node stopped posting: after the grace period its status becomes Unknown. */
  nodeStoppedPosting(name: string): void {
    if (this.silent.has(name)) return;
    this.silent.set(name, this.ctx.clock.setTimer(NODE_MONITOR_GRACE_PERIOD_MS, () => this.markUnknown(name)));
  }

  /** The kubelet posts again: its conditions come back as a healthy kubelet reports them. */
  nodeResumedPosting(name: string): void {
    const cancel = this.silent.get(name);
    cancel?.();
    this.silent.delete(name);
    const node = this.ctx.client.get(GR.nodes, undefined, name);
    if (!node) return;
    const now = this.ctx.clock.nowISO();
    const wasReady = readyStatus(node) === 'True';
    const conditions = nodeConditions(node).map((c) => {
      const h = HEALTHY[c.type];
      if (!h || c.reason !== NODE_STATUS_UNKNOWN_REASON) return c;
      return { ...c, ...h, lastHeartbeatTime: now, lastTransitionTime: c.status === h.status ? c.lastTransitionTime : now };
    });
    this.ctx.client.updateStatus({ ...node, status: { ...(node.status as object), conditions } });
    // The kubelet reports its own recovery.
    if (!wasReady) this.ctx.recorder('kubelet', name).event(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
  }

  /** tryUpdateNodeHealth once the grace period has passed without a status post. */
  private markUnknown(name: string): void {
    if (!this.silent.has(name)) return;
    const node = this.ctx.client.get(GR.nodes, undefined, name);
    if (!node) return;
    const now = this.ctx.clock.nowISO();
    const conditions: NodeCondition[] = nodeConditions(node).map((c) => (c.type in HEALTHY
      ? { ...c, status: 'Unknown', reason: NODE_STATUS_UNKNOWN_REASON, message: NODE_STATUS_UNKNOWN_MESSAGE, lastTransitionTime: c.status === 'Unknown' ? c.lastTransitionTime : now }
      : c));
    if (!conditions.some((c) => c.type === 'Ready')) {
      conditions.push({ type: 'Ready', status: 'Unknown', reason: NODE_STATUS_UNKNOWN_REASON, message: NODE_STATUS_UNKNOWN_MESSAGE, lastHeartbeatTime: now, lastTransitionTime: now });
    }
    this.ctx.client.updateStatus({ ...node, status: { ...(node.status as object), conditions } });
  }

  sync(name: string): void {
    const node = this.ctx.client.get(GR.nodes, undefined, name);
    if (!node) return;
    const ready = readyStatus(node);
    const before = this.observedReady.get(name);
    if (before === 'True' && ready !== 'True') {
      this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      this.markPodsNotReady(name);
    }
    this.observedReady.set(name, ready);
    const taints = reconcileTaints(node, this.ctx.clock.nowISO());
    if (taints) {
      const next = structuredClone(node);
      (next.spec as { taints?: unknown[] }).taints = taints.length ? taints : undefined;
      if (!taints.length) delete (next.spec as { taints?: unknown[] }).taints;
      this.ctx.client.update(next);
    }
  }

  /** MarkPodsNotReady (pkg/controller/util/node): Ready=False on every pod of the node, with a Warning each. */
  private markPodsNotReady(nodeName: string): void {
    const now = this.ctx.clock.nowISO();
    for (const pod of this.ctx.client.list(GR.pods, { fieldSelector: `spec.nodeName=${nodeName}` })) {
      if ((pod.spec as { nodeName?: string }).nodeName !== nodeName) continue;
      const status = (pod.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
      const ready = status.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const conditions = status.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
      try {
        const updated = this.ctx.client.updateStatus({ ...pod, status: { ...status, conditions } } as KubeObject);
        this.recorder.event(updated, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch {
        // The pod went away meanwhile: nothing to mark.
      }
    }
  }
}
