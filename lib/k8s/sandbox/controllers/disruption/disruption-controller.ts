/**
 * DisruptionController (pkg/controller/disruption): keeps every PodDisruptionBudget's status
 * (currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, the DisruptionAllowed
 * condition) up to date as its pods and their controllers change. The eviction subresource
 * (apiserver/eviction.ts) reads that status and records evicted pods in status.disruptedPods.
 */
import { jsonEqual } from '../../store/json-value';
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { computePdbStatus, type ScaleLookup } from './pdb-status';

export const DISRUPTION_COMPONENT = 'disruption-controller';

export class DisruptionController extends Controller {
  constructor(ctx: ControllerContext) {
    super(ctx, DISRUPTION_COMPONENT);
  }

  protected setup(): void {
    this.watch(GR.pdbs, (o) => keyOf(o));
    // Any pod or controller change in a namespace may change its budgets' counts.
    const budgetsOf = (o: KubeObject) => this.ctx.client.peekList(GR.pdbs, { namespace: o.metadata.namespace }).map(keyOf);
    this.watch(GR.pods, budgetsOf);
    this.watch(GR.replicasets, budgetsOf);
    this.watch(GR.deployments, budgetsOf);
    this.watch(GR.statefulsets, budgetsOf);
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.pdbs).map(keyOf);
  }

  /** getPodController's finders: ReplicaSet (or the Deployment above it), StatefulSet; others count no scale. */
  private scales(): ScaleLookup {
    const client = this.ctx.client;
    const replicas = (o: KubeObject | undefined) => ((o?.spec ?? {}) as { replicas?: number }).replicas ?? 1;
    return {
      controllerOf: (pod) => {
        const ns = pod.metadata.namespace;
        const ref = controllerOf(pod);
        if (!ref) return undefined;
        if (ref.kind === 'ReplicaSet') {
          const rs = client.peek(GR.replicasets, ns, ref.name);
          if (!rs || rs.metadata.uid !== ref.uid) return undefined;
          const dref = controllerOf(rs, 'Deployment');
          if (dref) {
            const d = client.peek(GR.deployments, ns, dref.name);
            if (d && d.metadata.uid === dref.uid) return { uid: dref.uid, replicas: replicas(d) };
            return undefined;
          }
          return { uid: ref.uid, replicas: replicas(rs) };
        }
        if (ref.kind === 'StatefulSet') {
          const ss = client.peek(GR.statefulsets, ns, ref.name);
          return ss && ss.metadata.uid === ref.uid ? { uid: ref.uid, replicas: replicas(ss) } : undefined;
        }
        return undefined;
      },
    };
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const pdb = this.ctx.client.get(GR.pdbs, namespace, name);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const pods = this.ctx.client.peekList(GR.pods, { namespace });
    const { status, recheckAt } = computePdbStatus(pdb, pods, this.scales(), this.ctx.clock.now(), this.ctx.clock.nowISO());
    if (recheckAt !== undefined) this.queue.addAfter(key, Math.max(0, recheckAt - this.ctx.clock.now()));
    if (jsonEqual(pdb.status ?? {}, status)) return;
    this.ctx.client.updateStatus({ ...pdb, status: status as unknown as KubeObject['status'] });
  }
}
