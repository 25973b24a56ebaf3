/**
 * Cluster: one sandbox cluster = clock + store + API server + core components (garbage
 * collector, root CA publisher, service-account controller: core-components.ts) + log store,
 * bootstrapped like a fresh kind cluster. The parts are injected (ClusterParts) so the host,
 * the CLI and tests choose the store, clock, patch and schema implementations.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiServer, type ApiLimits } from './apiserver/api-server';
import { admit } from './apiserver/admission';
import type { PatchPort, SchemasPort, StorePort } from './apiserver/ports';
import type { ClockPort } from './core/clock-port';
import { coreComponents } from './core-components';
import { InternalClient } from './apiserver/internal-client';
import type { ControllerContext } from './controllers/framework/controller';
import { EventRecorder } from './controllers/framework/events';
import { Runner } from './controllers/framework/runner';
import { runVirtualTime, type Clock, type VirtualTimeRun } from './clock';
import type { ContainerRuntime } from './runtime/types';
import type { ProductHandles } from './components';
import { MemoryLogStore, type LogStore } from './logs/log-store';
import { findKind } from './registry';
import type { KubeObject } from './types';
import {
  SYSTEM_NAMESPACES, defaultServiceAccount, kubeDnsService, rootCaConfigMap, kubernetesService, namespaceObject, nodeObject, standardStorageClass, systemPriorityClasses,
} from './bootstrap';
import { GR } from './registry/group-resources';

/**
 * The cluster's clock: the Clock contract (clock.ts) without microsecond times, its speed
 * optional (a ManualClock has none to change), plus what WallClock adds for sleeping clusters.
 */
export type ClusterClock = Pick<Clock, 'now' | 'nowISO' | 'setTimer' | 'advance' | 'nextDue'> &
  Partial<Pick<Clock, 'setScale' | 'scale'>> & {
    /** Continues from a saved virtual time and speed (a cluster waking from sleep; see SandboxHost). */
    resumeAt?(virtualNow: number, scale: number): void;
    /** Stops any wall timer, so a closed cluster is not kept alive (and in memory) by its clock. */
    dispose?(): void;
  };

/** What a sleeping cluster keeps of its clock: the virtual time and speed it stopped at. */
export interface ClockState {
  /** Virtual epoch milliseconds. */
  now: number;
  scale: number;
}

/**
 * What one advance may spend stepping before it jumps the rest of its span at once: timer
 * stops (a `sleep 0.1` loop for a day would make 864,000) and wall time (a day of the module's
 * every-minute CronJob takes 4–6 s, with or without SQLite), so one learner's skip cannot
 * hold a core for long.
 */
export const MAX_ADVANCE_STEPS = 20_000;
export const MAX_ADVANCE_WALL_MS = 15_000;

/** Turns of the event loop a settle waits for the cluster to go quiet before giving up. */
const MAX_SETTLE_TURNS = 10_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ClusterParts {
  /** close: on Cluster.close; drop: on Cluster.destroy, deleting what the store persisted. */
  store: StorePort & { close?(): void; drop?(): void };
  clock: ClusterClock;
  patch: PatchPort;
  schemas?: SchemasPort;
  logs?: LogStore;
  /**
   * What runs in containers (runtime/); the kubelets drive it. A factory gets the cluster's
   * own client (the runtime's network reads Services and Endpoints through it).
   */
  runtime?: ContainerRuntime | ((ctx: { client: InternalClient; clock: ClockPort }) => ContainerRuntime);
  /** Randomness for controllers (jitter, choices); tests pass a seeded generator. */
  random?: () => number;
  /**
   * Randomness for what the API server generates (uids for Job selectors, token volume names,
   * node ports); crypto's by default, seeded in tests so two runs are alike.
   */
  apiRandom?: () => number;
}

/** A part that runs inside the cluster once it is bootstrapped: a controller, the scheduler, a kubelet. */
export interface ClusterComponent {
  start(): void;
  stop(): void;
}

export interface ComponentContext extends ControllerContext {
  /** A client writing under another field manager (kubelet, scheduler). */
  clientAs(manager: string): InternalClient;
  cluster: Cluster;
  logs: LogStore;
  runtime?: ContainerRuntime;
}

export interface ClusterOptions {
  id: string;
  parts: ClusterParts;
  /** Worker nodes besides the control plane (default 3). */
  workers?: number;
  prefix?: string;
  limits?: Partial<ApiLimits>;
  /** The controllers, scheduler and kubelets to run (default: none, an API server alone). */
  components?: (ctx: ComponentContext) => ClusterComponent[];
  /**
   * Build the components but start none of them (core components included) until start() is
   * called: a host waking many clusters at once answers each as soon as its store is loaded and
   * its API can serve, and starts their controllers after (SandboxHost's start queue). settle
   * and advance start them first.
   */
  startLater?: boolean;
}

export class Cluster {
  readonly id: string;
  readonly store: ClusterParts['store'];
  readonly clock: ClusterClock;
  readonly api: ApiServer;
  readonly logs: LogStore;
  /** The garbage collector, root CA publisher and service-account controller (core-components.ts). */
  private readonly core: ClusterComponent[];
  readonly runner = new Runner();
  readonly context: ComponentContext;
  /**
   * Handles to the parts the portal uses outside the Kubernetes API (node lifecycle for node
   * operations, the scheduler's why-pending, the kubelets), set by productComponents; absent
   * on a cluster built without them (an API server alone).
   */
  productHandles?: ProductHandles;
  private readonly components: ClusterComponent[] = [];
  /** The advance in progress: advances run one after another. */
  private advancing: Promise<unknown> = Promise.resolve();
  private closed = false;
  private componentsStarted = false;

  constructor(opts: ClusterOptions) {
    this.id = opts.id;
    this.store = opts.parts.store;
    this.clock = opts.parts.clock;
    this.logs = opts.parts.logs ?? new MemoryLogStore();
    this.api = new ApiServer({
      store: this.store,
      clock: this.clock,
      patch: opts.parts.patch,
      schemas: opts.parts.schemas,
      logs: this.logs,
      prefix: opts.prefix ?? '',
      limits: opts.limits,
      random: opts.parts.apiRandom,
    });
    // Counted, not listed: a list copies every namespace, and a waking store would parse them.
    const fresh = (this.store.count ? this.store.count(GR.namespaces) : this.store.list(GR.namespaces).items.length) === 0;
    if (fresh) this.bootstrap(opts.workers ?? 3);
    this.core = coreComponents(this.store);
    const client = this.api.internalClient('kube-controller-manager');
    const random = opts.parts.random ?? Math.random;
    this.context = {
      client,
      clientAs: (manager) => client.as(manager),
      clock: this.clock,
      runner: this.runner,
      recorder: (component, host) => new EventRecorder({ client, now: () => this.clock.now() }, { component, host }),
      random,
      cluster: this,
      logs: this.logs,
      runtime: typeof opts.parts.runtime === 'function' ? opts.parts.runtime({ client, clock: this.clock }) : opts.parts.runtime,
    };
    if (opts.components) this.components.push(...opts.components(this.context));
    if (!opts.startLater) this.start();
  }

  /** Whether the components run (see ClusterOptions.startLater). */
  get started(): boolean {
    return this.componentsStarted;
  }

  /**
   * Starts the core components, then the controllers, scheduler and kubelets; once (later calls
   * and calls after close do nothing). Each lists what the store holds as it starts, so writes
   * made before (requests served meanwhile) are seen as a restarted controller manager sees them.
   */
  start(): void {
    if (this.componentsStarted || this.closed) return;
    this.componentsStarted = true;
    for (const c of this.core) c.start();
    for (const c of this.components) c.start();
  }

  private createSystem(obj: KubeObject): void {
    const def = findKind(obj.apiVersion, obj.kind);
    if (!def) throw new Error(`bootstrap object of unknown kind ${obj.apiVersion}/${obj.kind}`);
    admit(def, obj, undefined, this.api.admission);
    this.store.create({ group: def.group, resource: def.plural }, obj);
  }

  private bootstrap(workers: number): void {
    for (const ns of SYSTEM_NAMESPACES) this.createSystem(namespaceObject(ns));
    for (const ns of SYSTEM_NAMESPACES) this.createSystem(defaultServiceAccount(ns));
    for (const ns of SYSTEM_NAMESPACES) this.createSystem(rootCaConfigMap(ns));
    this.createSystem(kubernetesService());
    this.createSystem(kubeDnsService());
    for (const pc of systemPriorityClasses()) this.createSystem(pc);
    this.createSystem(standardStorageClass());
    const now = this.clock.nowISO();
    this.createSystem(nodeObject('control-plane', 0, true, now));
    for (let i = 1; i <= workers; i++) this.createSystem(nodeObject(`worker-${i}`, i, false, now));
  }

  /** Serves one request whose path is relative to this cluster's prefix. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    // A learner's write: what it asks of the control plane goes before other clusters' queued work.
    if (req.method === 'GET' || req.method === 'HEAD') return this.api.handle(req, res, path, query);
    return this.runner.whilePrompting(() => this.api.handle(req, res, path, query));
  }

  /**
   * Lets the work queued at this instant run: controllers' queues, and the promise chains of
   * containers and the garbage collector. Quiet means the runner had nothing scheduled for three
   * turns of the event loop in a row. False when it never got quiet within maxTurns (something
   * keeps itself busy without time passing).
   */
  async settle(maxTurns = MAX_SETTLE_TURNS): Promise<boolean> {
    this.start();
    let idle = 0;
    for (let i = 0; i < maxTurns; i++) {
      await nextTurn();
      if (this.runner.busy) idle = 0;
      else if (++idle >= 3) return true;
    }
    return false;
  }

  /**
   * Moves virtual time forward as if it had passed: every timer due on the way fires at its own
   * time and the work it starts runs before the next, so an hour of a CronJob that runs every
   * minute makes 60 Jobs (and trims them to its history limits), and a crash-looping container
   * restarts on its backoff, as a real cluster would show an hour later. (A plain jump would show
   * what a controller sees after an hour down: one missed run.) Advances run one at a time.
   */
  advance(seconds: number): Promise<VirtualTimeRun> {
    this.start();
    const run = this.advancing.then(() => this.stepForward(seconds * 1000));
    this.advancing = run.catch(() => undefined);
    return run;
  }

  private async stepForward(ms: number): Promise<VirtualTimeRun> {
    const run = await runVirtualTime(this.clock, ms, async () => void (await this.settle()), { maxSteps: MAX_ADVANCE_STEPS, maxWallMs: MAX_ADVANCE_WALL_MS, stopped: () => this.closed });
    // The learner is told the skip is done: what it wrote must survive a crash.
    if (!this.closed) this.sync();
    return run;
  }

  /** The clock's virtual time and speed, to be resumed from when the cluster wakes (SandboxHost). */
  clockState(): ClockState {
    return { now: this.clock.now(), scale: this.clock.scale ?? 1 };
  }

  /** Commits what the store's persistence still holds (group commit), for an operation about to be confirmed. */
  sync(): void {
    this.store.sync?.();
  }

  /** Stops the cluster and deletes its persisted objects: it is gone for good (a reset). */
  destroy(): void {
    this.stop();
    if (this.store.drop) this.store.drop();
    else this.store.close?.();
  }

  /**
   * Stops the cluster and closes its store, which keeps its objects (a sleep or a clean stop):
   * store.close writes what it still defers, and a sync after it commits that too.
   */
  close(): void {
    this.stop();
    this.store.close?.();
  }

  /** Everything but the store: components, runtime, controllers, garbage collector. */
  private stop(): void {
    this.closed = true;
    // Components never started (a cluster put back to sleep before its start) have nothing to stop.
    const started = this.componentsStarted;
    if (started) for (const c of [...this.components].reverse()) c.stop();
    this.context.runtime?.close();
    this.runner.stop();
    if (started) for (const c of [...this.core].reverse()) c.stop();
    this.clock.dispose?.();
  }
}
