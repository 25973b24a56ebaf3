/**
 * Scheduler: kube-scheduler's default profile for one sandbox cluster. It watches pods,
 * nodes and storage, queues the pods it is responsible for (no nodeName, schedulerName
 * default-scheduler, not being deleted), and schedules one pod per turn of the Runner:
 * filter → (preempt) → score → reserve volumes → bind (pkg/scheduler/schedule_one.go).
 *
 * Watch handlers only update memory and the queue (the store delivers events inside the
 * writer's call); every write happens in processOne, as a "chore" or a scheduling cycle.
 */
import type { ClusterComponent, ComponentContext } from '../cluster';
import type { KubeObject, WatchEvent } from '../types';
import { StatusError } from '../errors';
import { GR, type ClusterClient } from '../controllers/framework/client';
import type { ControllerContext } from '../controllers/framework/controller';
import type { EventRecorder } from '../controllers/framework/events';
import type { Processor } from '../controllers/framework/runner';
import { claimSpec } from '../controllers/volume/volume-types';
import { ANN_SELECTED_NODE } from '../controllers/volume/annotations';
import { fitErrorMessage, type Diagnosis } from './fit-error';
import { filterNode, findFeasibleNodes, scoreNodes, selectHost } from './framework';
import { preempt } from './preemption';
import { buildSnapshot, withNominatedPods } from './snapshot';
import { SchedulingQueue } from './scheduling-queue';
import { claimNames, isClaimBound } from './plugins/volume-binding';
import { isTerminal, podPriority, podSpec, podStatus, type PodCondition } from './types';

export const SCHEDULER_NAME = 'default-scheduler';
/** The VolumeBinding plugin's bindTimeoutSeconds default: how long PreBind waits for the PV controller. */
export const VOLUME_BINDING_TIMEOUT_MS = 600_000;
export const SCHEDULING_GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

/** Why a pod is pending, per node, for the portal's "why pending" view. */
export interface SchedulingDiagnosis {
  nodes: { node: string; plugin: string; reasons: string[] }[];
  message: string;
}

interface PendingPod {
  /** spec + labels: a change may make the pod schedulable. */
  signature: string;
  /** Pod affinity or topology spread: other pods' placement matters to it. */
  dependsOnPods: boolean;
}

interface Assumed {
  pod: KubeObject;
  node: string;
  cancel: () => void;
}

const signatureOf = (pod: KubeObject) => JSON.stringify([pod.spec, pod.metadata.labels ?? {}]);
const isGated = (pod: KubeObject) => (podSpec(pod).schedulingGates ?? []).length > 0;

function dependsOnPods(pod: KubeObject): boolean {
  const s = podSpec(pod);
  return !!(s.affinity?.podAffinity || s.affinity?.podAntiAffinity || s.topologySpreadConstraints?.length);
}

export class Scheduler implements ClusterComponent, Processor {
  readonly name = SCHEDULER_NAME;
  private readonly client: ClusterClient;
  private readonly recorder: EventRecorder;
  private readonly queue: SchedulingQueue;
  private readonly watches: { close(): void }[] = [];
  private readonly chores = new Map<string, () => void>();
  private readonly pending = new Map<string, PendingPod>();
  /** Bound pods seen, by uid: whether each is terminal (finishing frees its room). */
  private readonly assigned = new Map<string, { terminal: boolean }>();
  private readonly nodeSignatures = new Map<string, string>();
  private readonly claimSignatures = new Map<string, string>();
  private readonly assumed = new Map<string, Assumed>();
  private readonly diagnoses = new Map<string, SchedulingDiagnosis>();
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = 'clientAs' in ctx ? (ctx as ComponentContext).clientAs('kube-scheduler') : ctx.client;
    this.recorder = ctx.recorder(SCHEDULER_NAME);
    this.queue = new SchedulingQueue(ctx.clock, () => ctx.runner.wake());
    ctx.runner.register(this);
  }

  /** The last failed attempt's reasons for a pending pod, or undefined once it is bound. */
  diagnosis(podUid: string): SchedulingDiagnosis | undefined {
    return this.diagnoses.get(podUid);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.watches.push(
      this.client.watch(GR.pods, (e) => this.guard(() => this.onPod(e))),
      this.client.watch(GR.nodes, (e) => this.guard(() => this.onNode(e))),
      this.client.watch(GR.pvcs, (e) => this.guard(() => this.onClaim(e))),
      this.client.watch(GR.pvs, (e) => this.guard(() => e.type === 'ADDED' && this.queue.moveAll())),
      this.client.watch(GR.storageclasses, (e) => this.guard(() => e.type === 'ADDED' && this.queue.moveAll())),
    );
    for (const n of this.client.peekList(GR.nodes)) this.nodeSignatures.set(n.metadata.name!, this.nodeSignature(n));
    for (const p of this.client.peekList(GR.pods)) this.onPod({ type: 'ADDED', object: p });
  }

  stop(): void {
    this.running = false;
    for (const w of this.watches.splice(0)) w.close();
    for (const a of this.assumed.values()) a.cancel();
    this.assumed.clear();
    this.queue.shutdown();
    this.chores.clear();
  }

  processOne(): boolean {
    if (!this.running) return false;
    const chore = this.chores.entries().next().value;
    if (chore) {
      this.chores.delete(chore[0]);
      this.guard(chore[1]);
      return true;
    }
    const next = this.queue.pop();
    if (!next) return false;
    try {
      this.scheduleOne(next.uid, next.key);
    } catch (err) {
      if (process.env.KUBELAB_DEBUG_CONTROLLERS) console.error(`scheduler ${next.key}:`, err);
      this.queue.retry(next.uid);
    }
    return true;
  }

  // ---- watch handlers: memory and queue only ----

  private guard(fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      if (process.env.KUBELAB_DEBUG_CONTROLLERS) console.error('scheduler:', err);
    }
  }

  private chore(key: string, fn: () => void): void {
    this.chores.set(key, fn);
    this.ctx.runner.wake();
  }

  private onPod(e: WatchEvent): void {
    if (e.type === 'BOOKMARK' || e.type === 'ERROR') return;
    const pod = e.object;
    const uid = pod.metadata.uid!;
    if (e.type === 'DELETED') {
      this.forgetPending(uid);
      const was = this.assigned.get(uid);
      this.assigned.delete(uid);
      if (was && !was.terminal) this.queue.moveAll();
      return;
    }
    if (podSpec(pod).nodeName) {
      this.forgetPending(uid);
      const was = this.assigned.get(uid);
      const terminal = isTerminal(pod);
      this.assigned.set(uid, { terminal });
      if (!was) this.queue.moveAll((u) => this.pending.get(u)?.dependsOnPods ?? false);
      else if (!was.terminal && terminal) this.queue.moveAll();
      return;
    }
    if (this.assumed.has(uid)) return;
    const responsible = (podSpec(pod).schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !pod.metadata.deletionTimestamp && !isTerminal(pod);
    if (!responsible) {
      this.forgetPending(uid);
      return;
    }
    if (isGated(pod)) {
      this.queue.delete(uid);
      this.pending.delete(uid);
      const cond = (podStatus(pod).conditions ?? []).find((c) => c.type === 'PodScheduled');
      if (cond?.reason !== 'SchedulingGated') this.chore(`gated/${uid}`, () => this.markGated(pod.metadata.namespace!, pod.metadata.name!, uid));
      return;
    }
    const signature = signatureOf(pod);
    const before = this.pending.get(uid);
    this.pending.set(uid, { signature, dependsOnPods: dependsOnPods(pod) });
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!this.queue.has(uid)) this.queue.add({ uid, key, priority: podPriority(pod), created: pod.metadata.creationTimestamp ?? '' });
    else if (before && before.signature !== signature) this.queue.activate(uid, { priority: podPriority(pod) });
  }

  private forgetPending(uid: string): void {
    this.queue.delete(uid);
    this.pending.delete(uid);
    this.diagnoses.delete(uid);
    const a = this.assumed.get(uid);
    if (a) {
      a.cancel();
      this.assumed.delete(uid);
    }
  }

  private nodeSignature(n: KubeObject): string {
    return JSON.stringify([n.metadata.labels ?? {}, n.spec ?? {}, (n.status as { allocatable?: unknown } | undefined)?.allocatable ?? {}, !!n.metadata.deletionTimestamp]);
  }

  private onNode(e: WatchEvent): void {
    if (e.type === 'BOOKMARK' || e.type === 'ERROR') return;
    const name = e.object.metadata.name!;
    if (e.type === 'DELETED') {
      this.nodeSignatures.delete(name);
      return;
    }
    const sig = this.nodeSignature(e.object);
    if (this.nodeSignatures.get(name) === sig) return;
    this.nodeSignatures.set(name, sig);
    this.queue.moveAll();
  }

  private onClaim(e: WatchEvent): void {
    if (e.type === 'BOOKMARK' || e.type === 'ERROR') return;
    const pvc = e.object;
    const key = `${pvc.metadata.namespace}/${pvc.metadata.name}`;
    const sig = `${isClaimBound(pvc)}/${claimSpec(pvc).volumeName ?? ''}`;
    if (e.type === 'DELETED') {
      this.claimSignatures.delete(key);
      return;
    }
    if (this.claimSignatures.get(key) === sig) return;
    this.claimSignatures.set(key, sig);
    this.queue.moveAll();
    for (const [uid, a] of this.assumed) {
      if (a.pod.metadata.namespace === pvc.metadata.namespace && claimNames(a.pod).includes(pvc.metadata.name!)) {
        this.chore(`volumes/${uid}`, () => this.finishVolumeBinding(uid));
      }
    }
  }

  // ---- the scheduling cycle ----

  private scheduleOne(uid: string, key: string): void {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    // A cycle reads the stored (frozen) pods; its writes (binding, status) are built beside them.
    const pod = this.client.peek(GR.pods, ns, name);
    if (!pod || pod.metadata.uid !== uid || podSpec(pod).nodeName || pod.metadata.deletionTimestamp || isGated(pod)) {
      this.queue.done(uid);
      return;
    }
    const snap = buildSnapshot(this.client, this.assumed);
    if (snap.nodes.length === 0) {
      this.diagnoses.set(uid, { nodes: [], message: NO_NODES_MESSAGE });
      this.recordFailure(pod, NO_NODES_MESSAGE, undefined);
      this.queue.failed(uid);
      return;
    }
    const pendingPods = this.client.peekList(GR.pods).filter((p) => !podSpec(p).nodeName && podStatus(p).nominatedNodeName);
    const filterSnap = withNominatedPods(snap, pod, pendingPods);
    const { feasible, diagnosis } = findFeasibleNodes(pod, filterSnap);
    if (feasible.length === 0) {
      this.handleUnschedulable(pod, filterSnap, diagnosis);
      return;
    }
    const scoring = feasible.map((f) => snap.nodes.find((i) => i.node.metadata.name === f.node.metadata.name)!);
    const node = scoring.length === 1 ? scoring[0].node.metadata.name! : selectHost(scoreNodes(pod, scoring, snap), this.ctx.random);
    this.diagnoses.delete(uid);
    if (this.reserveVolumes(pod, node)) {
      this.queue.done(uid);
      return;
    }
    this.bind(pod, node);
  }

  private handleUnschedulable(pod: KubeObject, snap: ReturnType<typeof buildSnapshot>, diagnosis: Diagnosis): void {
    const uid = pod.metadata.uid!;
    const outcome = preempt(pod, snap, diagnosis, filterNode);
    let nominated: string | undefined;
    if (outcome.kind === 'nominated') {
      nominated = outcome.node;
      this.evictVictims(pod, outcome.node, outcome.victims);
    } else {
      diagnosis.postFilterMsg = outcome.message;
      // A preemption that found no candidate clears an earlier nomination; ineligibility keeps it.
      if (!outcome.message.includes('not eligible')) nominated = '';
    }
    const message = fitErrorMessage(diagnosis);
    this.diagnoses.set(uid, { nodes: diagnosis.nodes.map(({ node, plugin, reasons }) => ({ node, plugin, reasons })), message });
    this.recordFailure(pod, message, nominated);
    this.queue.failed(uid);
  }

  /** handleSchedulingFailure: the Warning event, then PodScheduled=False and the nomination. */
  private recordFailure(pod: KubeObject, message: string, nominated: string | undefined): void {
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const live = this.client.get(GR.pods, pod.metadata.namespace!, pod.metadata.name!);
    if (!live || live.metadata.uid !== pod.metadata.uid || podSpec(live).nodeName) return;
    const status = { ...podStatus(live) };
    const conditions = [...(status.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === 'PodScheduled');
    const old = i >= 0 ? conditions[i] : undefined;
    const condChanged = old?.status !== 'False' || old.reason !== 'Unschedulable' || old.message !== message;
    const nominatedChanged = nominated !== undefined && (status.nominatedNodeName ?? '') !== nominated;
    if (!condChanged && !nominatedChanged) return;
    const cond: PodCondition = {
      type: 'PodScheduled', status: 'False', lastProbeTime: null,
      lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : this.ctx.clock.nowISO(),
      reason: 'Unschedulable', message,
    };
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
    status.conditions = conditions;
    if (nominated) status.nominatedNodeName = nominated;
    else if (nominated === '') delete status.nominatedNodeName;
    live.status = status;
    this.client.updateStatus(live);
  }

  /** prepareCandidate: mark each victim as a DisruptionTarget, record Preempted, delete it gracefully. */
  private evictVictims(preemptor: KubeObject, node: string, victims: readonly KubeObject[]): void {
    const schedulerName = podSpec(preemptor).schedulerName ?? SCHEDULER_NAME;
    for (const v of victims) {
      const live = this.client.get(GR.pods, v.metadata.namespace!, v.metadata.name!);
      if (!live || live.metadata.uid !== v.metadata.uid) continue;
      if (!live.metadata.deletionTimestamp) {
        const status = { ...podStatus(live) };
        const conditions = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
        conditions.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.ctx.clock.nowISO(), reason: 'PreemptionByScheduler', message: `${schedulerName}: preempting to accommodate a higher priority pod` });
        live.status = { ...status, conditions };
        const updated = this.client.updateStatus(live);
        this.client.delete(GR.pods, live.metadata.namespace, live.metadata.name!);
        this.recorder.event(updated, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${node}`);
      }
    }
    // Lower-priority pods nominated to this node lose the nomination: the room is the preemptor's.
    for (const p of this.client.list(GR.pods)) {
      if (podSpec(p).nodeName || podStatus(p).nominatedNodeName !== node || podPriority(p) >= podPriority(preemptor) || p.metadata.uid === preemptor.metadata.uid) continue;
      const status = { ...podStatus(p) };
      delete status.nominatedNodeName;
      p.status = status;
      this.client.updateStatus(p);
    }
  }

  /**
   * VolumeBinding Reserve/PreBind: name the node on each unbound WaitForFirstConsumer claim
   * and hold the pod (assumed on the node) until the PV controller has bound them all.
   * Returns true when the pod waits.
   */
  private reserveVolumes(pod: KubeObject, node: string): boolean {
    const ns = pod.metadata.namespace!;
    const claims = claimNames(pod).map((n) => this.client.get(GR.pvcs, ns, n)).filter((c): c is KubeObject => !!c);
    const unbound = claims.filter((c) => !isClaimBound(c));
    if (unbound.length === 0) return false;
    for (const c of unbound) {
      if (c.metadata.annotations?.[ANN_SELECTED_NODE] === node) continue;
      c.metadata.annotations = { ...c.metadata.annotations, [ANN_SELECTED_NODE]: node };
      this.client.update(c);
    }
    const uid = pod.metadata.uid!;
    const cancel = this.ctx.clock.setTimer(VOLUME_BINDING_TIMEOUT_MS, () => this.chore(`volumes/${uid}`, () => this.volumeBindingTimedOut(uid)));
    this.assumed.set(uid, { pod, node, cancel });
    return true;
  }

  private finishVolumeBinding(uid: string): void {
    const a = this.assumed.get(uid);
    if (!a) return;
    const ns = a.pod.metadata.namespace!;
    const pod = this.client.get(GR.pods, ns, a.pod.metadata.name!);
    if (!pod || pod.metadata.uid !== uid) return this.forgetPending(uid);
    if (!claimNames(pod).every((n) => { const c = this.client.get(GR.pvcs, ns, n); return c && isClaimBound(c); })) return;
    a.cancel();
    this.assumed.delete(uid);
    this.bind(pod, a.node);
  }

  private volumeBindingTimedOut(uid: string): void {
    const a = this.assumed.get(uid);
    if (!a) return;
    this.assumed.delete(uid);
    const pod = this.client.get(GR.pods, a.pod.metadata.namespace!, a.pod.metadata.name!);
    if (!pod || pod.metadata.uid !== uid || podSpec(pod).nodeName) return;
    this.recordFailure(pod, 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded', undefined);
    this.queue.add({ uid, key: `${pod.metadata.namespace}/${pod.metadata.name}`, priority: podPriority(pod), created: pod.metadata.creationTimestamp ?? '' });
  }

  private bind(pod: KubeObject, node: string): void {
    const uid = pod.metadata.uid!;
    const ns = pod.metadata.namespace!;
    // Never bind to a node that has gone (or is going) since the snapshot.
    const target = this.client.get(GR.nodes, undefined, node);
    if (!target || target.metadata.deletionTimestamp) {
      this.queue.done(uid);
      this.queue.add({ uid, key: `${ns}/${pod.metadata.name}`, priority: podPriority(pod), created: pod.metadata.creationTimestamp ?? '' });
      return;
    }
    let bound: KubeObject;
    try {
      bound = this.client.bind(ns, pod.metadata.name!, node);
    } catch (err) {
      // Already bound (409) or gone (404): nothing left to do for this pod.
      if (err instanceof StatusError && (err.code === 409 || err.code === 404)) return this.queue.done(uid);
      throw err;
    }
    this.queue.done(uid);
    this.pending.delete(uid);
    this.recorder.event(bound, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${node}`);
  }

  private markGated(ns: string, name: string, uid: string): void {
    const live = this.client.get(GR.pods, ns, name);
    if (!live || live.metadata.uid !== uid || !isGated(live) || podSpec(live).nodeName) return;
    const status = { ...podStatus(live) };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: this.ctx.clock.nowISO(), reason: 'SchedulingGated', message: SCHEDULING_GATED_MESSAGE });
    live.status = { ...status, conditions };
    this.client.updateStatus(live);
  }
}
