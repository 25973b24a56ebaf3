/**
 * The orphan part of the pod garbage collector (pkg/controller/podgc gcOrphaned): pods bound
 * to a node that has been deleted have no kubelet to finish them, so once the node has been
 * gone for the quarantine time they are marked Failed with DisruptionTarget (DeletionByPodGC)
 * and removed at once. Without it a deleted node's DaemonSet or Deployment pods would stay
 * Terminating forever.
 */
import type { KubeObject } from '../../types';
import { GR } from '../framework/client';
import { Controller, type ControllerContext } from '../framework/controller';

/** quarantineTime: a node missing this long is really gone (not a watch hiccup). */
export const ORPHAN_QUARANTINE_MS = 40_000;

export class OrphanedPodCollector extends Controller {
  constructor(ctx: ControllerContext) {
    super(ctx, 'pod-garbage-collector');
  }

  protected setup(): void {
    this.watch(GR.nodes, (node, e) => {
      if (e.type === 'DELETED') this.queue.addAfter(node.metadata.name!, ORPHAN_QUARANTINE_MS);
      return undefined;
    });
  }

  protected initialKeys(): string[] {
    const nodes = new Set(this.ctx.client.list(GR.nodes).map((n) => n.metadata.name!));
    const missing = new Set<string>();
    for (const p of this.ctx.client.list(GR.pods)) {
      const node = (p.spec as { nodeName?: string }).nodeName;
      if (node && !nodes.has(node)) missing.add(node);
    }
    return [...missing];
  }

  sync(nodeName: string): void {
    if (this.ctx.client.get(GR.nodes, undefined, nodeName)) return;
    for (const pod of this.ctx.client.list(GR.pods, { fieldSelector: `spec.nodeName=${nodeName}` })) {
      if ((pod.spec as { nodeName?: string }).nodeName !== nodeName) continue;
      this.failAndDelete(pod);
    }
  }

  /** markFailedAndDeletePodWithCondition */
  private failAndDelete(pod: KubeObject): void {
    const status = (pod.status ?? {}) as { phase?: string; conditions?: { type: string }[] };
    if (status.phase !== 'Succeeded' && status.phase !== 'Failed') {
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.ctx.clock.nowISO(), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' } as never);
      this.ctx.client.updateStatus({ ...pod, status: { ...status, phase: 'Failed', conditions } });
    }
    try {
      this.ctx.client.delete(GR.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
    } catch {
      // Already gone.
    }
  }
}
