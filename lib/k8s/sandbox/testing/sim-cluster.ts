/**
 * SimCluster: a whole sandbox cluster on a ManualClock, for deterministic scenario tests.
 * Time moves only through run(ms); between timers the driver lets controllers, kubelets and
 * runtime promises settle, so a test reads like a timeline:
 *
 *   const sim = simCluster({ components: (ctx) => [new JobController(ctx)] });
 *   sim.apply(job);
 *   await sim.run(10_000);
 *   expect(sim.get(GR.jobs, 'default', 'pi').status).toMatchObject({ succeeded: 1 });
 */
import { ManualClock, runVirtualTime } from '../clock';
import { Cluster, type ClusterComponent, type ComponentContext } from '../cluster';
import { apiServerStore } from '../parts';
import * as patchEngine from '../apiserver/patch';
import { ObjectStore } from '../store/object-store';
import { seededRandom } from '../controllers/framework/names';
import { GR } from '../controllers/framework/client';
import type { GroupResource, KubeObject } from '../types';
import type { ContainerRuntime } from '../runtime/types';
import type { InternalClient } from '../apiserver/internal-client';
import type { SchemasPort } from '../apiserver/ports';
import type { ClockPort } from '../core/clock-port';
import type { LogStore } from '../logs/log-store';
import type { StorePersistence } from '../store/persistence';

export interface SimClusterOptions {
  workers?: number;
  seed?: number;
  /** Virtual start time (default 2025-01-01T00:00:00Z). */
  start?: number;
  runtime?: ContainerRuntime | ((ctx: { client: InternalClient; clock: ClockPort }) => ContainerRuntime);
  logs?: LogStore;
  components?: (ctx: ComponentContext) => ClusterComponent[];
  /**
   * Compute managedFields at every write instead of when first read: the store port then
   * does not offer deferral. Tests compare the two.
   */
  eagerManagedFields?: boolean;
  /** Where the store persists (a restart is a new SimCluster on the same persistence). */
  persistence?: StorePersistence;
  /** The generated Kubernetes schemas (OpenAPI, fieldValidation): kubectl apply validates against them. */
  schemas?: SchemasPort;
}

export class SettleTimeoutError extends Error {
  constructor(iterations: number) {
    super(`sim cluster did not settle after ${iterations} turns: a controller or container keeps itself busy without time passing`);
    this.name = 'SettleTimeoutError';
  }
}

export class SimCluster {
  readonly clock: ManualClock;
  readonly cluster: Cluster;

  constructor(opts: SimClusterOptions = {}) {
    this.clock = new ManualClock(opts.start ?? Date.UTC(2025, 0, 1));
    const random = seededRandom(opts.seed ?? 1);
    const store = new ObjectStore({ clock: this.clock, random, persistence: opts.persistence });
    this.cluster = new Cluster({
      id: 'sim',
      parts: { store: opts.eagerManagedFields ? { ...apiServerStore(store), defersManagedFields: false } : apiServerStore(store), clock: this.clock, patch: patchEngine, schemas: opts.schemas, runtime: opts.runtime, logs: opts.logs, random: seededRandom((opts.seed ?? 1) + 1), apiRandom: seededRandom((opts.seed ?? 1) + 2) },
      workers: opts.workers ?? 3,
      components: opts.components,
    });
  }

  get client() {
    return this.cluster.context.client;
  }

  /** Lets queued work and promise chains run until nothing is left to do at this instant. */
  async settle(maxTurns = 10_000): Promise<void> {
    if (!(await this.cluster.settle(maxTurns))) throw new SettleTimeoutError(maxTurns);
  }

  /** Advances virtual time by ms, firing every timer in order and settling after each. */
  async run(ms: number): Promise<void> {
    await runVirtualTime(this.clock, ms, () => this.settle());
  }

  /** Creates obj (and defaults it) as `kubectl create` would. */
  apply(obj: KubeObject): KubeObject {
    const o = structuredClone(obj);
    o.metadata.namespace ??= 'default';
    return this.client.create(o);
  }

  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.client.get(gr, namespace, name);
  }

  list(gr: GroupResource, opts: { namespace?: string; labelSelector?: string } = {}): KubeObject[] {
    return this.client.list(gr, opts);
  }

  pods(namespace = 'default', labelSelector?: string): KubeObject[] {
    return this.list(GR.pods, { namespace, labelSelector });
  }

  /** Events about obj (or all in the namespace), oldest first, as `reason: message`. */
  events(obj?: KubeObject, namespace = obj?.metadata.namespace ?? 'default'): { type: string; reason: string; message: string; count: number; source: string }[] {
    return this.list(GR.events, { namespace })
      .filter((e) => !obj || (e.involvedObject as { uid?: string }).uid === obj.metadata.uid)
      .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)))
      .map((e) => ({ type: String(e.type), reason: String(e.reason), message: String(e.message), count: Number(e.count ?? 1), source: String((e.source as { component?: string }).component ?? '') }));
  }

  close(): void {
    this.cluster.close();
  }
}

export function simCluster(opts: SimClusterOptions = {}): SimCluster {
  return new SimCluster(opts);
}
