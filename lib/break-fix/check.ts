/** Runs a scenario's goal check against a learner's sandbox cluster. */
import { sandboxView, type SandboxViewOptions } from '../exercises/sandbox-view';
import type { CheckResult } from '../exercises/view';
import type { Cluster } from '../k8s/sandbox';
import { GOAL_CHECKS, isGoalCheckId } from './checks';
import type { BreakFixScenario } from './definitions';

export async function checkGoal(cluster: Cluster, def: BreakFixScenario, opts: SandboxViewOptions = {}): Promise<CheckResult> {
  if (!isGoalCheckId(def.check)) return { passed: false, saw: `the scenario names no known check (${def.check})` };
  try {
    return await GOAL_CHECKS[def.check](sandboxView(cluster, opts));
  } catch (err) {
    return { passed: false, saw: `the check could not run: ${(err as Error).message}` };
  }
}
