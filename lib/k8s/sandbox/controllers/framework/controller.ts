/**
 * Controller: the level-triggered loop of kube-controller-manager. Watch handlers only map
 * an event to keys and enqueue them; sync(key) reads the latest objects, computes, writes,
 * and throws to be retried with backoff. Keys are `namespace/name` (or `name`).
 */
import type { GroupResource, KubeObject, WatchEvent } from '../../types';
import type { ClockPort } from '../../core/clock-port';
import type { ClusterClient } from './client';
import { EventRecorder } from './events';
import type { DrainLane, Processor, Runner } from './runner';
import { WorkQueue } from './work-queue';

export interface ControllerContext {
  /** Writes as kube-controller-manager (or the component the context was made for). */
  client: ClusterClient;
  clock: ClockPort;
  runner: Runner;
  /** A recorder whose source is component (and host, for kubelets). */
  recorder(component: string, host?: string): EventRecorder;
  /** Injected randomness (jitter, choices); tests pass a seeded generator. */
  random(): number;
}

export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The controller owning obj (ownerReferences[].controller), if of the given kind. */
export function controllerOf(obj: KubeObject, kind?: string): { kind: string; name: string; uid: string } | undefined {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref || (kind && ref.kind !== kind)) return undefined;
  return ref;
}

export abstract class Controller implements Processor {
  readonly queue: WorkQueue;
  /** The control plane's lane; the kubelet's is 'node' (lib/turns/turns.ts). Read at each wake. */
  readonly lane: DrainLane = 'control';
  private readonly watches: { close(): void }[] = [];
  private running = false;

  constructor(protected readonly ctx: ControllerContext, readonly name: string) {
    this.queue = new WorkQueue(ctx.clock, () => ctx.runner.wake(this.lane));
    ctx.runner.register(this);
  }

  /** Registers watches; called once by start(). */
  protected abstract setup(): void;
  /** Reconciles one key. Throwing requeues the key with backoff. */
  abstract sync(key: string): void;

  /** Keys to sync at start (a resync of what already exists, e.g. after a restart). */
  protected initialKeys(): string[] {
    return [];
  }

  protected watch(gr: GroupResource, toKeys: (obj: KubeObject, e: WatchEvent) => string | string[] | undefined): void {
    this.watches.push(this.ctx.client.watch(gr, (e) => {
      if (e.type === 'BOOKMARK' || e.type === 'ERROR') return;
      const keys = toKeys(e.object, e);
      if (keys === undefined) return;
      for (const k of Array.isArray(keys) ? keys : [keys]) this.queue.add(k);
    }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setup();
    for (const k of this.initialKeys()) this.queue.add(k);
  }

  stop(): void {
    this.running = false;
    for (const w of this.watches.splice(0)) w.close();
    this.queue.shutdown();
  }

  processOne(): boolean {
    if (!this.running) return false;
    const key = this.queue.take();
    if (key === undefined) return false;
    try {
      this.sync(key);
      this.queue.forget(key);
    } catch (err) {
      if (process.env.KUBELAB_DEBUG_CONTROLLERS) console.error(`${this.name} sync ${key}:`, err);
      this.queue.addRateLimited(key);
    }
    return true;
  }
}
