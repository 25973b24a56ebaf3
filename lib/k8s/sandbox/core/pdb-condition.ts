/** A PodDisruptionBudget's DisruptionAllowed condition, written by the disruption controller and by an eviction (pdbhelper.UpdateDisruptionAllowedCondition). */
export interface PdbCondition {
  type: 'DisruptionAllowed';
  status: 'True' | 'False';
  reason: 'SufficientPods' | 'InsufficientPods' | 'SyncFailed';
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** UpdateDisruptionAllowedCondition; the transition time changes only with the status (apimeta.SetStatusCondition). */
export function disruptionAllowedCondition(previous: PdbCondition[] | undefined, allowed: number, observedGeneration: number | undefined, nowISO: string): PdbCondition[] {
  const status = allowed > 0 ? 'True' : 'False';
  const old = previous?.find((c) => c.type === 'DisruptionAllowed');
  const condition: PdbCondition = {
    type: 'DisruptionAllowed',
    status,
    reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    observedGeneration,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : nowISO,
  };
  return [...(previous ?? []).filter((c) => c.type !== 'DisruptionAllowed'), condition];
}
