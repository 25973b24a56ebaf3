/**
 * A pod's required node placement, as nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)
 * decides it (k8s.io/component-helpers/scheduling/corev1/nodeaffinity): every nodeSelector
 * label must match exactly, and one of the required nodeSelectorTerms must match (terms are
 * ORed; expressions and fields in a term are ANDed; an empty term matches nothing).
 */
import type { KubeObject } from '../../types';

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodPlacementSpec {
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } };
}

function matchesRequirement(r: NodeSelectorRequirement, fields: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(fields, r.key);
  const v = fields[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(v);
    case 'NotIn':
      return !has || !values.includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(v, 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

export function matchesTerm(term: NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  // Only metadata.name is a supported node field (validation rejects others).
  const nodeFields = { 'metadata.name': node.metadata.name ?? '' };
  return exprs.every((r) => matchesRequirement(r, labels)) && fields.every((r) => matchesRequirement(r, nodeFields));
}

export function matchesRequiredPlacement(spec: PodPlacementSpec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => matchesTerm(t, node));
}
