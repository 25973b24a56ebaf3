/**
 * Which existing PersistentVolume a claim binds to (persistentvolume/index.go
 * findMatchingVolume / findByClaim): a volume pre-bound to the claim wins; otherwise the
 * smallest Available, unclaimed volume of the claim's class, volume mode, access modes (a
 * superset), selector and size. With delayed binding (WaitForFirstConsumer) and no node
 * chosen yet, only pre-bound volumes count: the scheduler picks the rest.
 */
import type { KubeObject } from '../../types';
import { metaSelectorMatches } from '../../store/label-selector';
import { parseQuantity } from '../../core/quantity';
import { claimClass, claimSpec, isVolumeBoundToClaim, phaseOf, volumeClass, volumeSpec, type NodeSelectorTerm } from './volume-types';

export interface MatchOptions {
  delayBinding: boolean;
  /** The node chosen for the claim's first consumer (volume.kubernetes.io/selected-node). */
  node?: KubeObject;
}

function requirementMatches(value: string | undefined, op: string, values: string[] = []): boolean {
  switch (op) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    default: return false;
  }
}

/** Whether the volume's required node affinity admits node (terms are ORed, requirements ANDed). */
export function nodeAffinityAllows(pv: KubeObject, node: KubeObject): boolean {
  const terms: NodeSelectorTerm[] = volumeSpec(pv).nodeAffinity?.required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return true;
  const labels = node.metadata.labels ?? {};
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((r) => requirementMatches(labels[r.key], r.operator, r.values))
    && (t.matchFields ?? []).every((r) => requirementMatches(r.key === 'metadata.name' ? node.metadata.name : undefined, r.operator, r.values)));
}

function storageOf(q: string | undefined): number {
  return parseQuantity(q) ?? 0;
}

export function findBestMatch(claim: KubeObject, volumes: readonly KubeObject[], opts: MatchOptions): KubeObject | undefined {
  const spec = claimSpec(claim);
  const requested = storageOf(spec.resources?.requests?.storage);
  const wantModes = spec.accessModes ?? [];
  const mode = spec.volumeMode ?? 'Filesystem';
  let best: KubeObject | undefined;
  for (const pv of volumes) {
    const vs = volumeSpec(pv);
    if ((vs.volumeMode ?? 'Filesystem') !== mode) continue;
    const size = storageOf(vs.capacity?.storage);
    const affinityOk = !opts.node || nodeAffinityAllows(pv, opts.node);
    if (isVolumeBoundToClaim(pv, claim)) {
      if (size < requested) continue;
      return affinityOk ? pv : undefined;
    }
    if (!opts.node && opts.delayBinding) continue;
    if (vs.claimRef) continue;
    if (spec.selector && !metaSelectorMatches(spec.selector, pv.metadata.labels)) continue;
    if (phaseOf(pv) !== 'Available') continue;
    if (volumeClass(pv) !== claimClass(claim)) continue;
    if (!affinityOk) continue;
    if (!wantModes.every((m) => (vs.accessModes ?? []).includes(m))) continue;
    if (size < requested) continue;
    if (!best || size < storageOf(volumeSpec(best).capacity?.storage)) best = pv;
  }
  return best;
}
