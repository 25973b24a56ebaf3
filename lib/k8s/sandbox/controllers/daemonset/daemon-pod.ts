/**
 * How a DaemonSet's pod is made from its template (pkg/controller/daemon/util/daemonset_util.go):
 * the tolerations every daemon pod gets, the labels naming its revision, and the required
 * node affinity that pins it to one node for the default scheduler to bind.
 */
import type { KubeObject } from '../../types';
import { newControllerRef, type ControllerKind } from '../framework/controller-ref-manager';
import type { Toleration } from '../nodelifecycle/tolerations';
import type { NodeSelectorTerm } from './node-affinity';

/** controllerKind (daemon_controller.go): what a daemon pod's controller reference names. */
export const DAEMONSET_KIND: ControllerKind = { apiVersion: 'apps/v1', kind: 'DaemonSet' };

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

type Obj = Record<string, unknown>;

/**
 * AddOrUpdateDaemonPodTolerations: daemon pods survive not-ready and unreachable nodes and
 * the node-pressure conditions; there is no control-plane toleration.
 */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

/**
 * AddOrUpdateTolerationInPodSpec: a toleration equal in key, operator, value and effect is
 * replaced, any other is appended.
 */
export function withDaemonTolerations(existing: readonly Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
  const out = [...(existing ?? [])].map((t) => ({ ...t }));
  for (const add of daemonTolerations(hostNetwork)) {
    const i = out.findIndex((t) => (t.key ?? '') === add.key && (t.operator ?? 'Equal') === add.operator && (t.value ?? '') === '' && (t.effect ?? '') === add.effect);
    if (i >= 0) out[i] = add;
    else out.push(add);
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes "this node only". */
export function pinnedAffinity(affinity: Obj | undefined, nodeName: string): Obj {
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const next = structuredClone(affinity ?? {});
  const nodeAffinity = (next.nodeAffinity ?? {}) as Obj;
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [term] };
  next.nodeAffinity = nodeAffinity;
  return next;
}

/** GetTargetNodeName: the bound node, or the single node the pinning affinity names. */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as { nodeName?: string; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } } };
  if (spec.nodeName) return spec.nodeName;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

export interface DaemonSetLike {
  metadata: KubeObject['metadata'];
  spec?: unknown;
}

/** The template as NewPod sees it for placement checks: with the daemon tolerations. */
export function templateSpecWithTolerations(ds: DaemonSetLike): Obj {
  const template = ((ds.spec as Obj | undefined)?.template ?? {}) as Obj;
  const spec = structuredClone((template.spec ?? {}) as Obj);
  spec.tolerations = withDaemonTolerations(spec.tolerations as Toleration[] | undefined, spec.hostNetwork === true);
  return spec;
}

/**
 * CreatePodTemplate plus the pinning affinity: the pod the controller creates for node,
 * owned by the DaemonSet and named `<ds>-xxxxx` by the store.
 */
export function daemonPodFor(ds: KubeObject, nodeName: string, hash: string): KubeObject {
  const template = ((ds.spec as Obj).template ?? {}) as { metadata?: Obj; spec?: Obj };
  const tm = (template.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = templateSpecWithTolerations(ds);
  spec.affinity = pinnedAffinity(spec.affinity as Obj | undefined, nodeName);
  const labels: Record<string, string> = { ...(tm.labels ?? {}) };
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? (ds.metadata.generation !== undefined ? String(ds.metadata.generation) : undefined);
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = generation;
  if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  const prefix = `${ds.metadata.name}-`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: prefix.length > 58 ? prefix.slice(0, 58) : prefix,
      namespace: ds.metadata.namespace,
      labels,
      ...(tm.annotations ? { annotations: { ...tm.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, DAEMONSET_KIND)],
    },
    spec,
  };
}

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export function isPodReady(pod: KubeObject): boolean {
  const conds = ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []);
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** podutil.IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const conds = ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []);
  const ready = conds.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return false;
  if (!minReadySeconds) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

export function podPhase(pod: KubeObject): string | undefined {
  return (pod.status as { phase?: string } | undefined)?.phase;
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
export function compareDaemonPods(a: KubeObject, b: KubeObject): number {
  const an = Boolean((a.spec as { nodeName?: string } | undefined)?.nodeName);
  const bn = Boolean((b.spec as { nodeName?: string } | undefined)?.nodeName);
  if (an !== bn) return an ? -1 : 1;
  const at = Date.parse(a.metadata.creationTimestamp ?? '');
  const bt = Date.parse(b.metadata.creationTimestamp ?? '');
  if (at !== bt) return at - bt;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
