/**
 * Kubelet: the node agent of one Node. It watches the pods bound to its node
 * (spec.nodeName) and runs one PodWorker per pod; its work queue is the pod workers'
 * queue (a key is `namespace/name`). Writes go out as the `kubelet` field manager, events
 * with source {component: kubelet, host: <node>}. An unreachable kubelet (a cut network)
 * stops syncing and writing, while its containers keep running; it resyncs when reachable.
 */
import type { ClusterComponent, ComponentContext } from '../cluster';
import { Controller, keyOf, splitKey } from '../controllers/framework/controller';
import type { DrainLane } from '../controllers/framework/runner';
import { GR, type ClusterClient } from '../controllers/framework/client';
import type { EventRecorder } from '../controllers/framework/events';
import type { ContainerRuntime, RunningContainer } from '../runtime/types';
import type { KubeObject } from '../types';
import { PodIPAllocator } from './pod-ip';
import { PodWorker, type WorkerHost } from './pod-worker';
import type { PodStatus } from './spec-types';

export class KubeletWithoutRuntimeError extends Error {
  constructor(readonly node: string) {
    super(`kubelet on ${node}: the cluster has no container runtime (ClusterParts.runtime)`);
    this.name = 'KubeletWithoutRuntimeError';
  }
}

export class Kubelet extends Controller implements ClusterComponent {
  /** A node's work: behind the control plane's on a busy worker (lib/turns/turns.ts). */
  override readonly lane: DrainLane = 'node';
  private readonly client: ClusterClient;
  private readonly recorder: EventRecorder;
  private readonly runtime: ContainerRuntime;
  private readonly workers = new Map<string, PodWorker>();
  private ips?: PodIPAllocator;
  private reachable = true;
  private pullsFreeAt = 0;
  private readonly seen = new Map<string, string>();

  constructor(private readonly context: ComponentContext, readonly nodeName: string) {
    super(context, `kubelet-${nodeName}`);
    if (!context.runtime) throw new KubeletWithoutRuntimeError(nodeName);
    this.runtime = context.runtime;
    this.client = context.clientAs('kubelet');
    this.recorder = context.recorder('kubelet', nodeName);
  }

  private bound(pod: KubeObject): boolean {
    return (pod.spec as { nodeName?: string } | undefined)?.nodeName === this.nodeName;
  }

  protected setup(): void {
    this.watch(GR.pods, (pod, e) => {
      if (!this.bound(pod)) return undefined;
      const key = keyOf(pod);
      if (e.type === 'DELETED') {
        this.seen.delete(key);
        return key;
      }
      // Like the kubelet's pod config, a status-only change (its own writes) is no reason
      // to sync; a new pod, a spec change, a deletion or another component's condition is.
      const fp = fingerprint(pod);
      if (this.seen.get(key) === fp) return undefined;
      this.seen.set(key, fp);
      return key;
    });
  }

  protected initialKeys(): string[] {
    const pods = this.client.peekList(GR.pods).filter((p) => this.bound(p));
    // Addresses pods already have stay theirs (a kubelet restarting over running pods).
    for (const p of pods) {
      const ip = (p.status as PodStatus | undefined)?.podIP;
      if (ip) this.allocator().reserve(p.metadata.uid!, ip);
      this.keepPulledImages(p);
    }
    return pods.map(keyOf);
  }

  /**
   * A node's pulled images outlive its kubelet (a cluster woken from sleep): the images its pods'
   * containers were reported with (an imageID) are present again, so their restarts say "already
   * present on machine" instead of pulling anew.
   */
  private keepPulledImages(pod: KubeObject): void {
    const status = pod.status as PodStatus | undefined;
    const spec = pod.spec as { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] } | undefined;
    const images = new Map<string, string | undefined>();
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) images.set(c.name, c.image);
    for (const cs of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
      const image = images.get(cs.name);
      if (image && cs.imageID) this.runtime.images.markPresent(this.nodeName, image);
    }
  }

  /** The stored node (frozen): read for its pod CIDR and addresses. */
  private node(): KubeObject | undefined {
    return this.client.peek(GR.nodes, undefined, this.nodeName);
  }

  private allocator(): PodIPAllocator {
    if (!this.ips) {
      const cidr = (this.node()?.spec as { podCIDR?: string } | undefined)?.podCIDR ?? '10.244.0.0/24';
      this.ips = new PodIPAllocator(cidr);
    }
    return this.ips;
  }

  private hostIP(): string {
    const addresses = ((this.node()?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? []);
    return addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  }

  private hostFor(key: string): WorkerHost {
    return {
      nodeName: this.nodeName,
      client: this.client,
      recorder: this.recorder,
      clock: this.context.clock,
      runtime: this.runtime,
      logs: this.context.logs,
      random: () => this.context.random(),
      hostIP: () => this.hostIP(),
      allocateIP: (uid) => this.allocator().allocate(uid),
      reservePull: (requestedAt, pullMs) => {
        const startAt = Math.max(requestedAt, this.pullsFreeAt);
        this.pullsFreeAt = startAt + pullMs;
        return { startAt, endAt: this.pullsFreeAt };
      },
      wake: () => this.queue.add(key),
      wakeAfter: (ms) => this.queue.addAfter(key, ms),
    };
  }

  sync(key: string): void {
    if (!this.reachable) return;
    const { namespace, name } = splitKey(key);
    // The stored pod (frozen), as a kubelet reads its informer's cache: the worker builds its
    // status writes beside it and keeps the stored result of each.
    const pod = this.client.peek(GR.pods, namespace, name);
    let worker = this.workers.get(key);
    if (worker && (!pod || pod.metadata.uid !== worker.uid || !this.bound(pod))) {
      worker.destroy();
      this.ips?.release(worker.uid);
      this.workers.delete(key);
      worker = undefined;
    }
    if (!pod || !this.bound(pod)) return;
    if (!worker) {
      worker = new PodWorker(pod, this.hostFor(key));
      this.workers.set(key, worker);
    }
    worker.sync(pod);
  }

  /** The running container of a pod on this node, for exec. */
  runningContainer(namespace: string, pod: string, container: string): RunningContainer | undefined {
    return this.workers.get(`${namespace}/${pod}`)?.runningContainer(container);
  }

  setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    if (!reachable) return;
    for (const key of this.workers.keys()) this.queue.add(key);
    for (const key of this.initialKeys()) this.queue.add(key);
  }

  get isReachable(): boolean {
    return this.reachable;
  }

  /** Stops the agent; containers stay as they are (cluster closing). */
  stop(): void {
    super.stop();
    for (const w of this.workers.values()) w.pause();
  }

  /** The node is gone: its machine and every container on it with it. */
  shutdown(): void {
    super.stop();
    for (const w of this.workers.values()) w.destroy();
    this.workers.clear();
  }
}

const KUBELET_OWNED = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** What in a pod makes its worker sync: identity, spec, deletion, conditions others own. */
function fingerprint(pod: KubeObject): string {
  const conditions = ((pod.status as PodStatus | undefined)?.conditions ?? []).filter((c) => !KUBELET_OWNED.has(c.type)).map((c) => `${c.type}=${c.status}`);
  // Ephemeral containers counted too: a pod added to through pods/ephemeralcontainers must sync whatever its generation says.
  const ephemeral = ((pod.spec as { ephemeralContainers?: unknown[] } | undefined)?.ephemeralContainers ?? []).length;
  return [pod.metadata.uid, pod.metadata.generation, ephemeral, pod.metadata.deletionTimestamp ?? '', pod.metadata.deletionGracePeriodSeconds ?? '', ...conditions].join('|');
}
