/**
 * DaemonSetController (pkg/controller/daemon): one pod per eligible node. Each sync reads
 * the DaemonSet, its ControllerRevisions, its pods and all nodes, then
 *  1. manage(): creates pods on eligible nodes without one, kills failed pods (with backoff),
 *     extra pods and pods on nodes that no longer qualify;
 *  2. the RollingUpdate strategy replaces old-revision pods within maxUnavailable/maxSurge
 *     (OnDelete leaves them until the user deletes them);
 *  3. prunes old ControllerRevisions and writes status once.
 * Pods are not bound here: a required node affinity pins each to its node for the scheduler.
 */
import type { KubeObject } from '../../types';
import { metaSelectorMatches, type MetaLabelSelector } from '../../store/label-selector';
import { GR } from '../framework/client';
import { Controller, controllerOf, keyOf, splitKey, type ControllerContext } from '../framework/controller';
import { claimObjects } from '../framework/controller-ref-manager';
import type { EventRecorder } from '../framework/events';
import { REVISION_HASH_LABEL, syncRevisions, truncateHistory } from '../history/revisions';
import { compareDaemonPods, CONTROLLER_REVISION_HASH_LABEL, daemonPodFor, isPodAvailable, isPodReady, podPhase, targetNodeName, TEMPLATE_GENERATION_ANNOTATION } from './daemon-pod';
import { FailedPodBackoff } from './failed-pod-backoff';
import { nodeShouldRunDaemonPod } from './placement';
import { planRollingUpdate, rollingLimits, type EligibleNode } from './rolling-update';
import { countStatus } from './status';

export const DAEMONSET_CONTROLLER = 'daemonset-controller';

interface DaemonSetSpec {
  selector?: MetaLabelSelector;
  template?: { metadata?: { labels?: Record<string, string> } };
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

/** What one manage() or rolling-update step decided. */
interface NodeActions {
  createOnNodes: string[];
  deletePods: string[];
}

export class DaemonSetController extends Controller {
  private readonly recorder: EventRecorder;
  private readonly backoff = new FailedPodBackoff();

  constructor(ctx: ControllerContext) {
    super(ctx, DAEMONSET_CONTROLLER);
    this.recorder = ctx.recorder(DAEMONSET_CONTROLLER);
  }

  protected setup(): void {
    this.watch(GR.daemonsets, (ds) => keyOf(ds));
    this.watch(GR.pods, (pod) => this.keysForPod(pod));
    // Any node change may change where every DaemonSet should run.
    this.watch(GR.nodes, () => this.allKeys());
  }

  protected initialKeys(): string[] {
    return this.allKeys();
  }

  private allKeys(): string[] {
    return this.ctx.client.peekList(GR.daemonsets).map(keyOf);
  }

  private keysForPod(pod: KubeObject): string[] {
    const owner = controllerOf(pod);
    if (owner) return owner.kind === 'DaemonSet' ? [`${pod.metadata.namespace}/${owner.name}`] : [];
    // An orphan may be adopted by any DaemonSet that selects it.
    return this.ctx.client.peekList(GR.daemonsets, { namespace: pod.metadata.namespace })
      .filter((ds) => metaSelectorMatches((ds.spec as DaemonSetSpec).selector, pod.metadata.labels))
      .map(keyOf);
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    // The stored DaemonSet (frozen): the sync only reads it (ensureTemplateGeneration writes from
    // a copy). A copy (get) finished its deferred managedFields too, at every change of one of its pods.
    let ds = this.ctx.client.peek(GR.daemonsets, namespace, name);
    if (!ds) return;
    const spec = ds.spec as DaemonSetSpec;
    const sel = spec.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) {
      this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    if (ds.metadata.deletionTimestamp) return;
    ds = this.ensureTemplateGeneration(ds);

    // The store's frozen versions (peekList), sorted in a copy of the list: nothing here writes to a node.
    const nodes = [...this.ctx.client.peekList(GR.nodes)].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const revisions = syncRevisions(this.ctx.client, ds, { ...(spec.template?.metadata?.labels ?? {}) });
    const hash = revisions.update.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
    const pods = this.claimPods(ds);
    const byNode = groupByNode(pods);

    const managed = this.manage(ds, nodes, byNode, hash);
    let acted = this.apply(ds, managed, hash);
    // Upstream waits for manage()'s creates and deletes to be observed (expectations)
    // before rolling; a write here re-triggers the sync through the watch.
    if (!acted && (spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      acted = this.apply(ds, this.rollingUpdate(ds, nodes, byNode, hash), hash);
    }

    const inUse = new Set<string>();
    for (const p of pods) {
      const h = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      const rev = revisions.revisions.find((r) => r.metadata.labels?.[REVISION_HASH_LABEL] === h);
      if (rev) inUse.add(rev.metadata.name!);
    }
    truncateHistory(this.ctx.client, revisions, spec.revisionHistoryLimit ?? 10, inUse);
    this.updateStatus(key, ds, nodes, acted ? groupByNode(this.claimPods(ds)) : byNode, hash);
  }

  /** The API server keeps this annotation in step with template changes; we mirror generation. */
  private ensureTemplateGeneration(ds: KubeObject): KubeObject {
    const want = String(ds.metadata.generation ?? 1);
    if (ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] === want) return ds;
    const next = structuredClone(ds);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: want };
    return this.ctx.client.update(next);
  }

  /** ClaimPods: owned pods that still match, plus matching orphans (adopted); non-matching ones are released. */
  private claimPods(ds: KubeObject): KubeObject[] {
    const selector = (ds.spec as DaemonSetSpec).selector;
    // claimObjects only reads its candidates (adopt and release re-read with get), so the
    // store's frozen versions do: a deep copy of every pod in the namespace per sync was the
    // largest sandbox item of a class pressing Apply together (scripts/bench/apply-path.ts).
    const pods = this.ctx.client.peekList(GR.pods, { namespace: ds.metadata.namespace });
    return claimObjects({ client: this.ctx.client, gr: GR.pods, owner: ds, match: (pod) => metaSelectorMatches(selector, pod.metadata.labels) }, pods);
  }

  /** manage() and podsShouldBeOnNode(): what each node needs. */
  private manage(ds: KubeObject, nodes: KubeObject[], byNode: Map<string, KubeObject[]>, hash: string): NodeActions {
    const actions: NodeActions = { createOnNodes: [], deletePods: [] };
    const surge = this.allowsSurge(ds, nodes);
    const minReady = (ds.spec as DaemonSetSpec).minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    for (const node of nodes) {
      const nodeName = node.metadata.name!;
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      const daemonPods = byNode.get(nodeName) ?? [];
      if (shouldRun && daemonPods.length === 0) {
        actions.createOnNodes.push(nodeName);
        continue;
      }
      if (!shouldContinueRunning) {
        for (const p of daemonPods) if (!p.metadata.deletionTimestamp) actions.deletePods.push(p.metadata.name!);
        continue;
      }
      const running: KubeObject[] = [];
      for (const p of daemonPods) {
        if (p.metadata.deletionTimestamp) continue;
        const phase = podPhase(p);
        if (phase === 'Failed') {
          const backoffKey = `${ds.metadata.uid}/${nodeName}`;
          const wait = this.backoff.remaining(backoffKey, now);
          if (wait > 0) {
            this.queue.addAfter(keyOf(ds), wait);
            continue;
          }
          this.backoff.next(backoffKey, now);
          this.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${nodeName}, will try to kill it`);
          actions.deletePods.push(p.metadata.name!);
        } else if (phase === 'Succeeded') {
          actions.deletePods.push(p.metadata.name!);
        } else {
          running.push(p);
        }
      }
      if (running.length <= 1) continue;
      running.sort(compareDaemonPods);
      if (!surge) {
        // More than one pod on a node: keep the oldest.
        for (const p of running.slice(1)) actions.deletePods.push(p.metadata.name!);
        continue;
      }
      // With surge a node may hold one old and one new pod while the new one becomes available.
      let oldestNew: KubeObject | undefined;
      let oldestOld: KubeObject | undefined;
      for (const p of running) {
        const isNew = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;
        if (isNew && !oldestNew) oldestNew = p;
        else if (!isNew && !oldestOld) oldestOld = p;
        else actions.deletePods.push(p.metadata.name!);
      }
      if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, now))) {
        actions.deletePods.push(oldestOld.metadata.name!);
      }
    }
    // getUnscheduledPodsWithoutNode: pods waiting for a node that no longer exists.
    const names = new Set(nodes.map((n) => n.metadata.name!));
    for (const [nodeName, pods] of byNode) {
      if (names.has(nodeName)) continue;
      for (const p of pods) if (!(p.spec as { nodeName?: string }).nodeName && !p.metadata.deletionTimestamp) actions.deletePods.push(p.metadata.name!);
    }
    return actions;
  }

  private allowsSurge(ds: KubeObject, nodes: KubeObject[]): boolean {
    const spec = ds.spec as DaemonSetSpec;
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
    return rollingLimits(spec.updateStrategy?.rollingUpdate, desired).maxSurge > 0;
  }

  private rollingUpdate(ds: KubeObject, nodes: KubeObject[], byNode: Map<string, KubeObject[]>, hash: string): NodeActions {
    const spec = ds.spec as DaemonSetSpec;
    const eligible: EligibleNode[] = nodes
      .filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun)
      .map((n) => ({ name: n.metadata.name!, pods: (byNode.get(n.metadata.name!) ?? []).filter((p) => !p.metadata.deletionTimestamp) }));
    const { maxUnavailable, maxSurge } = rollingLimits(spec.updateStrategy?.rollingUpdate, eligible.length);
    const plan = planRollingUpdate({ nodes: eligible, hash, maxUnavailable, maxSurge, minReadySeconds: spec.minReadySeconds ?? 0, nowMs: this.ctx.clock.now() });
    return { createOnNodes: plan.createOnNodes, deletePods: plan.deletePods };
  }

  /** syncNodes: creates in slow-start batches (1, 2, 4, …; a failed batch stops the rest), then deletes. */
  private apply(ds: KubeObject, actions: NodeActions, hash: string): boolean {
    let acted = false;
    let batch = 1;
    let i = 0;
    create: while (i < actions.createOnNodes.length) {
      for (const nodeName of actions.createOnNodes.slice(i, i + batch)) {
        try {
          const pod = this.ctx.client.create(daemonPodFor(ds, nodeName, hash));
          acted = true;
          this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        } catch (err) {
          this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
          break create;
        }
      }
      i += batch;
      batch *= 2;
    }
    for (const podName of new Set(actions.deletePods)) {
      try {
        this.ctx.client.delete(GR.pods, ds.metadata.namespace, podName);
        acted = true;
        this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${podName}`);
      } catch (err) {
        this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
      }
    }
    return acted;
  }

  private updateStatus(key: string, ds: KubeObject, nodes: KubeObject[], byNode: Map<string, KubeObject[]>, hash: string): void {
    const spec = ds.spec as DaemonSetSpec;
    const minReady = spec.minReadySeconds ?? 0;
    const counted = nodes.map((n) => ({
      shouldRun: nodeShouldRunDaemonPod(n, ds).shouldRun,
      // Terminal pods already being deleted no longer count (getNodesToDaemonPods(…, false)).
      pods: (byNode.get(n.metadata.name!) ?? []).filter((p) => !(p.metadata.deletionTimestamp && ['Succeeded', 'Failed'].includes(podPhase(p) ?? ''))),
    }));
    const counts = countStatus(counted, hash, ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION], minReady, this.ctx.clock.now());
    const live = this.ctx.client.peek(GR.daemonsets, ds.metadata.namespace, ds.metadata.name!);
    if (!live) return;
    const status = { ...((live.status ?? {}) as Record<string, unknown>), ...counts, observedGeneration: live.metadata.generation };
    if (JSON.stringify(status) !== JSON.stringify(live.status ?? {})) this.ctx.client.updateStatus({ ...live, status });
    // Pods become available minReadySeconds after turning Ready: look again then.
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) this.queue.addAfter(key, minReady * 1000);
  }
}

/** getNodesToDaemonPods: pods by the node they run on or are pinned to. */
function groupByNode(pods: KubeObject[]): Map<string, KubeObject[]> {
  const m = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const node = targetNodeName(p);
    if (!node) continue;
    const list = m.get(node) ?? [];
    list.push(p);
    m.set(node, list);
  }
  return m;
}
