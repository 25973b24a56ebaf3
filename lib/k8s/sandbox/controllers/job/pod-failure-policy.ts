/**
 * podFailurePolicy matching (pkg/controller/job/pod_failure_policy.go): rules in order, the
 * first match wins. onExitCodes looks at terminated containers (then init containers) with a
 * non-zero exit code; onPodConditions at the pod's conditions (status defaults to True).
 */
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyMatch {
  /** Set when a FailJob rule matched: the Job's failure message. */
  failJobMessage?: string;
  /** False when an Ignore rule matched: the failure does not count toward backoffLimit. */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

function exitCodeMatches(code: number, req: PodFailurePolicyOnExitCodesRequirement): boolean {
  if (req.operator === 'In') return req.values.includes(code);
  if (req.operator === 'NotIn') return !req.values.includes(code);
  return false;
}

function matchingContainer(statuses: ContainerStatus[] | undefined, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return (statuses ?? []).find((s) => {
    const t = s.state?.terminated;
    if (!t) return false;
    if (req.containerName && req.containerName !== s.name) return false;
    return t.exitCode !== 0 && exitCodeMatches(t.exitCode, req);
  });
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = pod.metadata?.namespace;
  const name = pod.metadata?.name;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const action = rule.action as PodFailurePolicyAction;
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const c = matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ?? matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!c) continue;
      failJobMessage = `Container ${c.name} for pod ${ns}/${name} failed with exit code ${c.state!.terminated!.exitCode} matching FailJob rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((pc) => rule.onPodConditions!.some((p) => p.type === pc.type && (p.status ?? 'True') === pc.status));
      if (!cond) continue;
      failJobMessage = `Pod ${ns}/${name} has condition ${cond.type} matching FailJob rule at index ${index}`;
    } else {
      continue;
    }
    switch (action) {
      case 'Ignore':
        return { countFailed: false, action };
      case 'Count':
      case 'FailIndex':
        return { countFailed: true, action };
      case 'FailJob':
        return { failJobMessage, countFailed: true, action };
    }
  }
  return { countFailed: true };
}
