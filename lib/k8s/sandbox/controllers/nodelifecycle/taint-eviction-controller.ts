/**
 * TaintEvictionController (pkg/controller/tainteviction): a pod bound to a node with NoExecute
 * taints it does not tolerate is deleted at once; if every such taint is tolerated with
 * tolerationSeconds, it is deleted when the shortest of them runs out (a timer on the cluster
 * clock, cancelled if the taints go away). Before deleting, the pod gets the DisruptionTarget
 * condition and a TaintManagerEviction event.
 */
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import type { EventRecorder } from '../framework/events';
import { matchingTolerations, minTolerationSeconds, type Taint, type Toleration } from './tolerations';

export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

interface Scheduled {
  createdAt: number;
  fireAt: number;
  cancel: () => void;
}

const POD = 'pod:';
const NODE = 'node:';
const EVICT = 'evict:';

export class TaintEvictionController extends Controller {
  private readonly recorder: EventRecorder;
  private readonly scheduled = new Map<string, Scheduled>();
  /** Pods already evicted (by uid): the timed worker queue keeps their key so they are not evicted twice. */
  private readonly evicted = new Set<string>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'taint-eviction');
    this.recorder = ctx.recorder(TAINT_EVICTION_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.pods, (pod, e) => {
      if (e.type === 'DELETED') {
        this.evicted.delete(pod.metadata.uid!);
        this.cancel(keyOf(pod), false);
        return undefined;
      }
      return POD + keyOf(pod);
    });
    this.watch(GR.nodes, (node) => NODE + node.metadata.name);
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.nodes).map((n) => NODE + n.metadata.name);
  }

  stop(): void {
    for (const s of this.scheduled.values()) s.cancel();
    this.scheduled.clear();
    super.stop();
  }

  // Reads are of the stored objects (peek, frozen): a sync only decides, and evict builds its
  // write beside the stored pod.
  sync(key: string): void {
    if (key.startsWith(NODE)) {
      const nodeName = key.slice(NODE.length);
      const node = this.ctx.client.peek(GR.nodes, undefined, nodeName);
      for (const pod of this.ctx.client.peekList(GR.pods, { fieldSelector: `spec.nodeName=${nodeName}` })) this.processPod(pod, node);
      return;
    }
    if (key.startsWith(EVICT)) {
      const podKey = key.slice(EVICT.length);
      const s = this.scheduled.get(podKey);
      if (!s || s.fireAt > this.ctx.clock.now()) return;
      this.scheduled.delete(podKey);
      this.evict(podKey);
      return;
    }
    const podKey = key.slice(POD.length);
    const { namespace, name } = splitKey(podKey);
    const pod = this.ctx.client.peek(GR.pods, namespace, name);
    if (!pod) return this.cancel(podKey, false);
    const nodeName = (pod.spec as { nodeName?: string }).nodeName;
    this.processPod(pod, nodeName ? this.ctx.client.peek(GR.nodes, undefined, nodeName) : undefined);
  }

  /** processPodOnNode */
  private processPod(pod: KubeObject, node: KubeObject | undefined): void {
    const podKey = keyOf(pod);
    if (this.evicted.has(pod.metadata.uid!)) return;
    const taints = ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (!node || taints.length === 0) return this.cancel(podKey, true);
    const { allTolerated, used } = matchingTolerations(taints, (pod.spec as { tolerations?: Toleration[] }).tolerations);
    if (!allTolerated) {
      this.cancel(podKey, false);
      this.evict(podKey);
      return;
    }
    const seconds = minTolerationSeconds(used);
    if (seconds < 0) return this.cancel(podKey, true);
    const now = this.ctx.clock.now();
    const existing = this.scheduled.get(podKey);
    // An eviction already counting down keeps its start; only a shorter window reschedules.
    const createdAt = existing?.createdAt ?? now;
    const fireAt = createdAt + seconds * 1000;
    if (existing && existing.fireAt <= fireAt) return;
    existing?.cancel();
    const cancel = this.ctx.clock.setTimer(Math.max(0, fireAt - now), () => this.queue.add(EVICT + podKey));
    this.scheduled.set(podKey, { createdAt, fireAt, cancel });
  }

  /** cancelWorkWithEvent: a pending eviction no longer applies. */
  private cancel(podKey: string, withEvent: boolean): void {
    const s = this.scheduled.get(podKey);
    if (!s) return;
    s.cancel();
    this.scheduled.delete(podKey);
    if (!withEvent) return;
    const { namespace, name } = splitKey(podKey);
    const pod = this.ctx.client.peek(GR.pods, namespace, name);
    if (pod) this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${podKey}`);
  }

  /** deletePodHandler + addConditionAndDeletePod */
  private evict(podKey: string): void {
    const { namespace, name } = splitKey(podKey);
    const pod = this.ctx.client.peek(GR.pods, namespace, name);
    if (!pod) return;
    this.evicted.add(pod.metadata.uid!);
    this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${podKey}`);
    const status = (pod.status ?? {}) as { conditions?: { type: string; status: string }[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
    conditions.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.ctx.clock.nowISO(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' } as never);
    try {
      this.ctx.client.updateStatus({ ...pod, status: { ...status, conditions } });
      this.ctx.client.delete(GR.pods, namespace, name);
    } catch (err) {
      // Retry the eviction through the queue unless the pod is already gone.
      this.evicted.delete(pod.metadata.uid!);
      if (this.ctx.client.peek(GR.pods, namespace, name)) throw err;
    }
  }
}
