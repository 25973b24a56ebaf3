/**
 * Which nodes a DaemonSet's pods belong on, and why not the others: taints the template does not
 * tolerate, a nodeSelector or required node affinity the node's labels do not satisfy. Mirrors
 * the DaemonSet controller's predicate (pkg/controller/daemon/daemon_controller.go
 * NodeShouldRunDaemonPod), including the tolerations it adds to every daemon pod
 * (pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations).
 */
import type { KubeObject } from '../../k8s/sandbox';
import type { Taint, Toleration } from '../k8s-objects';

/** Taint keys every daemon pod tolerates, whatever its template says. */
const DAEMON_TOLERATED = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/unschedulable',
]);

export interface NodeFit {
  fits: boolean;
  /** Why not, in words: "its taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated". */
  reason?: string;
  /** The template field that decides it. */
  field?: string;
}

interface PodSpecPart {
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: Requirement[] }[] } } };
}

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return v !== undefined && (r.values ?? []).includes(v);
    case 'NotIn':
      return v === undefined || !(r.values ?? []).includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(r.values?.[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(r.values?.[0]);
  }
}

const taintText = (t: Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

export function daemonNodeFit(node: KubeObject, podSpec: PodSpecPart): NodeFit {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(podSpec.nodeSelector ?? {})) {
    if (labels[k] !== v) return { fits: false, reason: `it is not labelled ${k}=${v}`, field: 'spec.template.spec.nodeSelector' };
  }
  const terms = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length && !terms.some((term) => (term.matchExpressions ?? []).every((r) => matches(r, labels)))) {
    return { fits: false, reason: 'its labels match none of the required node affinity terms', field: 'spec.template.spec.affinity.nodeAffinity' };
  }
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  for (const taint of taints) {
    if (DAEMON_TOLERATED.has(taint.key)) continue;
    if (!(podSpec.tolerations ?? []).some((t) => tolerates(t, taint))) {
      return { fits: false, reason: `its taint ${taintText(taint)} is not tolerated`, field: 'spec.template.spec.tolerations' };
    }
  }
  return { fits: true };
}
