/**
 * NamespaceController (pkg/controller/namespace, deletion/namespaced_resources_deleter.go):
 * for a namespace marked for deletion it deletes every namespaced object in it (pods
 * gracefully, dependents in the background), records the five deletion conditions, and while
 * content remains looks again after estimate/2+1 seconds, the estimate being the longest pod
 * grace period left. Once empty it removes its "kubernetes" spec finalizer, which removes
 * the namespace.
 */
import type { GroupResource, KubeObject } from '../../types';
import { ALL_KINDS } from '../../registry';
import { StatusError } from '../../errors';
import { GR } from '../framework/client';
import { Controller, type ControllerContext } from '../framework/controller';
import { failureConditions, mergeConditions, type DeletionPass, type NamespaceCondition } from './conditions';

export const NAMESPACE_FINALIZER = 'kubernetes';

/** Each stored collection once (a kind served in several versions or groups is listed once). */
const NAMESPACED: GroupResource[] = [...new Map(ALL_KINDS.filter((d) => d.namespaced).map((d) => [`${d.group}/${d.plural}`, { group: d.group, resource: d.plural }])).values()];

export class NamespaceController extends Controller {
  constructor(ctx: ControllerContext) {
    super(ctx, 'namespace');
  }

  protected setup(): void {
    this.watch(GR.namespaces, (ns) => (ns.metadata.deletionTimestamp ? ns.metadata.name! : undefined));
  }

  protected initialKeys(): string[] {
    return this.ctx.client.peekList(GR.namespaces).filter((ns) => ns.metadata.deletionTimestamp).map((ns) => ns.metadata.name!);
  }

  sync(name: string): void {
    let ns = this.ctx.client.get(GR.namespaces, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    ns = this.ensureTerminating(ns);
    if (!finalizers(ns).includes(NAMESPACE_FINALIZER)) return;

    const { pass, estimateSeconds } = this.deleteAllContent(name, Date.parse(ns.metadata.deletionTimestamp!));
    const now = this.ctx.clock.nowISO();
    const existing = ((ns.status as { conditions?: NamespaceCondition[] } | undefined)?.conditions ?? []);
    const conditions = mergeConditions(existing, failureConditions(pass, now), now);
    if (conditions) ns = this.ctx.client.updateStatus({ ...ns, status: { ...(ns.status as object), conditions } });

    const remaining = [...pass.remaining.values()].reduce((a, b) => a + b, 0);
    if (remaining > 0 || pass.deleteErrors.length > 0) {
      // ResourcesRemainingError: the controller requeues after estimate/2 + 1 seconds.
      this.queue.addAfter(name, (Math.floor(estimateSeconds / 2) + 1) * 1000);
      return;
    }
    // finalizeNamespace: with the last spec finalizer gone the API server removes the namespace.
    const next = structuredClone(ns);
    (next.spec as { finalizers?: string[] }).finalizers = finalizers(ns).filter((f) => f !== NAMESPACE_FINALIZER);
    this.ctx.client.update(next);
  }

  private ensureTerminating(ns: KubeObject): KubeObject {
    const status = (ns.status ?? {}) as { phase?: string };
    if (status.phase === 'Terminating') return ns;
    return this.ctx.client.updateStatus({ ...ns, status: { ...status, phase: 'Terminating' } });
  }

  /** deleteAllContent: one delete per object not already going, then what is left. */
  private deleteAllContent(namespace: string, deletedAtMs: number): { pass: DeletionPass; estimateSeconds: number } {
    const pass: DeletionPass = { remaining: new Map(), finalizers: new Map(), deleteErrors: [] };
    let estimate = 0;
    for (const gr of NAMESPACED) {
      for (const item of this.list(gr, namespace)) {
        if (item.metadata.deletionTimestamp) continue;
        try {
          this.ctx.client.delete(gr, namespace, item.metadata.name!, { propagation: 'Background' });
        } catch (err) {
          if (!(err instanceof StatusError && err.code === 404)) pass.deleteErrors.push(`${gr.resource}${gr.group ? '.' + gr.group : ''} "${item.metadata.name}": ${(err as Error).message}`);
        }
      }
      const left = this.list(gr, namespace);
      if (left.length === 0) continue;
      pass.remaining.set(`${gr.resource}.${gr.group}`, left.length);
      for (const item of left) {
        for (const f of item.metadata.finalizers ?? []) pass.finalizers.set(f, (pass.finalizers.get(f) ?? 0) + 1);
      }
      if (gr.group === '' && gr.resource === 'pods') estimate = Math.max(estimate, podEstimate(left, deletedAtMs, this.ctx.clock.now()));
    }
    return { pass, estimateSeconds: estimate };
  }

  private list(gr: GroupResource, namespace: string): KubeObject[] {
    try {
      return this.ctx.client.list(gr, { namespace });
    } catch {
      // A collection the store does not serve directly (an alias of another) holds nothing of its own.
      return [];
    }
  }
}

function finalizers(ns: KubeObject): string[] {
  return ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []);
}

/** estimateGracefulTerminationForPods: seconds until the slowest running pod's grace period ends. */
function podEstimate(pods: KubeObject[], deletedAtMs: number, nowMs: number): number {
  let estimate = 0;
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = (p.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
    if (grace === undefined) continue;
    const left = Math.ceil((deletedAtMs + grace * 1000 - nowMs) / 1000);
    estimate = Math.max(estimate, left);
  }
  return estimate;
}
