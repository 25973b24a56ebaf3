/**
 * Every goal a break-and-fix scenario can name, by id (content/module-05/break-fix/*.yaml
 * refer to these; a test makes sure each id they use exists). The scenarios load into the
 * learner's namespace, which is `default` in the sandbox.
 */
import { daemonOnEveryEligibleNode } from '../exercises/checks/daemonset';
import type { Check } from '../exercises/view';
import { cronRunsEverySchedule, everyOrdinalReady, jobCompletesIgnoringExitCode, podRunningOnLabelledNode, podStartedAfterService } from './goal-checks';

const namespace = 'default';

export const GOAL_CHECKS = {
  'node-agent-on-every-node': daemonOnEveryEligibleNode({ namespace, name: 'node-agent' }, { allNodes: true }),
  'ledger-all-ready': everyOrdinalReady({ namespace, name: 'ledger' }, 3),
  'etcd-snapshot-on-control-plane': podRunningOnLabelledNode({ namespace, name: 'etcd-snapshot' }, 'node-role.kubernetes.io/control-plane'),
  'sales-report-on-schedule': cronRunsEverySchedule({ namespace, name: 'sales-report' }, 3),
  'index-rebuild-ignores-lock-exit': jobCompletesIgnoringExitCode({ namespace, name: 'index-rebuild' }, 75, 0),
  'shop-web-started': podStartedAfterService({ namespace, name: 'shop-web' }, 'orders-db'),
} satisfies Record<string, Check>;

export type GoalCheckId = keyof typeof GOAL_CHECKS;

export function isGoalCheckId(id: string): id is GoalCheckId {
  return Object.hasOwn(GOAL_CHECKS, id);
}
