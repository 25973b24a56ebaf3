/**
 * successPolicy of an Indexed Job (pkg/controller/job/success_policy.go, matchSuccessPolicy and
 * matchSucceededIndexesRule): the Job has succeeded as soon as one rule holds, even though other
 * indexes have not. Rules are read in order and the first that holds names itself in the
 * message. A rule holds when
 *   - only succeededCount is set: at least that many indexes succeeded, any of them;
 *   - only succeededIndexes is set: every index of that set succeeded;
 *   - both: at least succeededCount indexes of that set succeeded.
 */
import type { SuccessPolicy } from 'kubernetes-types/batch/v1';

/** The SuccessCriteriaMet / Complete reason when a rule, not the completion count, ended the Job (JobReasonSuccessPolicy). */
export const SUCCESS_POLICY_REASON = 'SuccessPolicy';

type Interval = readonly [first: number, last: number];

/**
 * A rule's index list as intervals, never expanded: a rule may name a billion indexes in a few
 * characters. Read as parseIndexesFromString does: malformed parts skipped, reading stops at the
 * first interval starting at or past completions, the last one cut to completions − 1.
 */
function intervalsOf(text: string, completions: number): Interval[] {
  const out: Interval[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const first = Number(m[1]);
    if (first >= completions) break;
    const last = Math.min(m[2] === undefined ? first : Number(m[2]), completions - 1);
    out.push([first, last]);
  }
  return out;
}

function within(intervals: readonly Interval[], ix: number): boolean {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid][1] < ix) lo = mid + 1;
    else hi = mid;
  }
  return lo < intervals.length && intervals[lo][0] <= ix;
}

/** The condition message naming the first rule that holds, or undefined when none does. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeededIndexes: readonly number[]): string | undefined {
  if (!policy || succeededIndexes.length === 0) return undefined;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const count = rule.succeededCount;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = intervalsOf(rule.succeededIndexes, completions);
      // A rule whose set cannot be read (validation refuses it at admission) never holds.
      if (required.length === 0) continue;
      const total = required.reduce((n, [first, last]) => n + last - first + 1, 0);
      // matchSucceededIndexesRule: how many succeeded indexes fall inside the rule's set.
      const contained = succeededIndexes.filter((ix) => within(required, ix)).length;
      if (contained === total || (count !== undefined && count !== null && contained >= count)) return `Matched rules at index ${index}`;
    } else if (count !== undefined && count !== null && succeededIndexes.length >= count) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
