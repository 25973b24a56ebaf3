/**
 * Taints and tolerations as the API types define them (k8s.io/api/core/v1 toleration.go
 * ToleratesTaint, pkg/apis/core/v1/helper FindMatchingUntoleratedTaint) and the taint
 * eviction controller's tolerance window (pkg/controller/tainteviction getMinTolerationTime).
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

/** An empty effect tolerates every effect; an empty key with Exists tolerates every taint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function isTolerated(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint passing filter that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean = () => true): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !isTolerated(taint, tolerations));
}

/**
 * For NoExecute taints: whether every taint is tolerated and, if so, the tolerations used
 * (getMatchingTolerations). An untolerated taint means eviction at once.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/**
 * getMinTolerationTime: the shortest tolerationSeconds among the used tolerations, in
 * seconds; -1 when one of them tolerates forever (no tolerationSeconds) or none are used.
 * Negative seconds count as 0 (evict now).
 */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (used.length === 0) return -1;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) return -1;
    min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min;
}
