/**
 * maxSurge and maxUnavailable as numbers of pods (pkg/controller/deployment/util
 * ResolveFenceposts, MaxSurge, MaxUnavailable; intstr.GetScaledValueFromIntOrPercent):
 * a percentage of spec.replicas, surge rounded up and unavailability down; when both come
 * to 0, maxUnavailable becomes 1 so a rollout can always make progress.
 */
import type { KubeObject } from '../../types';
import { specOf, type IntOrString } from './deployment-types';

export class InvalidIntOrPercentError extends Error {
  constructor(readonly value: IntOrString) {
    super(`invalid value for IntOrString: invalid type: string is not a percentage: ${JSON.stringify(value)}`);
    this.name = 'InvalidIntOrPercentError';
  }
}

export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) {
    // A bare number in a string is accepted by intstr too.
    if (/^\d+$/.test(value)) return Number(value);
    throw new InvalidIntOrPercentError(value);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (specOf(d).strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(d: KubeObject): { surge: number; unavailable: number } {
  const spec = specOf(d);
  return resolveFenceposts(spec.strategy?.rollingUpdate?.maxSurge, spec.strategy?.rollingUpdate?.maxUnavailable, spec.replicas ?? 1);
}

export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** Never more than spec.replicas; 0 for Recreate or zero replicas. */
export function maxUnavailable(d: KubeObject): number {
  const replicas = specOf(d).replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicas);
}
