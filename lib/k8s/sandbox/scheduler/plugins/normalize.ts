/** Score normalisation helpers (pkg/scheduler/framework/plugins/helper/normalize_score.go). */
import { MAX_NODE_SCORE } from '../types';

/**
 * DefaultNormalizeScore: scales to 0..100 by the highest score (integer division); reverse
 * flips it so fewer is better. All zero gives 0, or 100 when reversed.
 */
export function normalizeByMax(scores: number[], reverse = false): number[] {
  const max = Math.max(0, ...scores);
  if (max === 0) return scores.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return scores.map((s) => {
    const n = Math.trunc((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - n : n;
  });
}
