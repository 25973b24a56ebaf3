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
import { parseIndexes } from './indexes';

/** The SuccessCriteriaMet / Complete reason when a rule, not the completion count, ended the Job (JobReasonSuccessPolicy). */
export const SUCCESS_POLICY_REASON = 'SuccessPolicy';

/** The condition message naming the first rule that holds, or undefined when none does. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeededIndexes: readonly number[]): string | undefined {
  if (!policy || succeededIndexes.length === 0) return undefined;
  const succeeded = new Set(succeededIndexes);
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      // A rule whose set cannot be read (validation refuses it at admission) never holds.
      if (required.length === 0) continue;
      const contained = required.filter((ix) => succeeded.has(ix)).length;
      const count = rule.succeededCount;
      if (contained === required.length || (count !== undefined && count !== null && contained >= count)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && succeeded.size >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
